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

  std::optional<std::uint8_t> U8();
  std::optional<std::uint16_t> U16();
  std::optional<std::uint32_t> U24();
  std::optional<std::uint32_t> U32();
  // Bytes returns the next `count` bytes as a view into the original buffer.
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
