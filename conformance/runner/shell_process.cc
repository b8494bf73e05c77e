#include "conformance/runner/shell_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

namespace schannel_emu::conform {
namespace {

int StatusToCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

}  // namespace

Expected<ShellProcess, std::string> ShellProcess::Start(const std::string& command,
                                                        const std::filesystem::path& directory,
                                                        const std::filesystem::path& output) {
  // Everything the child needs is prepared before fork: after fork in a process with other
  // threads only async-signal-safe calls are allowed until exec.
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (null_in < 0 || out < 0) {
    if (null_in >= 0) ::close(null_in);
    if (out >= 0) ::close(out);
    return Unexpected{"cannot open " + output.string() +
                      " for the command's output: " + std::strerror(errno)};
  }
  const std::string dir = directory.string();

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(null_in);
    ::close(out);
    return Unexpected{std::string("fork failed: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(null_in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Also from the parent, so a kill right after Start already reaches the group.
  ::setpgid(pid, pid);
  ::close(null_in);
  ::close(out);
  return ShellProcess(pid);
}

ShellProcess::ShellProcess(ShellProcess&& other) noexcept
    : pid_(other.pid_), exit_code_(other.exit_code_), killed_(other.killed_) {
  other.pid_ = -1;
}

ShellProcess::~ShellProcess() {
  if (pid_ > 0 && !exit_code_) Kill();
}

bool ShellProcess::Poll() {
  if (exit_code_ || pid_ <= 0) return true;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) exit_code_ = StatusToCode(status);
  return exit_code_.has_value();
}

void ShellProcess::Kill(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return;
  // The group may outlive the shell (daemons it started), so signal it even after exit.
  ::kill(-pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (!Poll() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid_, SIGKILL);
  if (!exit_code_) {
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_) exit_code_ = StatusToCode(status);
    killed_ = true;
  }
}

CommandResult RunCommand(const std::string& command, const std::filesystem::path& directory,
                         const std::filesystem::path& output, std::chrono::milliseconds timeout) {
  CommandResult result;
  auto process = ShellProcess::Start(command, directory, output);
  if (!process) {
    result.error = process.error();
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!process->Poll()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      process->Kill();
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.exit_code = process->exit_code();
  return result;
}

std::string ReadFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace schannel_emu::conform
