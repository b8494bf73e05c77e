// LoopbackClient: a raw TCP client on 127.0.0.1 for tests that must see the wire exactly —
// SMTP replies, the bytes after STARTTLS, and whether the server ended with FIN or RST.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace schannel_emu::testing {

enum class Ending {
  kEof,      // the server closed in order (FIN)
  kReset,    // the connection was reset (ECONNRESET)
  kTimeout,  // nothing more within the time given
  kError,    // any other socket error
};

std::string EndingName(Ending ending);

struct ReadToEnd {
  std::string bytes;  // everything read before the end
  Ending ending = Ending::kTimeout;
};

class LoopbackClient {
 public:
  // Connect opens a connection to 127.0.0.1:port; nullopt when it fails within `timeout`.
  static std::optional<LoopbackClient> Connect(
      std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~LoopbackClient();
  LoopbackClient(LoopbackClient&& other) noexcept;
  LoopbackClient& operator=(LoopbackClient&& other) noexcept;
  LoopbackClient(const LoopbackClient&) = delete;
  LoopbackClient& operator=(const LoopbackClient&) = delete;

  // Send writes all of `data`; false when the connection is gone.
  bool Send(std::string_view data);

  // ReadReply returns one complete SMTP reply (every line up to the one with a space after
  // the code, CRLFs included); empty when none arrives within `timeout` or the peer closed.
  std::string ReadReply(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // ReadUntilClosed reads until the peer closes or resets, or `timeout` passes.
  ReadToEnd ReadUntilClosed(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Dialog sends `command` (CRLF appended) and returns the reply.
  std::string Dialog(std::string_view command,
                     std::chrono::milliseconds timeout = std::chrono::seconds(5));

  int fd() const { return fd_; }

 private:
  explicit LoopbackClient(int fd) : fd_(fd) {}

  // Fill reads once, waiting until `deadline`; 0 on EOF, -1 on error or timeout (with
  // *ending saying which).
  long Fill(std::chrono::steady_clock::time_point deadline, Ending* ending);

  int fd_ = -1;
  std::string pending_;  // bytes read but not returned yet
};

}  // namespace schannel_emu::testing
