// schannel-emu: the emulated Exchange 2007 / Windows Server 2003 peer and its tools.
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include "emulator/check/check_command.h"
#include "emulator/check/replay_command.h"
#include "emulator/cli/profiles_command.h"
#include "emulator/cli/serve_command.h"
#include "emulator/cli/serve_options.h"

namespace {

constexpr const char* kUsage = R"(Usage: schannel-emu [COMMAND] [OPTIONS]

Emulates the Windows Server 2003 SChannel TLS server behind an Exchange 2007 SMTP
front end, and explains why a sender's STARTTLS to such a server fails.

Commands:
  serve      run the emulated server (the default command)
  profiles   list the built-in profiles, or print one as JSON
  check      judge a ClientHello (Wireshark text, hex, pcap, suite list or an
             OpenSSL cipher string) and suggest the sender-side fix
  replay     send a ClientHello to a server after STARTTLS and report its answer

Run `schannel-emu COMMAND --help` for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command = "serve";
  if (!args.empty() && !args.front().empty() && args.front().front() != '-') {
    command = args.front();
    args.erase(args.begin());
  } else if (!args.empty() && (args.front() == "-h" || args.front() == "--help") &&
             args.size() == 1) {
    std::cout << kUsage << "\n" << schannel_emu::ServeHelp();
    return 0;
  }

  const std::span<const std::string> rest(args);
  if (command == "serve") return schannel_emu::RunServe(rest, std::cerr);
  if (command == "profiles") return schannel_emu::RunProfiles(rest, std::cout, std::cerr);
  if (command == "check") return schannel_emu::RunCheck(rest, std::cin, std::cout, std::cerr);
  if (command == "replay") return schannel_emu::RunReplay(rest, std::cin, std::cout, std::cerr);
  if (command == "help") {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << "schannel-emu: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
