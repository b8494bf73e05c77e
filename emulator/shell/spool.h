// FileSpool: accepted messages written to a folder, atomically and byte-exact.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "emulator/core/base/expected.h"
#include "emulator/core/smtp/message_sink.h"

namespace schannel_emu {

// FileSpool stores each message as <dir>/<name>.eml (the body exactly as received after
// dot-unstuffing) with its envelope beside it as <dir>/<name>.json. Each file is written
// to <dir>/tmp/, fsynced and renamed into place, so a reader never sees half a message and
// a crash never leaves an acknowledged message unwritten. Names are generated here, never
// taken from the client, so nothing is written outside the folder.
class FileSpool final : public MessageSink {
 public:
  // Open creates the folder (and tmp/) when missing; the error text says which path failed.
  static Expected<std::unique_ptr<FileSpool>, std::string> Open(std::filesystem::path dir,
                                                                std::string name_prefix);

  ~FileSpool() override;
  FileSpool(const FileSpool&) = delete;
  FileSpool& operator=(const FileSpool&) = delete;

  StoreOutcome Store(const Envelope& envelope, ByteView body) override;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  FileSpool(std::filesystem::path dir, std::string name_prefix, int dir_fd, int tmp_fd)
      : dir_(std::move(dir)),
        name_prefix_(std::move(name_prefix)),
        dir_fd_(dir_fd),
        tmp_fd_(tmp_fd) {}

  std::filesystem::path dir_;
  std::string name_prefix_;  // distinguishes runs: a start time, or "det<seed>"
  // The folder and its tmp/, opened once: a message costs no lookup of their paths.
  // Moving the folder while the server runs moves where messages land with it.
  int dir_fd_;
  int tmp_fd_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace schannel_emu
