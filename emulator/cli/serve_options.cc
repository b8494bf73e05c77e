#include "emulator/cli/serve_options.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <thread>

namespace schannel_emu {
namespace {

template <typename T>
std::optional<T> ParseNumber(const std::string& text) {
  T value{};
  const auto* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> ParseSeconds(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value) || value <= 0) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::size_t ResolvedThreads(const ServeOptions& options) {
  if (options.threads != 0) return options.threads;
  const std::size_t cpus = std::thread::hardware_concurrency();
  return std::clamp<std::size_t>(cpus, 1, kMaxThreads);
}

const char* ServeHelp() {
  return R"(Usage: schannel-emu [serve] [OPTIONS]

Runs an SMTP server that behaves like Exchange 2007 on Windows Server 2003: it offers
STARTTLS and answers the TLS handshake the way that server's SChannel does, including
its 64-entry cipher-suite window and its abrupt failure. Accepted messages are spooled;
every handshake and command is recorded.

Options:
  --listen ADDR:PORT     address to listen on; repeat for several
                         (default 127.0.0.1:2525; IPv6 as [::1]:2525; port 0 picks one)
  --profile NAME|FILE    a built-in profile or a JSON profile file (default win2003;
                         list them with `schannel-emu profiles`)
  --failure MODE         what a rejected ClientHello gets: close (FIN, no alert; the
                         default of the Windows profiles), reset (TCP RST) or alert
                         (fatal handshake_failure, then FIN)
  --cert FILE --key FILE PEM certificate and RSA key to present; without them a
                         self-signed certificate is generated once and cached
  --cert-cache DIR       where generated certificates are kept
                         (default $XDG_CACHE_HOME/schannel-emu or ~/.cache/schannel-emu)
  --hostname FQDN        the name in the banner and EHLO reply (default mail.example.com)
  --spool DIR            where accepted messages are written (default ./spool)
  --events FILE|-        write JSON Lines events to FILE, or to standard output with -
  --max-connections N    concurrent connections before new ones get 421 (default 5000)
  --max-connections-per-source N
                         concurrent connections from one address (default: the profile's,
                         100 for the Windows profiles)
  --idle-timeout SECONDS close a connection that sends nothing for this long, with
                         Exchange's 451 4.7.0 (default: the profile's, 300)
  --stop-grace SECONDS   on SIGINT/SIGTERM, how long sessions may finish before they are
                         told the service is closing (default 5)
  --deterministic SEED   fixed randomness and clock, so a session's bytes and events can
                         be replayed and diffed (never for real traffic)
  --threads N            threads serving connections (default: one per CPU); each
                         connection stays on one thread at a time, so a session's
                         events keep their order, but lines of different connections
                         interleave in the order they happen
  --quiet                no human log lines on standard error (the "listening on"
                         lines still appear)
  -h, --help             this text

Examples:
  schannel-emu
  schannel-emu --profile win2003-aes --listen 127.0.0.1:2525 --events events.jsonl
  schannel-emu --failure reset --events - | jq -c 'select(.event=="hello")'
)";
}

Expected<ServeOptions, std::string> ParseServeOptions(std::span<const std::string> args) {
  ServeOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      options.help = true;
      continue;
    }
    if (arg == "--quiet") {
      options.quiet = true;
      continue;
    }

    std::string name = arg;
    std::optional<std::string> value;
    if (const auto equals = arg.find('='); arg.rfind("--", 0) == 0 && equals != std::string::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    }
    const auto next_value = [&]() -> Expected<std::string, std::string> {
      if (value) return *value;
      if (i + 1 >= args.size()) return Unexpected{name + " needs a value (see --help)"};
      return args[++i];
    };

    const bool takes_value =
        name == "--listen" || name == "--profile" || name == "--cert" || name == "--key" ||
        name == "--cert-cache" || name == "--hostname" || name == "--failure" ||
        name == "--spool" || name == "--events" || name == "--max-connections" ||
        name == "--max-connections-per-source" || name == "--idle-timeout" ||
        name == "--stop-grace" || name == "--deterministic" || name == "--threads";
    if (!takes_value) {
      return Unexpected{"unknown option '" + arg + "' (see schannel-emu --help)"};
    }
    auto text = next_value();
    if (!text) return Unexpected{text.error()};

    if (name == "--listen") {
      options.listen.push_back(*text);
    } else if (name == "--profile") {
      options.profile = *text;
    } else if (name == "--cert") {
      options.cert_file = *text;
    } else if (name == "--key") {
      options.key_file = *text;
    } else if (name == "--cert-cache") {
      options.cert_cache_dir = *text;
    } else if (name == "--hostname") {
      const bool valid = !text->empty() && text->size() <= 253 &&
                         text->find_first_not_of(
                             "abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == std::string::npos;
      if (!valid) {
        return Unexpected{
            "--hostname takes a DNS name of letters, digits, dots and hyphens, "
            "e.g. mail.example.com"};
      }
      options.hostname = *text;
    } else if (name == "--failure") {
      if (*text != "close" && *text != "reset" && *text != "alert") {
        return Unexpected{"--failure takes close, reset or alert, not '" + *text + "'"};
      }
      options.failure = *text;
    } else if (name == "--spool") {
      options.spool_dir = *text;
    } else if (name == "--events") {
      options.events = *text;
    } else if (name == "--max-connections" || name == "--max-connections-per-source") {
      const auto number = ParseNumber<std::size_t>(*text);
      if (!number || *number == 0) {
        return Unexpected{name + " takes a whole number above 0, not '" + *text + "'"};
      }
      if (name == "--max-connections") {
        options.max_connections = *number;
      } else {
        options.max_connections_per_source = *number;
      }
    } else if (name == "--idle-timeout" || name == "--stop-grace") {
      const auto seconds = ParseSeconds(*text);
      if (!seconds) return Unexpected{name + " takes seconds above 0, not '" + *text + "'"};
      if (name == "--idle-timeout") {
        options.idle_timeout_seconds = *seconds;
      } else {
        options.stop_grace_seconds = *seconds;
      }
    } else if (name == "--threads") {
      const auto number = ParseNumber<std::size_t>(*text);
      if (!number || *number == 0 || *number > kMaxThreads) {
        return Unexpected{"--threads takes a whole number from 1 to " +
                          std::to_string(kMaxThreads) + ", not '" + *text + "'"};
      }
      options.threads = *number;
    } else if (name == "--deterministic") {
      const auto seed = ParseNumber<std::uint64_t>(*text);
      if (!seed)
        return Unexpected{"--deterministic takes a whole number seed, not '" + *text + "'"};
      options.deterministic_seed = *seed;
    }
  }

  if (options.cert_file.empty() != options.key_file.empty()) {
    return Unexpected{
        std::string("--cert and --key go together: give both, or neither to use a "
                    "generated certificate")};
  }
  if (options.listen.empty()) options.listen.push_back("127.0.0.1:2525");
  return options;
}

}  // namespace schannel_emu
