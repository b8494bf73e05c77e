#include "emulator/core/smtp/message_buffer.h"

namespace schannel_emu {
namespace {

constexpr std::uint32_t kCrlfCrlf = 0x0d0a0d0a;
constexpr std::uint32_t kCrlf = 0x0d0a;

}  // namespace

MessageBuffer::MessageBuffer(std::size_t max_message_bytes, std::size_t max_header_bytes)
    : max_message_bytes_(max_message_bytes), max_header_bytes_(max_header_bytes) {}

void MessageBuffer::Append(ByteView data) {
  for (const std::uint8_t byte : data) {
    ++size_;
    if (!header_done_) TrackHeaderEnd(byte);
    if (overflow_ != MessageOverflow::kNone) continue;

    if (!header_done_ && size_ > max_header_bytes_) {
      overflow_ = MessageOverflow::kHeader;
    } else if (size_ > max_message_bytes_) {
      overflow_ = MessageOverflow::kMessage;
    }
    if (overflow_ != MessageOverflow::kNone) {
      Bytes().swap(content_);
      continue;
    }
    content_.push_back(byte);
  }
}

void MessageBuffer::TrackHeaderEnd(std::uint8_t byte) {
  last_four_ = (last_four_ << 8) | byte;
  if (last_four_ == kCrlfCrlf || (size_ == 2 && (last_four_ & 0xffff) == kCrlf)) {
    header_done_ = true;
  }
}

void MessageBuffer::Reset() {
  Bytes().swap(content_);
  size_ = 0;
  overflow_ = MessageOverflow::kNone;
  header_done_ = false;
  last_four_ = 0;
}

}  // namespace schannel_emu
