// Profiles to and from JSON, so they can be printed, stored, edited and diffed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "emulator/core/base/expected.h"
#include "emulator/core/profile/profile.h"

namespace schannel_emu {

// ProfileToJson writes every field, suites as "0x0004" strings with their
// OpenSSL names alongside, so a printed profile reads and diffs well.
nlohmann::ordered_json ProfileToJson(const Profile& profile);

// ProfileFromJson reads a profile. Fields that are absent keep the value of
// `base` (by default the win2003 built-in), so a file can hold only what it
// changes; a "base" key names another built-in to start from. Unknown keys,
// wrong types and impossible values are errors whose text names the key and
// says what is allowed.
Expected<Profile, std::string> ProfileFromJson(const nlohmann::json& json);

// LoadProfileFile reads a JSON profile from a file; errors name the file.
Expected<Profile, std::string> LoadProfileFile(const std::string& path);

}  // namespace schannel_emu
