// schannel-load: drive N concurrent SMTP sessions with STARTTLS and one message each
// against a server on 127.0.0.1, and report sessions/s, latency percentiles and
// errors; or hold many idle TLS connections open (--idle) for memory measurements.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/load/latency_stats.h"
#include "bench/load/smtp_load_session.h"
#include "bench/load/tls_channel.h"

namespace schannel_emu::load {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  SessionTarget target;
  std::size_t sessions = 100;
  double max_seconds = 60;
  std::size_t concurrency = 4;
  std::size_t message_bytes = 1024;
  std::size_t idle = 0;      // >0: hold this many idle TLS connections instead
  double hold_seconds = 30;  // how long --idle holds them (SIGINT/SIGTERM end it early)
};

constexpr const char* kUsage =
    "usage: schannel-load --connect 127.0.0.1:PORT [--sessions N] [--max-seconds T]\n"
    "                     [--concurrency C] [--message-bytes S] [--suite NAME]\n"
    "                     [--client gnutls|libssl]\n"
    "                     [--pipelining on|off] [--idle N --hold-seconds H]\n"
    "Runs N SMTP sessions (banner, EHLO, STARTTLS, TLS 1.0, EHLO, MAIL, RCPT, DATA with\n"
    "one S-byte message, QUIT), C at a time, stopping after T seconds at the latest, and\n"
    "prints one line: sessions, errors, sessions/s, p50 and p99 latency in ms.\n"
    "--pipelining on (default) sends MAIL, RCPT and DATA in one write and QUIT right\n"
    "after the message (RFC 2920, as Postfix does); off waits for each reply.\n"
    "--suite: AES128-SHA (default), AES256-SHA, RC4-SHA, RC4-MD5, DES-CBC3-SHA.\n"
    "--client: the client's TLS library, gnutls (default: the cheaper client, which\n"
    "leaves more CPU to the server measured) or libssl (AES suites only). --idle N opens N "
    "connections through the handshake, prints\n"
    "'holding N idle connections' and keeps them for H seconds or until SIGINT/SIGTERM.\n";

std::optional<std::size_t> Count(const std::string& text, std::size_t low, std::size_t high) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < low || value > high) return std::nullopt;
  return static_cast<std::size_t>(value);
}

// ParseOptions returns the options, or prints what is wrong and returns nothing.
std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  options.target.suite = *FindSuiteChoice("AES128-SHA");
  ClientLibrary client = ClientLibrary::kGnutls;
  bool have_target = false;
  for (int i = 1; i < argc; ++i) {
    const std::string name = argv[i];
    if (name == "-h" || name == "--help") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::cerr << "schannel-load: " << name << " needs a value\n" << kUsage;
      return std::nullopt;
    }
    const std::string value = argv[++i];
    std::optional<std::size_t> number;
    if (name == "--connect") {
      const auto colon = value.rfind(':');
      const auto port =
          colon == std::string::npos ? std::nullopt : Count(value.substr(colon + 1), 1, 65535);
      if (!port) {
        std::cerr << "schannel-load: --connect takes 127.0.0.1:PORT, not '" << value << "'\n";
        return std::nullopt;
      }
      options.target.host = value.substr(0, colon);
      options.target.port = static_cast<std::uint16_t>(*port);
      have_target = true;
      continue;
    }
    if (name == "--suite") {
      const auto suite = FindSuiteChoice(value);
      if (!suite) {
        std::cerr << "schannel-load: unknown suite '" << value
                  << "'; use AES128-SHA, AES256-SHA, RC4-SHA, RC4-MD5 or DES-CBC3-SHA\n";
        return std::nullopt;
      }
      options.target.suite = *suite;
      continue;
    }
    if (name == "--client") {
      if (value != "gnutls" && value != "libssl") {
        std::cerr << "schannel-load: --client takes gnutls or libssl, not '" << value << "'\n";
        return std::nullopt;
      }
      client = value == "libssl" ? ClientLibrary::kLibssl : ClientLibrary::kGnutls;
      continue;
    }
    if (name == "--pipelining") {
      if (value != "on" && value != "off") {
        std::cerr << "schannel-load: --pipelining takes on or off, not '" << value << "'\n";
        return std::nullopt;
      }
      options.target.pipelining = value == "on";
      continue;
    }
    if (name == "--max-seconds" || name == "--hold-seconds") {
      char* end = nullptr;
      const double seconds = std::strtod(value.c_str(), &end);
      if (*end != '\0' || !(seconds > 0) || seconds > 86400) {
        std::cerr << "schannel-load: " << name << " takes seconds (0 < T <= 86400)\n";
        return std::nullopt;
      }
      (name == "--max-seconds" ? options.max_seconds : options.hold_seconds) = seconds;
      continue;
    }
    if (name == "--sessions" && (number = Count(value, 1, 100'000'000))) {
      options.sessions = *number;
    } else if (name == "--concurrency" && (number = Count(value, 1, 4096))) {
      options.concurrency = *number;
    } else if (name == "--message-bytes" && (number = Count(value, 0, 64 << 20))) {
      options.message_bytes = *number;
    } else if (name == "--idle" && (number = Count(value, 1, 1'000'000))) {
      options.idle = *number;
    } else {
      std::cerr << "schannel-load: bad option or value: " << name << " " << value << "\n" << kUsage;
      return std::nullopt;
    }
  }
  if (!have_target) {
    std::cerr << "schannel-load: --connect 127.0.0.1:PORT is required\n" << kUsage;
    return std::nullopt;
  }
  if (client == ClientLibrary::kLibssl && !options.target.suite.libssl_can) {
    std::cerr << "schannel-load: Debian's libssl cannot offer " << options.target.suite.name
              << "; use --client gnutls, or an AES suite\n";
    return std::nullopt;
  }
  options.target.suite.library = client;
  return options;
}

