// Child processes for tests: run a program with bounded time, and find programs on PATH.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace schannel_emu::testing {

struct CommandResult {
  int exit_code = -1;      // the exit status, or -1 when it was killed or did not start
  bool timed_out = false;  // it ran past the timeout and was killed
  std::string out;         // everything it wrote to standard output
  std::string err;         // everything it wrote to standard error
};

// RunCommand runs argv[0] (searched on PATH) with `input` as standard input and waits at
// most `timeout`; past it the child is killed and timed_out is set. Output goes through
// files in a temporary folder, so a chatty child can never block on a full pipe.
// With `hold_stdin_open` the input comes through a pipe that stays open until the child
// exits: clients that quit at the end of their input (gnutls-cli) then wait for the server
// to close instead of racing it.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input,
                         std::chrono::milliseconds timeout, bool hold_stdin_open = false);

// ProgramOnPath says whether `name` is an executable in a PATH folder.
bool ProgramOnPath(const std::string& name);

// TempDir is a fresh folder below the system's temporary folder, removed with its
// contents when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "schannel-emu-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// ReadFileText returns the file's bytes; empty when it cannot be read.
std::string ReadFileText(const std::filesystem::path& path);

// WriteFileText replaces the file's contents; false when it cannot be written.
bool WriteFileText(const std::filesystem::path& path, const std::string& text);

}  // namespace schannel_emu::testing
