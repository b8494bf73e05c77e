// EmulatorProcess: the real schannel-emu binary serving on a free loopback port, with its
// events, spool and certificate cache in a temporary folder.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "emulator/testing/child_process.h"

namespace schannel_emu::testing {

// EmulatorBinary is the path of the schannel-emu built with the tests.
std::string EmulatorBinary();

class EmulatorProcess {
 public:
  // Start runs `schannel-emu serve --listen 127.0.0.1:0 --events DIR/events.jsonl
  // --spool DIR/spool --cert-cache CACHE` plus `args`, and waits (at most 30 s) for the
  // "listening on 127.0.0.1:PORT" line. CACHE is `cert_cache` when given, else a folder of
  // its own. Null on failure, with the reason and the program's stderr in *error.
  static std::unique_ptr<EmulatorProcess> Start(const std::vector<std::string>& args,
                                                std::string* error,
                                                const std::filesystem::path& cert_cache = {});
  // The destructor kills a process that is still running.
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::filesystem::path spool_dir() const { return dir_.path() / "spool"; }
  std::filesystem::path events_path() const { return dir_.path() / "events.jsonl"; }
  // log is what the program wrote to stderr so far.
  std::string log() const { return ReadFileText(dir_.path() / "stderr.txt"); }

  // Signal sends `signal_number` to the process (nothing when it has ended).
  void Signal(int signal_number);
  // Stop sends SIGTERM and waits at most `timeout`; the exit status, or -1 when it had to
  // be killed (or died from a signal).
  int Stop(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Exited waits at most `timeout` for the process to end on its own; its status or nullopt.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);

  // Events parses the events file (every complete line).
  std::vector<nlohmann::json> Events() const;
  // EventsNamed keeps the events called `name`.
  std::vector<nlohmann::json> EventsNamed(const std::string& name) const;
  // WaitForEvents polls the events file until `count` events called `name` are there,
  // at most `timeout`; returns the ones seen.
  std::vector<nlohmann::json> WaitForEvents(const std::string& name, std::size_t count,
                                            std::chrono::milliseconds timeout) const;
  // SpooledMessages gives the contents of every .eml file, ordered by name.
  std::vector<std::string> SpooledMessages() const;

 private:
  EmulatorProcess() = default;

  TempDir dir_{"schannel-emu-e2e"};
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace schannel_emu::testing
