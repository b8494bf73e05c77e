// Parsers for SMTP command lines and their arguments. They only read text; what a
// command means for the session is smtp_server's business.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schannel_emu {

struct CommandLine {
  std::string verb;      // upper-cased ("MAIL"), so lookups ignore the client's case
  std::string argument;  // everything after the first run of spaces, trailing spaces removed
};

// SplitCommand separates the verb from its argument. It never fails: an empty line gives
// an empty verb, which no command matches.
CommandLine SplitCommand(std::string_view line);

struct PathArgument {
  std::string address;  // between the angle brackets; empty for the null sender "<>"
  // ESMTP parameters in the order given, keyword upper-cased; value empty for "KEY".
  std::vector<std::pair<std::string, std::string>> parameters;
};

// ParsePathArgument reads "<keyword>:<path> [params]" as MAIL ("FROM") and RCPT ("TO")
// carry it. The keyword is case-insensitive and spaces after the colon are tolerated, as
// Exchange tolerates them. A path without angle brackets is taken up to the first space
// (Exchange accepts that too; not from a 2007 capture). Returns nullopt for anything else:
// missing keyword or colon, unclosed bracket, spaces or control characters in the address,
// a parameter with an empty keyword.
std::optional<PathArgument> ParsePathArgument(std::string_view argument, std::string_view keyword);

struct BdatArgument {
  std::uint64_t size = 0;
  bool last = false;
};

// ParseBdatArgument reads "<size> [LAST]" (RFC 3030); nullopt when the size is missing,
// not all digits, larger than 2^64-1, or followed by anything but LAST.
std::optional<BdatArgument> ParseBdatArgument(std::string_view argument);

// ParseDecimal reads a run of ASCII digits; nullopt when empty, not digits, or too large.
std::optional<std::uint64_t> ParseDecimal(std::string_view text);

// ToUpperAscii upper-cases ASCII letters and leaves every other byte as it is.
std::string ToUpperAscii(std::string_view text);

}  // namespace schannel_emu
