// `schannel-emu serve`: parse the options, set the server up and run it until a signal.
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace schannel_emu {

// RunServe returns the process exit code: 0 after a clean stop, 2 for bad options,
// 1 when the server cannot start (the message says why and what to do).
int RunServe(std::span<const std::string> args, std::ostream& log);

}  // namespace schannel_emu
