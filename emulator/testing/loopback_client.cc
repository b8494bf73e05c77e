#include "emulator/testing/loopback_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace schannel_emu::testing {
namespace {

int MillisUntil(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

// ReplyLength is the length of the first complete SMTP reply in `text`, or 0.
std::size_t ReplyLength(const std::string& text) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find("\r\n", start);
    if (end == std::string::npos) return 0;
    // The last line of a reply has a space (or nothing) after its three-digit code.
    if (end - start < 4 || text[start + 3] != '-') return end + 2;
    start = end + 2;
  }
}

}  // namespace

std::string EndingName(Ending ending) {
  switch (ending) {
    case Ending::kEof:
      return "eof";
    case Ending::kReset:
      return "reset";
    case Ending::kTimeout:
      return "timeout";
    case Ending::kError:
      return "error";
  }
  return "error";
}

std::optional<LoopbackClient> LoopbackClient::Connect(std::uint16_t port,
                                                      std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return std::nullopt;
  LoopbackClient client(fd);

  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    if (errno != EINPROGRESS) return std::nullopt;
    pollfd waiting{fd, POLLOUT, 0};
    if (::poll(&waiting, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return std::nullopt;
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  return client;
}

LoopbackClient::~LoopbackClient() {
  if (fd_ >= 0) ::close(fd_);
}

LoopbackClient::LoopbackClient(LoopbackClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

LoopbackClient& LoopbackClient::operator=(LoopbackClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    pending_ = std::move(other.pending_);
  }
  return *this;
}

bool LoopbackClient::Send(std::string_view data) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!data.empty()) {
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    pollfd waiting{fd_, POLLOUT, 0};
    if (::poll(&waiting, 1, MillisUntil(deadline)) != 1) return false;
  }
  return true;
}

long LoopbackClient::Fill(std::chrono::steady_clock::time_point deadline, Ending* ending) {
  for (;;) {
    char buffer[65536];
    const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got > 0) {
      pending_.append(buffer, static_cast<std::size_t>(got));
      return got;
    }
    if (got == 0) {
      *ending = Ending::kEof;
      return 0;
    }
    if (errno == ECONNRESET) {
      *ending = Ending::kReset;
      return -1;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      *ending = Ending::kError;
      return -1;
    }
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, MillisUntil(deadline)) != 1) {
      *ending = Ending::kTimeout;
      return -1;
    }
  }
}

std::string LoopbackClient::ReadReply(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const std::size_t length = ReplyLength(pending_); length > 0) {
      std::string reply = pending_.substr(0, length);
      pending_.erase(0, length);
      return reply;
    }
    Ending ending = Ending::kTimeout;
    if (Fill(deadline, &ending) <= 0) return {};
  }
}

ReadToEnd LoopbackClient::ReadUntilClosed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  ReadToEnd result;
  while (Fill(deadline, &result.ending) > 0) {
  }
  result.bytes = std::exchange(pending_, {});
  return result;
}

std::string LoopbackClient::Dialog(std::string_view command, std::chrono::milliseconds timeout) {
  if (!Send(std::string(command) + "\r\n")) return {};
  return ReadReply(timeout);
}

}  // namespace schannel_emu::testing
