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

  StoreOutcome Store(const Envelope& envelope, ByteView body) override;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  FileSpool(std::filesystem::path dir, std::string name_prefix)
      : dir_(std::move(dir)), name_prefix_(std::move(name_prefix)) {}

  std::filesystem::path dir_;
  std::string name_prefix_;  // distinguishes runs: a start time, or "det<seed>"
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace schannel_emu
