// `schannel-emu check`: judge a sender's ClientHello from whatever the administrator has.
#pragma once

#include <istream>
#include <ostream>
#include <span>
#include <string>

namespace schannel_emu {

// RunCheck runs the command with `args` (everything after "check"). It reads the
// input file named in args, or `in` for "-" or no file. The report goes to `out`
// (text, or JSON with --json; --html FILE also writes a page), problems to `err`.
// Returns 0 when the first judged profile accepts every hello, 1 when it rejects
// one, 2 for a usage or input error (one line on `err` saying what to do).
int RunCheck(std::span<const std::string> args, std::istream& in, std::ostream& out,
             std::ostream& err);

// CheckHelpText is the --help text.
std::string CheckHelpText();

}  // namespace schannel_emu
