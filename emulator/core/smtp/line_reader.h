// LineReader: splits SMTP command input into lines without ever holding more than a limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {

class LineReader {
 public:
  // LineReader accepts lines of at most `max_line_bytes` octets including the line end
  // (RFC 5321 4.5.3.1.4 counts the CRLF in its 512).
  explicit LineReader(std::size_t max_line_bytes);

  struct Result {
    std::size_t consumed = 0;         // bytes of the input taken, always > 0 for non-empty input
    std::optional<std::string> line;  // a complete line, without its LF and without a final CR
    bool too_long = false;            // the current line just passed the limit
  };

  // Feed takes bytes up to and including the first LF, or all of `input` when it has none.
  // It returns a line when one is complete. When a line passes the limit it reports
  // too_long once, as soon as that happens (so a peer that never sends LF still gets an
  // answer), forgets what it held, and discards everything up to the next LF.
  // A bare LF ends a line as well as CRLF does: Exchange is tolerant here (not from a 2007
  // capture), and the smuggling question only matters inside DATA.
  Result Feed(ByteView input);

  // Reset forgets any partial line (used when STARTTLS discards the rest of the input).
  void Reset();

 private:
  std::size_t max_line_bytes_;
  std::string line_;
  bool discarding_ = false;
};

}  // namespace schannel_emu
