#include "emulator/cli/profiles_command.h"

#include <string>

#include "emulator/cli/profile_source.h"
#include "emulator/core/profile/profile_json.h"

namespace schannel_emu {

int RunProfiles(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    out << "Usage: schannel-emu profiles [NAME|FILE]\n\n"
           "Without an argument, lists the built-in profiles. With a name or a JSON file,\n"
           "prints that profile as JSON: every field, so it can be saved, edited and\n"
           "loaded again with --profile FILE (fields left out keep the built-in value).\n\n"
           "Example:\n"
           "  schannel-emu profiles win2003-aes > mine.json\n";
    return 0;
  }
  if (args.size() > 1) {
    err << "schannel-emu profiles: takes at most one profile name or file\n";
    return 2;
  }

  if (args.empty()) {
    for (const Profile& profile : BuiltinProfiles()) {
      // No fixed buffer: a long description must not lose its end or the newline.
      std::string name = profile.name;
      if (name.size() < 22) name.resize(22, ' ');
      out << name << " " << profile.description << "\n";
    }
    return 0;
  }

  const auto profile = ResolveProfile(args[0]);
  if (!profile) {
    err << "schannel-emu profiles: " << profile.error() << "\n";
    return 2;
  }
  out << ProfileToJson(*profile).dump(2) << "\n";
  return 0;
}

}  // namespace schannel_emu
