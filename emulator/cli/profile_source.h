// ResolveProfile: a --profile argument (a built-in name or a JSON file) as a Profile.
#pragma once

#include <string>

#include "emulator/core/base/expected.h"
#include "emulator/core/profile/profile.h"

namespace schannel_emu {

// ResolveProfile looks `name_or_path` up among the built-ins first, then reads it as a
// JSON file. The error lists the built-in names when neither fits.
Expected<Profile, std::string> ResolveProfile(const std::string& name_or_path);

}  // namespace schannel_emu
