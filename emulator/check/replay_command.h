// `schannel-emu replay`: send a sender's recorded ClientHello to a live SMTP server after
// STARTTLS and report what the server did.
#pragma once

#include <istream>
#include <ostream>
#include <span>
#include <string>

namespace schannel_emu {

// RunReplay runs the command with `args` (everything after "replay"):
// --to HOST:PORT INPUT [--timeout S] [--ehlo NAME] [--format F]. Inputs that carry
// the hello's bytes are sent byte-exact; suite lists and dissections become a
// TLS 1.0-record hello with those suites. Returns 0 when the server answered with
// a ServerHello, 1 for any other answer (alert, close, reset, silence), 2 for a
// usage, input or connection error (one line on `err`).
int RunReplay(std::span<const std::string> args, std::istream& in, std::ostream& out,
              std::ostream& err);

std::string ReplayHelpText();

}  // namespace schannel_emu
