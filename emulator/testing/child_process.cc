#include "emulator/testing/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

namespace schannel_emu::testing {

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::string ReadFileText(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

bool WriteFileText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  return static_cast<bool>(file.flush());
}

bool ProgramOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string folders = path;
  std::size_t start = 0;
  while (start <= folders.size()) {
    const std::size_t end = std::min(folders.find(':', start), folders.size());
    const std::string candidate = folders.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input,
                         std::chrono::milliseconds timeout, bool hold_stdin_open) {
  CommandResult result;
  TempDir files("schannel-emu-run");
  const auto in_path = files.path() / "stdin";
  const auto out_path = files.path() / "stdout";
  const auto err_path = files.path() / "stderr";
  if (argv.empty() || !WriteFileText(in_path, input)) return result;
  int stdin_pipe[2] = {-1, -1};
  // A pipe holds 64 KiB without a reader; the tests' inputs are far smaller.
  if (hold_stdin_open && (input.size() > 60000 || ::pipe2(stdin_pipe, O_CLOEXEC) != 0)) {
    return result;
  }

  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    const int in = hold_stdin_open ? stdin_pipe[0] : ::open(in_path.c_str(), O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::setpgid(0, 0);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }

  if (hold_stdin_open) {
    ::close(stdin_pipe[0]);
    // A child that exits before reading must not take the test down with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    const ssize_t written = ::write(stdin_pipe[1], input.data(), input.size());
    (void)written;  // a child that exits early just never reads it
  }

  // Poll rather than block, so that a hung child costs at most `timeout`.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (hold_stdin_open) ::close(stdin_pipe[1]);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = ReadFileText(out_path);
  result.err = ReadFileText(err_path);
  return result;
}

}  // namespace schannel_emu::testing
