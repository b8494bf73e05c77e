// ShellProcess: one command run through /bin/sh -c in its own process group, so the suite can
// bound it in time and kill everything it started (an MTA's helpers included).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "emulator/core/base/expected.h"

namespace schannel_emu::conform {

class ShellProcess {
 public:
  // Start runs `command` with stdin from /dev/null and stdout+stderr appended to `output`,
  // in `directory`. The error says why the process could not be started.
  static Expected<ShellProcess, std::string> Start(const std::string& command,
                                                   const std::filesystem::path& directory,
                                                   const std::filesystem::path& output);

  ShellProcess(ShellProcess&& other) noexcept;
  ShellProcess& operator=(ShellProcess&&) = delete;
  ShellProcess(const ShellProcess&) = delete;
  ~ShellProcess();  // kills the group when it is still running

  // Poll reaps the shell without waiting; true once it has exited.
  bool Poll();
  // Kill sends SIGTERM to the whole group, then SIGKILL after `grace`, and reaps the shell.
  void Kill(std::chrono::milliseconds grace = std::chrono::milliseconds(300));

  bool exited() const { return exit_code_.has_value(); }
  std::optional<int> exit_code() const { return exit_code_; }  // 128+N when killed by signal N
  bool killed() const { return killed_; }

 private:
  explicit ShellProcess(pid_t pid) : pid_(pid) {}

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  bool killed_ = false;
};

struct CommandResult {
  std::optional<int> exit_code;  // nullopt when it could not start
  bool timed_out = false;
  std::string error;  // why it could not start
};

// RunCommand runs a command to completion within `timeout` (killing its group after that).
CommandResult RunCommand(const std::string& command, const std::filesystem::path& directory,
                         const std::filesystem::path& output, std::chrono::milliseconds timeout);

// ReadFileText returns a file's bytes, or "" when it cannot be read.
std::string ReadFileText(const std::filesystem::path& path);

}  // namespace schannel_emu::conform
