// ServeOptions: the command line of `schannel-emu serve`, parsed and checked.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "emulator/core/base/expected.h"

namespace schannel_emu {

struct ServeOptions {
  std::vector<std::string> listen;  // "127.0.0.1:2525", "[::1]:2525"
  std::string profile = "win2003";  // a built-in name or a JSON file
  std::string cert_file;
  std::string key_file;
  std::string cert_cache_dir;  // empty: $XDG_CACHE_HOME/schannel-emu or ~/.cache/schannel-emu
  std::string hostname = "mail.example.com";
  std::optional<std::string> failure;  // overrides the profile's failure mode
  std::string spool_dir = "spool";
  std::optional<std::string> events;  // a file, or "-" for stdout
  std::size_t max_connections = 5000;
  std::optional<std::size_t> max_connections_per_source;
  std::optional<double> idle_timeout_seconds;
  double stop_grace_seconds = 5;
  std::optional<std::uint64_t> deterministic_seed;
  // Threads that serve connections; 0 means one per CPU (ResolvedThreads).
  std::size_t threads = 0;
  bool quiet = false;
  bool help = false;
};

// ParseServeOptions reads `serve`'s arguments; the error text names the option and the
// value it expected, in a form that can be printed after "schannel-emu: ".
Expected<ServeOptions, std::string> ParseServeOptions(std::span<const std::string> args);

// ResolvedThreads is the number of serving threads `options` asks for: its --threads,
// or one per CPU the machine reports, at least 1.
std::size_t ResolvedThreads(const ServeOptions& options);

// kMaxThreads bounds --threads: more threads than this only add memory and contention.
inline constexpr std::size_t kMaxThreads = 256;

// ServeHelp is the text of `schannel-emu serve --help`.
const char* ServeHelp();

}  // namespace schannel_emu
