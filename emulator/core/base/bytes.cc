#include "emulator/core/base/bytes.h"

namespace schannel_emu {

void AppendU8(Bytes& out, std::uint8_t value) { out.push_back(value); }

void AppendU16(Bytes& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value));
}

void AppendU24(Bytes& out, std::uint32_t value) {
  out.push_back(static_cast<std::uint8_t>(value >> 16));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
  out.push_back(static_cast<std::uint8_t>(value));
}

void AppendU32(Bytes& out, std::uint32_t value) {
  AppendU16(out, static_cast<std::uint16_t>(value >> 16));
  AppendU16(out, static_cast<std::uint16_t>(value));
}

void Append(Bytes& out, ByteView data) { out.insert(out.end(), data.begin(), data.end()); }

void AppendVector8(Bytes& out, ByteView data) {
  AppendU8(out, static_cast<std::uint8_t>(data.size()));
  Append(out, data);
}

void AppendVector16(Bytes& out, ByteView data) {
  AppendU16(out, static_cast<std::uint16_t>(data.size()));
  Append(out, data);
}

void AppendVector24(Bytes& out, ByteView data) {
  AppendU24(out, static_cast<std::uint32_t>(data.size()));
  Append(out, data);
}

std::string ToHex(ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(data.size() * 2);
  for (const std::uint8_t byte : data) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

namespace {
int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<Bytes> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  Bytes bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = HexDigitValue(hex[i]);
    const int low = HexDigitValue(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<std::uint8_t>((high << 4) | low));
  }
  return bytes;
}

}  // namespace schannel_emu
