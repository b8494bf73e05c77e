// MessageBuffer: collects one message's content and enforces the connector's size limits.
#pragma once

#include <cstddef>
#include <cstdint>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {

// MessageOverflow: which limit a message passed first.
enum class MessageOverflow {
  kNone,
  kHeader,   // MaxHeaderSize: no empty line within the first max_header_bytes octets
  kMessage,  // MaxMessageSize
};

class MessageBuffer {
 public:
  MessageBuffer(std::size_t max_message_bytes, std::size_t max_header_bytes);

  // Append adds content octets. Once a limit is passed the buffer frees what it holds and
  // only counts from then on, so a peer that sends far more than the limit costs no memory
  // (Exchange answers 552 only after the end of data, so the data must still be read).
  void Append(ByteView data);
  void Append(std::uint8_t byte) { Append(ByteView(&byte, 1)); }

  // Reset empties the buffer for the next message.
  void Reset();

  std::uint64_t size() const { return size_; }  // every octet appended, stored or not
  MessageOverflow overflow() const { return overflow_; }
  // content is the message when overflow() is kNone, and empty otherwise.
  const Bytes& content() const { return content_; }

 private:
  void TrackHeaderEnd(std::uint8_t byte);

  std::size_t max_message_bytes_;
  std::size_t max_header_bytes_;
  Bytes content_;
  std::uint64_t size_ = 0;
  MessageOverflow overflow_ = MessageOverflow::kNone;
  // The header ends at the first empty line (RFC 5322): CRLF CRLF, or a CRLF at the very
  // start. A simplification: a MIME parser would also end it at the first line that is not
  // a header field; a message without an empty line is counted as all header.
  bool header_done_ = false;
  std::uint32_t last_four_ = 0;  // the last four octets, newest in the low byte
};

}  // namespace schannel_emu
