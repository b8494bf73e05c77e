#include "emulator/testing/emulator_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>
#include <thread>

namespace schannel_emu::testing {
namespace {

constexpr std::string_view kListening = "listening on 127.0.0.1:";

std::optional<std::uint16_t> FindPort(const std::string& log) {
  const auto at = log.find(kListening);
  if (at == std::string::npos) return std::nullopt;
  const auto digits = at + kListening.size();
  const auto end = log.find('\n', digits);
  if (end == std::string::npos) return std::nullopt;
  const unsigned long port = std::stoul(log.substr(digits, end - digits));
  if (port == 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

}  // namespace

std::string EmulatorBinary() {
  return std::string(SCHANNEL_EMU_BINARY_DIR) + "/emulator/cli/schannel-emu";
}

std::unique_ptr<EmulatorProcess> EmulatorProcess::Start(const std::vector<std::string>& args,
                                                        std::string* error,
                                                        const std::filesystem::path& cert_cache) {
  std::unique_ptr<EmulatorProcess> process(new EmulatorProcess());
  const std::filesystem::path dir = process->dir_.path();
  const std::filesystem::path cache = cert_cache.empty() ? dir / "certs" : cert_cache;

  std::vector<std::string> argv = {EmulatorBinary(), "serve",
                                   "--listen",       "127.0.0.1:0",
                                   "--events",       (dir / "events.jsonl").string(),
                                   "--spool",        (dir / "spool").string(),
                                   "--cert-cache",   cache.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> pointers;
  for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
  pointers.push_back(nullptr);
  const std::string err_path = (dir / "stderr.txt").string();

  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = "fork failed";
    return nullptr;
  }
  if (pid == 0) {
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDWR);
    if (err < 0 || null < 0) ::_exit(127);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(err, 2);
    ::execv(pointers[0], pointers.data());
    ::_exit(127);
  }
  process->pid_ = pid;

  // Bounded wait for the port: certificate generation on a busy machine takes a while.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (const auto port = FindPort(process->log())) {
      process->port_ = *port;
      return process;
    }
    if (process->WaitExit(std::chrono::milliseconds(20))) {
      *error = "schannel-emu exited at start: " + process->log();
      return nullptr;
    }
  }
  *error = "schannel-emu did not say where it listens within 30 s: " + process->log();
  return nullptr;
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

std::optional<int> EmulatorProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void EmulatorProcess::Signal(int signal_number) {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

int EmulatorProcess::Stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  if (const auto status = WaitExit(timeout)) return *status;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::vector<nlohmann::json> EmulatorProcess::Events() const {
  std::vector<nlohmann::json> events;
  std::istringstream lines(ReadFileText(events_path()));
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;  // a line still being written has no newline yet
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) events.push_back(std::move(parsed));
  }
  return events;
}

std::vector<nlohmann::json> EmulatorProcess::EventsNamed(const std::string& name) const {
  std::vector<nlohmann::json> named;
  for (auto& event : Events()) {
    if (event.value("event", "") == name) named.push_back(std::move(event));
  }
  return named;
}

std::vector<nlohmann::json> EmulatorProcess::WaitForEvents(
    const std::string& name, std::size_t count, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto named = EventsNamed(name);
    if (named.size() >= count || std::chrono::steady_clock::now() >= deadline) return named;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<std::string> EmulatorProcess::SpooledMessages() const {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(spool_dir(), error)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> messages;
  for (const auto& file : files) messages.push_back(ReadFileText(file));
  return messages;
}

}  // namespace schannel_emu::testing
