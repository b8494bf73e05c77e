#include "conformance/runner/options.h"

#include <cstdlib>

namespace schannel_emu::conform {

Expected<Options, std::string> ParseOptions(const std::vector<std::string>& args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };

    if (flag == "-h" || flag == "--help") {
      options.help = true;
    } else if (flag == "--all") {
      options.all_adapters = true;
    } else if (flag == "--keep") {
      options.keep = true;
    } else if (flag == "--list") {
      options.list = true;
    } else if (flag == "--matrix") {
      options.matrix = true;
    } else {
      const auto text = value();
      if (!text) return Unexpected{flag + " needs a value (see --help)"};
      if (flag == "--client") {
        options.client_command = *text;
      } else if (flag == "--mta") {
        options.mtas.push_back(*text);
      } else if (flag == "--adapter") {
        options.adapter_files.push_back(*text);
      } else if (flag == "--scenario") {
        options.scenario_globs.push_back(*text);
      } else if (flag == "--junit") {
        options.junit_file = *text;
      } else if (flag == "--json") {
        options.json_file = *text;
      } else if (flag == "--expected-failures") {
        options.expected_failures_file = *text;
      } else if (flag == "--suite-dir") {
        options.suite_dir = *text;
      } else if (flag == "--source-dir") {
        options.source_dir = *text;
      } else if (flag == "--out") {
        options.matrix_out = *text;
      } else if (flag == "--timeout" || flag == "--skip-code") {
        char* end = nullptr;
        const double number = std::strtod(text->c_str(), &end);
        if (end == text->c_str() || *end != '\0' || number < 0) {
          return Unexpected{flag + " '" + *text + "': give a non-negative number"};
        }
        if (flag == "--timeout") {
          if (number < 1 || number > 600) {
            return Unexpected{std::string("--timeout: give 1 to 600 seconds")};
          }
          options.timeout_seconds = number;
        } else {
          options.skip_code = static_cast<int>(number);
        }
      } else {
        return Unexpected{"unknown option " + flag + " (see --help)"};
      }
    }
  }
  if (options.help || options.list) return options;

  const std::size_t sources = (options.client_command.empty() ? 0 : 1) + options.mtas.size() +
                              options.adapter_files.size() + (options.all_adapters ? 1 : 0);
  if (sources == 0) {
    return Unexpected{
        std::string("name a client: --client 'COMMAND', --mta NAME, --adapter FILE "
                    "or --all")};
  }
  if (options.matrix && options.matrix_out.empty()) {
    return Unexpected{std::string("--matrix needs --out FILE (e.g. docs/COMPATIBILITY.md)")};
  }
  return options;
}

std::string Usage() {
  return R"(schannel-conform: run SMTP clients against the emulated Exchange 2007 / Windows 2003
receiver and judge what arrived.

  schannel-conform --client 'COMMAND' | --mta NAME | --adapter FILE | --all
                   [--scenario GLOB]... [--junit FILE] [--json FILE]
                   [--expected-failures FILE] [--timeout S] [--keep]
  schannel-conform --all --matrix --out docs/COMPATIBILITY.md
  schannel-conform --list

  --client 'COMMAND'   a command run by /bin/sh with {host} {port} {from} {to} {message}
                       filled in ({message} is the path of the message file, CRLF lines)
  --mta NAME           an adapter from conformance/adapters/NAME.json (postfix, exim,
                       swaks, curl, msmtp, python-smtplib, openssl-s_client, ...)
  --adapter FILE       an adapter file of your own (same format)
  --all                every adapter in the suite folder
  --scenario GLOB      run matching scenarios (default: the default suite)
  --expected-failures FILE
                       lines of `scenario-name  reason` expected to fail; for --mta NAME
                       conformance/expected/NAME.txt is used when present
  --timeout S          bound for one scenario's client run (default 20)
  --junit FILE, --json FILE   machine-readable results
  --matrix --out FILE  write the Markdown compatibility matrix of the clients run
  --keep               keep the work folders (client logs, MTA configs, spool)
  --skip-code N        exit status when no client could run (default 77, ctest's skip)

Exit status: 0 when every scenario meets its expectation (expected failures excepted),
1 when one does not, 2 for usage errors, the skip code when no client is installed.
)";
}

}  // namespace schannel_emu::conform
