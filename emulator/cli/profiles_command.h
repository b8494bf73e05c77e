// `schannel-emu profiles [NAME|FILE]`: list the built-in profiles, or print one as JSON.
#pragma once

#include <ostream>
#include <span>
#include <string>

namespace schannel_emu {

int RunProfiles(std::span<const std::string> args, std::ostream& out, std::ostream& err);

}  // namespace schannel_emu
