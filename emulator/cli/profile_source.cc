#include "emulator/cli/profile_source.h"

#include <filesystem>

#include "emulator/core/profile/profile_json.h"

namespace schannel_emu {

Expected<Profile, std::string> ResolveProfile(const std::string& name_or_path) {
  if (const Profile* builtin = FindBuiltinProfile(name_or_path)) return *builtin;

  std::error_code error;
  if (!std::filesystem::exists(name_or_path, error)) {
    std::string names;
    for (const Profile& profile : BuiltinProfiles()) {
      names += (names.empty() ? "" : ", ") + profile.name;
    }
    return Unexpected{"'" + name_or_path + "' is neither a built-in profile (" + names +
                      ") nor a file"};
  }
  return LoadProfileFile(name_or_path);
}

}  // namespace schannel_emu
