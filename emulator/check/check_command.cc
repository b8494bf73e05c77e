#include "emulator/check/check_command.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <vector>

#include "emulator/check/check_report.h"
#include "emulator/check/input_detect.h"
#include "emulator/check/openssl_hello.h"
#include "emulator/core/profile/profile_json.h"

namespace schannel_emu {
namespace {

struct CheckArgs {
  std::optional<std::string> input;  // a path or "-"
  InputFormat format = InputFormat::kAuto;
  std::vector<std::string> profiles;
  bool json = false;
  std::optional<std::string> html;
  std::optional<std::string> openssl;
  std::string exclude;
  std::string protocols;
  std::string destination = "[mx.example.com]:25";
  bool fix = true;
  bool help = false;
};

Expected<CheckArgs, std::string> ParseArgs(std::span<const std::string> args) {
  CheckArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](const char* name) -> Expected<std::string, std::string> {
      if (i + 1 >= args.size()) {
        return Unexpected{std::string(name) + " needs a value; see 'schannel-emu check --help'"};
      }
      return args[++i];
    };
    auto take = [&](const char* name, std::string& into) -> std::optional<std::string> {
      auto got = value(name);
      if (!got) return got.error();
      into = got.value();
      return std::nullopt;
    };
    std::string text;
    std::optional<std::string> problem;
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
    } else if (arg == "--json") {
      parsed.json = true;
    } else if (arg == "--no-fix") {
      parsed.fix = false;
    } else if (arg == "--format") {
      if ((problem = take("--format", text))) return Unexpected{*problem};
      auto format = ParseInputFormat(text);
      if (!format) {
        return Unexpected{"unknown --format '" + text +
                          "': use auto, wireshark, hex, suites or pcap"};
      }
      parsed.format = *format;
    } else if (arg == "--profile") {
      if ((problem = take("--profile", text))) return Unexpected{*problem};
      parsed.profiles.push_back(text);
    } else if (arg == "--html") {
      if ((problem = take("--html", text))) return Unexpected{*problem};
      parsed.html = text;
    } else if (arg == "--openssl") {
      if ((problem = take("--openssl", text))) return Unexpected{*problem};
      parsed.openssl = text;
    } else if (arg == "--exclude") {
      if ((problem = take("--exclude", parsed.exclude))) return Unexpected{*problem};
    } else if (arg == "--protocols") {
      if ((problem = take("--protocols", parsed.protocols))) return Unexpected{*problem};
    } else if (arg == "--destination") {
      if ((problem = take("--destination", parsed.destination))) return Unexpected{*problem};
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      return Unexpected{"unknown option '" + arg + "'; see 'schannel-emu check --help'"};
    } else if (parsed.input) {
      return Unexpected{"more than one input given ('" + *parsed.input + "' and '" + arg +
                        "'); check one file at a time"};
    } else {
      parsed.input = arg;
    }
  }
  return parsed;
}

Expected<std::vector<Profile>, std::string> ResolveProfiles(const std::vector<std::string>& names) {
  if (names.empty()) return BuiltinProfiles();
  std::vector<Profile> profiles;
  for (const std::string& name : names) {
    if (const Profile* builtin = FindBuiltinProfile(name)) {
      profiles.push_back(*builtin);
      continue;
    }
    std::ifstream probe(name);
    if (!probe) {
      std::string known;
      for (const Profile& profile : BuiltinProfiles()) known += " " + profile.name;
      return Unexpected{"--profile '" + name + "' is neither a built-in profile (" +
                        known.substr(1) + ") nor a readable profile file"};
    }
    auto loaded = LoadProfileFile(name);
    if (!loaded) return Unexpected{loaded.error()};
    profiles.push_back(std::move(loaded.value()));
  }
  return profiles;
}

Expected<Bytes, std::string> ReadAll(const std::string& path, std::istream& in) {
  std::string data;
  if (path == "-") {
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return Unexpected{"cannot open '" + path + "': check the path and permissions"};
    data.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  return Bytes(data.begin(), data.end());
}

}  // namespace

