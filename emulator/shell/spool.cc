#include "emulator/shell/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

namespace schannel_emu {
namespace {

enum class WriteResult { kOk, kNoSpace, kFailed };

WriteResult ClassifyErrno(int error) {
  return (error == ENOSPC || error == EDQUOT) ? WriteResult::kNoSpace : WriteResult::kFailed;
}

// WriteAll writes the whole buffer, retrying short writes and EINTR.
WriteResult WriteAll(int fd, ByteView data) {
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t result = ::write(fd, data.data() + written, data.size() - written);
    if (result < 0) {
      if (errno == EINTR) continue;
      return ClassifyErrno(errno);
    }
    written += static_cast<std::size_t>(result);
  }
  return WriteResult::kOk;
}

// WriteAtomically puts `data` at `name` in the folder `dir_fd` through the same name in
// `tmp_fd`: write, fsync, rename, fsync the folder. On failure the temporary file is
// removed and nothing is left behind. The folders stay open for the spool's life, so a
// message costs no lookups of their paths.
WriteResult WriteAtomically(int tmp_fd, int dir_fd, const std::string& name, ByteView data) {
  const int fd = ::openat(tmp_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return ClassifyErrno(errno);

  WriteResult result = WriteAll(fd, data);
  if (result == WriteResult::kOk && ::fsync(fd) != 0) result = ClassifyErrno(errno);
  if (::close(fd) != 0 && result == WriteResult::kOk) result = ClassifyErrno(errno);
  if (result == WriteResult::kOk && ::renameat(tmp_fd, name.c_str(), dir_fd, name.c_str()) != 0) {
    result = ClassifyErrno(errno);
  }
  if (result != WriteResult::kOk) {
    ::unlinkat(tmp_fd, name.c_str(), 0);
    return result;
  }
  ::fsync(dir_fd);
  return WriteResult::kOk;
}

StoreOutcome ToOutcome(WriteResult result, std::string id, std::string location) {
  switch (result) {
    case WriteResult::kOk:
      return {StoreResult::kStored, std::move(id), std::move(location)};
    case WriteResult::kNoSpace:
      return {StoreResult::kNoSpace, {}, {}};
    case WriteResult::kFailed:
      break;
  }
  return {StoreResult::kFailed, {}, {}};
}

}  // namespace

Expected<std::unique_ptr<FileSpool>, std::string> FileSpool::Open(std::filesystem::path dir,
                                                                  std::string name_prefix) {
  std::error_code error;
  std::filesystem::create_directories(dir / "tmp", error);
  if (error) {
    return Unexpected{"cannot create the spool folder " + (dir / "tmp").string() + ": " +
                      error.message() + " (choose another with --spool DIR)"};
  }
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const int tmp_fd = ::open((dir / "tmp").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0 || tmp_fd < 0) {
    const std::string reason = std::strerror(errno);
    if (dir_fd >= 0) ::close(dir_fd);
    if (tmp_fd >= 0) ::close(tmp_fd);
    return Unexpected{"cannot open the spool folder " + dir.string() + ": " + reason +
                      " (choose another with --spool DIR)"};
  }
  return std::unique_ptr<FileSpool>(
      new FileSpool(std::move(dir), std::move(name_prefix), dir_fd, tmp_fd));
}

FileSpool::~FileSpool() {
  ::close(dir_fd_);
  ::close(tmp_fd_);
}

StoreOutcome FileSpool::Store(const Envelope& envelope, ByteView body) {
  char number[24];
  std::snprintf(number, sizeof number, "%06llu",
                static_cast<unsigned long long>(counter_.fetch_add(1) + 1));
  const std::string name = name_prefix_ + "-" + number;

  nlohmann::ordered_json sidecar;
  sidecar["id"] = name;
  sidecar["client_address"] = envelope.client_address;
  sidecar["helo"] = envelope.helo;
  sidecar["transfer"] = envelope.transfer;
  sidecar["mail_from"] = envelope.mail_from;
  sidecar["rcpt_to"] = envelope.rcpt_to;
  sidecar["tls"] = envelope.tls;
  sidecar["tls_version"] = envelope.tls_version;
  sidecar["tls_suite"] = envelope.tls_suite;
  sidecar["size"] = body.size();
  // The envelope holds the client's bytes; invalid UTF-8 becomes U+FFFD rather than an
  // exception (a sink must not throw).
  const std::string sidecar_text =
      sidecar.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  // The message goes last: a message file without its envelope never appears.
  WriteResult result = WriteAtomically(tmp_fd_, dir_fd_, name + ".json", AsBytes(sidecar_text));
  if (result == WriteResult::kOk) {
    result = WriteAtomically(tmp_fd_, dir_fd_, name + ".eml", body);
    if (result != WriteResult::kOk) ::unlinkat(dir_fd_, (name + ".json").c_str(), 0);
  }
  return ToOutcome(result, name, (dir_ / (name + ".eml")).string());
}

}  // namespace schannel_emu