// Progress draws a bar on stderr while the load runs, only when stderr is a terminal.
class Progress {
 public:
  Progress(const std::atomic<std::size_t>& done, const std::atomic<std::size_t>& errors,
           std::size_t total)
      : done_(done), errors_(errors), total_(total), enabled_(isatty(STDERR_FILENO) == 1) {}

  void Draw(bool last) const {
    if (!enabled_) return;
    constexpr std::size_t kWidth = 40;
    const std::size_t done = done_.load();
    const std::size_t filled = total_ == 0 ? kWidth : std::min(kWidth, done * kWidth / total_);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu sessions, %zu errors%s",
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, ' ').c_str(), done,
                 total_, errors_.load(), last ? "\n" : "");
    std::fflush(stderr);
  }

 private:
  const std::atomic<std::size_t>& done_;
  const std::atomic<std::size_t>& errors_;
  std::size_t total_;
  bool enabled_;
};

int RunSessions(const Options& options) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> errors{0};
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::string first_error;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(options.max_seconds));

  // The run ends when its last session ends, not when the progress loop notices.
  std::atomic<std::size_t> running{0};
  Clock::time_point last_end = start;
  auto worker = [&] {
    std::vector<double> mine;
    while (Clock::now() < deadline) {
      const std::size_t number = next++;
      if (number >= options.sessions) break;
      const Clock::time_point begun = Clock::now();
      const SessionResult result = RunSmtpSession(options.target, options.message_bytes, number);
      mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begun).count());
      if (!result.ok) {
        ++errors;
        const std::lock_guard<std::mutex> lock(mutex);
        if (first_error.empty()) first_error = result.error;
      }
      ++done;
    }
    const std::lock_guard<std::mutex> lock(mutex);
    latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    last_end = std::max(last_end, Clock::now());
    --running;
  };

  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < std::min(options.concurrency, options.sessions); ++i) {
    ++running;
    threads.emplace_back(worker);
  }
  // Each session is bounded by the socket timeouts, so the workers end by themselves.
  const Progress progress(done, errors, options.sessions);
  while (running.load() > 0) {
    progress.Draw(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (std::thread& thread : threads) thread.join();
  progress.Draw(true);

  const double seconds = std::chrono::duration<double>(last_end - start).count();
  const std::size_t finished = done.load();
  const std::size_t failed = errors.load();
  const double p50 = LatencyPercentile(latencies_ms, 50);
  const double p99 = LatencyPercentile(latencies_ms, 99);
  std::printf(
      "sessions=%zu ok=%zu errors=%zu seconds=%.3f sessions_per_s=%.1f p50_ms=%.2f "
      "p99_ms=%.2f suite=%s client=%s concurrency=%zu message_bytes=%zu pipelining=%s\n",
      finished, finished - failed, failed, seconds,
      seconds > 0 ? static_cast<double>(finished - failed) / seconds : 0.0, p50, p99,
      options.target.suite.name.c_str(),
      options.target.suite.library == ClientLibrary::kGnutls ? "gnutls" : "libssl",
      options.concurrency, options.message_bytes, options.target.pipelining ? "on" : "off");
  if (!first_error.empty())
    std::fprintf(stderr, "schannel-load: first error: %s\n", first_error.c_str());
  if (finished < options.sessions) {
    std::fprintf(stderr, "schannel-load: stopped after --max-seconds with %zu of %zu sessions\n",
                 finished, options.sessions);
  }
  return failed == 0 ? 0 : 1;
}

std::atomic<bool> stop_holding{false};

void StopHolding(int) { stop_holding = true; }

int HoldIdle(const Options& options) {
  std::mutex mutex;
  std::vector<std::unique_ptr<IdleTlsConnection>> held;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> errors{0};
  std::string first_error;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(options.max_seconds));
  auto worker = [&] {
    while (Clock::now() < deadline && next++ < options.idle) {
      std::string error;
      auto connection = OpenIdleTlsConnection(options.target, error);
      const std::lock_guard<std::mutex> lock(mutex);
      if (connection) {
        held.push_back(std::move(connection));
      } else {
        ++errors;
        if (first_error.empty()) first_error = error;
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < options.concurrency; ++i) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();

  std::printf("holding %zu idle connections (%zu errors)\n", held.size(), errors.load());
  std::fflush(stdout);
  if (!first_error.empty())
    std::fprintf(stderr, "schannel-load: first error: %s\n", first_error.c_str());
  std::signal(SIGINT, StopHolding);
  std::signal(SIGTERM, StopHolding);
  const Clock::time_point hold_end =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(options.hold_seconds));
  while (!stop_holding && Clock::now() < hold_end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return errors.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace schannel_emu::load

int main(int argc, char** argv) {
  const auto options = schannel_emu::load::ParseOptions(argc, argv);
  if (!options) return 2;
  std::signal(SIGPIPE, SIG_IGN);
  return options->idle > 0 ? schannel_emu::load::HoldIdle(*options)
                           : schannel_emu::load::RunSessions(*options);
}