std::string CheckHelpText() {
  return R"HELP(Usage: schannel-emu check [INPUT|-] [options]

Judges a sender's TLS ClientHello the way a Windows Server 2003 SChannel server
would (only the first 64 offered suites count) and says how to fix the sender.

INPUT (a file, or '-' / nothing for standard input) may be:
  a pcap or pcapng capture     SMTP STARTTLS sessions on any port, or flows that
                               start with TLS; every ClientHello is judged
  Wireshark text               the "Client Hello" packet details, multi-line or
                               pasted as one line ("Cipher Suite: ... (0x0005)")
  hex                          a TLS record, a handshake message, or a bare list
                               of suites; spaces, colons, 0x prefixes are fine
  a suite list                 "c030 c02c 0035" or "0xc030, 0xc02c", one per line

Options:
  --format F        auto (default), pcap, wireshark, hex, suites
  --profile P       a built-in profile name or a JSON profile file; repeat to
                    judge several; default: every built-in profile
  --openssl CIPHERS the sender's OpenSSL cipher list (Postfix style, e.g.
                    'aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH'). Without INPUT the
                    hello is built by this machine's libssl; with INPUT it is
                    used to verify fixes. A sender with another OpenSSL version
                    may send a different list.
  --exclude WORDS   smtp_tls_exclude_ciphers, e.g. 'MD5, aDSS, kECDH'
  --protocols P     smtp_tls_protocols, e.g. '!SSLv2, !SSLv3' or '>=TLSv1'
  --destination D   for the smtp_tls_policy_maps line, e.g. '[mx.example.com]:25'
  --no-fix          do not search for exclusions that would help
  --json            print the report as JSON (docs/CHECK-JSON.md)
  --html FILE       also write a self-contained HTML page of the report
  --help            this text

Exit status: 0 when the first profile accepts every hello, 1 when it rejects
one, 2 for a usage or input error.
)HELP";
}

int RunCheck(std::span<const std::string> args, std::istream& in, std::ostream& out,
             std::ostream& err) {
  auto parsed = ParseArgs(args);
  if (!parsed) {
    err << "schannel-emu check: " << parsed.error() << "\n";
    return 2;
  }
  const CheckArgs& options = parsed.value();
  if (options.help) {
    out << CheckHelpText();
    return 0;
  }
  auto profiles = ResolveProfiles(options.profiles);
  if (!profiles) {
    err << "schannel-emu check: " << profiles.error() << "\n";
    return 2;
  }

  CheckOptions check;
  check.profiles = std::move(profiles.value());
  check.destination = options.destination;
  check.search_fix = options.fix;
  std::vector<std::string> warnings;
  if (options.openssl) {
    OpenSslSenderConfig sender;
    sender.cipher_list = *options.openssl;
    sender.exclude = SplitWordList(options.exclude);
    sender.protocols = options.protocols;
    check.sender = sender;
    const auto missing = WeakWordsMissingHere(PostfixCipherList(sender.cipher_list, {}));
    if (!missing.empty()) {
      std::string words;
      for (const auto& word : missing) words += (words.empty() ? "" : ", ") + word;
      warnings.push_back("the cipher list names " + words + ", which this machine's " +
                         OpenSslVersionText() +
                         " does not have at all (Debian builds libssl without RC4, 3DES and "
                         "DES suites); a sender whose OpenSSL has them offers more");
    }
  } else if (!options.exclude.empty() || !options.protocols.empty()) {
    err << "schannel-emu check: --exclude and --protocols describe an OpenSSL sender; give its "
           "cipher list with --openssl too\n";
    return 2;
  }

  std::vector<CheckInput> hellos;
  if (options.input || !options.openssl) {
    auto content = ReadAll(options.input.value_or("-"), in);
    if (!content) {
      err << "schannel-emu check: " << content.error() << "\n";
      return 2;
    }
    auto read = ReadCheckInput(content.value(), options.format);
    if (!read) {
      err << "schannel-emu check: " << read.error() << "\n";
      return 2;
    }
    hellos = std::move(read.value().hellos);
    warnings.insert(warnings.end(), read.value().warnings.begin(), read.value().warnings.end());
  } else {
    auto built = BuildOpenSslHello(*check.sender);
    if (!built) {
      err << "schannel-emu check: " << built.error() << "\n";
      return 2;
    }
    auto hello = ReadClientHello(built.value().record);
    if (!hello) {
      err << "schannel-emu check: libssl's hello does not read back: "
          << DescribeHelloError(hello.error()) << "\n";
      return 2;
    }
    CheckInput input;
    input.format = "openssl";
    input.origin = "this machine's " + OpenSslVersionText() + " with '" +
                   built.value().effective_cipher_list + "'";
    input.hello = std::move(hello.value());
    input.wire = built.value().record;
    input.notes.push_back(
        "built by this machine's libssl; a sender with another OpenSSL version may send a "
        "different list");
    hellos.push_back(std::move(input));
  }

  const CheckReport report = BuildCheckReport(std::move(hellos), std::move(warnings), check);
  if (options.json) {
    out << RenderJson(report).dump(2) << "\n";
  } else {
    RenderText(report, out);
  }
  if (options.html) {
    std::ofstream page(*options.html, std::ios::binary);
    page << RenderHtml(report);
    if (!page) {
      err << "schannel-emu check: cannot write '" << *options.html << "'\n";
      return 2;
    }
  }

  for (const HelloReport& hello : report.hellos) {
    if (!hello.outcomes.empty() && !hello.outcomes.front().works()) return 1;
  }
  return 0;
}

}  // namespace schannel_emu
