// Byte containers and a bounds-checked reader for wire formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace schannel_emu {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// ByteReader walks a byte range front to back. Every read either succeeds and
// advances, or fails (returns nullopt / false) and leaves the position as it
// was, so a parser can report exactly where the input stopped making sense.
class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}

  std::size_t remaining() const { return data_.size() - offset_; }
  std::size_t offset() const { return offset_; }
  bool empty() const { return remaining() == 0; }

  // The readers are defined inline below: a parser calls them once per field of
  // every hello, and an out-of-line call per two-byte suite code was a large share
  // of parsing time.
  std::optional<std::uint8_t> U8();
  std::optional<std::uint16_t> U16();
  std::optional<std::uint32_t> U24();
  std::optional<std::uint32_t> U32();
  // Take returns the next `count` bytes as a view into the original buffer.
  std::optional<ByteView> Take(std::size_t count);
  // Vector8/16/24 read a length prefix of that width and then that many bytes.
  std::optional<ByteView> Vector8();
  std::optional<ByteView> Vector16();
  std::optional<ByteView> Vector24();
  ByteView Rest();

 private:
  ByteView data_;
  std::size_t offset_ = 0;
};

inline std::optional<std::uint8_t> ByteReader::U8() {
  if (remaining() < 1) return std::nullopt;
  return data_[offset_++];
}

inline std::optional<std::uint16_t> ByteReader::U16() {
  if (remaining() < 2) return std::nullopt;
  const auto value = static_cast<std::uint16_t>((data_[offset_] << 8) | data_[offset_ + 1]);
  offset_ += 2;
  return value;
}

inline std::optional<std::uint32_t> ByteReader::U24() {
  if (remaining() < 3) return std::nullopt;
  const std::uint32_t value = (std::uint32_t{data_[offset_]} << 16) |
                              (std::uint32_t{data_[offset_ + 1]} << 8) | data_[offset_ + 2];
  offset_ += 3;
  return value;
}

inline std::optional<std::uint32_t> ByteReader::U32() {
  if (remaining() < 4) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | data_[offset_ + i];
  offset_ += 4;
  return value;
}

inline std::optional<ByteView> ByteReader::Take(std::size_t count) {
  if (remaining() < count) return std::nullopt;
  const ByteView view = data_.subspan(offset_, count);
  offset_ += count;
  return view;
}

inline std::optional<ByteView> ByteReader::Vector8() {
  const std::size_t start = offset_;
  const auto length = U8();
  if (!length) return std::nullopt;
  auto body = Take(*length);
  if (!body) offset_ = start;
  return body;
}

inline std::optional<ByteView> ByteReader::Vector16() {
  const std::size_t start = offset_;
  const auto length = U16();
  if (!length) return std::nullopt;
  auto body = Take(*length);
  if (!body) offset_ = start;
  return body;
}

inline std::optional<ByteView> ByteReader::Vector24() {
  const std::size_t start = offset_;
  const auto length = U24();
  if (!length) return std::nullopt;
  auto body = Take(*length);
  if (!body) offset_ = start;
  return body;
}

inline ByteView ByteReader::Rest() {
  const ByteView view = data_.subspan(offset_);
  offset_ = data_.size();
  return view;
}

// Big-endian appenders for building wire messages.
void AppendU8(Bytes& out, std::uint8_t value);
void AppendU16(Bytes& out, std::uint16_t value);
void AppendU24(Bytes& out, std::uint32_t value);
void AppendU32(Bytes& out, std::uint32_t value);
void Append(Bytes& out, ByteView data);
// AppendVector8/16/24 write a length prefix of that width, then the data. The
// caller guarantees the data fits the prefix.
void AppendVector8(Bytes& out, ByteView data);
void AppendVector16(Bytes& out, ByteView data);
void AppendVector24(Bytes& out, ByteView data);

// ToHex renders bytes as lowercase hex without separators.
std::string ToHex(ByteView data);
// FromHex parses an even-length string of hex digits (no separators); nullopt otherwise.
std::optional<Bytes> FromHex(std::string_view hex);

inline ByteView AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::string_view AsText(ByteView data) {
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

}  // namespace schannel_emu
