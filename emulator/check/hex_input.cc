#include "emulator/check/hex_input.h"

#include <cctype>

#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsSeparator(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0 || c == ':' || c == ',' || c == ';' ||
         c == '-' || c == '"' || c == '\'' || c == '{' || c == '}' || c == '[' || c == ']';
}

std::string HelloErrorText(HelloError error) {
  return std::string(DescribeHelloError(error)) + " (" + std::string(HelloErrorName(error)) + ")";
}

}  // namespace

Expected<Bytes, std::string> NormalizeHex(std::string_view text) {
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsSeparator(c)) continue;

    // "0x" and "\x" prefixes mark a byte or a group; they carry no digits.
    const bool has_next = i + 1 < text.size();
    if (has_next && (c == '0' || c == '\\') && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
      ++i;
      continue;
    }
    if (HexValue(c) < 0) {
      return Unexpected{"the hex input has a character that is not a hex digit: '" +
                        std::string(1, c) + "' at offset " + std::to_string(i) +
                        "; paste only the hex bytes"};
    }
    digits.push_back(c);
  }
  if (digits.empty()) {
    return Unexpected{std::string("the hex input holds no hex digits")};
  }
  if (digits.size() % 2 != 0) {
    return Unexpected{"the hex input has an odd number of digits (" +
                      std::to_string(digits.size()) +
                      "): a byte is cut in half; check the start and end of the paste"};
  }
  Bytes bytes;
  bytes.reserve(digits.size() / 2);
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    bytes.push_back(static_cast<std::uint8_t>(HexValue(digits[i]) * 16 + HexValue(digits[i + 1])));
  }
  return bytes;
}

Expected<CheckInput, std::string> ReadHelloBytes(const Bytes& bytes) {
  CheckInput input;

  // A TLS record starts with content type 22 and major version 3; an SSLv2
  // hello has the high bit of its 2-byte length set.
  if ((bytes.size() >= 3 && bytes[0] == static_cast<std::uint8_t>(ContentType::kHandshake) &&
       bytes[1] == 3) ||
      LooksLikeSsl2Hello(bytes)) {
    auto hello = ReadClientHello(bytes);
    if (!hello) {
      return Unexpected{"the hex looks like a TLS record but is not a readable ClientHello: " +
                        HelloErrorText(hello.error())};
    }
    input.format = "hex-record";
    input.hello = std::move(hello.value());
    input.wire = bytes;
    return input;
  }

  if (bytes.size() >= 4 && bytes[0] == static_cast<std::uint8_t>(HandshakeType::kClientHello)) {
    const std::size_t declared = static_cast<std::size_t>(bytes[1]) << 16 |
                                 static_cast<std::size_t>(bytes[2]) << 8 | bytes[3];
    if (declared + 4 == bytes.size()) {
      auto hello = ParseClientHelloMessage(bytes);
      if (!hello) {
        return Unexpected{"the hex looks like a ClientHello message but does not parse: " +
                          HelloErrorText(hello.error())};
      }
      input.format = "hex-handshake";
      input.hello = std::move(hello.value());
      input.hello.record_version = kTls10;
      input.hello.record_count = 1;
      input.wire = HelloRecordBytes(input.hello);
      input.notes.push_back(
          "the hex is a handshake message without its record header; judged as if sent in "
          "one TLS 1.0 record");
      return input;
    }
  }

  if (bytes.size() % 2 != 0) {
    return Unexpected{"the hex is not a TLS record or a handshake message, and its " +
                      std::to_string(bytes.size()) +
                      " bytes are an odd count, so it is not a list of 2-byte suite codes "
                      "either"};
  }
  std::vector<std::uint16_t> suites;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    suites.push_back(static_cast<std::uint16_t>(bytes[i] << 8 | bytes[i + 1]));
  }
  input.format = "hex-suites";
  input.hello = HelloFromSuites(suites, kTls12);
  input.notes.push_back(
      "the hex is neither a TLS record nor a handshake message; read as a bare list of " +
      std::to_string(suites.size()) + " suite codes in a TLS 1.2 hello (assumed)");
  return input;
}

Expected<CheckInput, std::string> ReadHexHello(std::string_view text) {
  auto bytes = NormalizeHex(text);
  if (!bytes) return Unexpected{bytes.error()};
  return ReadHelloBytes(bytes.value());
}

}  // namespace schannel_emu
