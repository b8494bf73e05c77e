#include "emulator/core/smtp/line_reader.h"

#include <algorithm>

namespace schannel_emu {

LineReader::LineReader(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

LineReader::Result LineReader::Feed(ByteView input) {
  Result result;
  const auto newline = std::find(input.begin(), input.end(), std::uint8_t{'\n'});
  const bool complete = newline != input.end();
  const auto body_end = newline;
  result.consumed = static_cast<std::size_t>(newline - input.begin()) + (complete ? 1 : 0);

  if (discarding_) {
    if (complete) discarding_ = false;
    return result;
  }

  // The line end takes one octet (LF) of the budget; a CR before it is part of line_.
  const std::size_t room =
      max_line_bytes_ > line_.size() + 1 ? max_line_bytes_ - line_.size() - 1 : 0;
  const auto piece = static_cast<std::size_t>(body_end - input.begin());
  if (piece > room) {
    line_.clear();
    result.too_long = true;
    discarding_ = !complete;
    return result;
  }

  line_.append(AsText(input.first(piece)));
  if (!complete) return result;

  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  result.line = std::move(line_);
  line_.clear();
  return result;
}

void LineReader::Reset() {
  line_.clear();
  discarding_ = false;
}

}  // namespace schannel_emu
