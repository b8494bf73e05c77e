#include "bench/load/smtp_load_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <functional>
#include <utility>

namespace schannel_emu::load {
namespace {

// Socket owns one file descriptor.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

int Connect(const SessionTarget& target, std::string& error) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = "socket: out of file descriptors? raise ulimit -n";
    return -1;
  }
  timeval timeout{};
  timeout.tv_sec = static_cast<time_t>(target.io_timeout.count() / 1000);
  timeout.tv_usec = static_cast<suseconds_t>((target.io_timeout.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(target.port);
  if (inet_pton(AF_INET, target.host.c_str(), &address.sin_addr) != 1) {
    close(fd);
    error = "not an IPv4 address: " + target.host;
    return -1;
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    error = std::string("connect failed (errno ") + std::to_string(errno) + ")";
    close(fd);
    return -1;
  }
  return fd;
}

// Dialog reads and writes SMTP over the plain socket or, after STARTTLS, the channel.
class Dialog {
 public:
  explicit Dialog(int fd) : fd_(fd) {}

  void UseTls(TlsChannel* channel) {
    channel_ = channel;
    pending_.clear();
  }

  bool Send(std::string_view text) {
    while (!text.empty()) {
      const long sent =
          channel_ != nullptr
              ? channel_->Write(text)
              : static_cast<long>(::send(fd_, text.data(), text.size(), MSG_NOSIGNAL));
      if (sent <= 0) return false;
      text.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // Reply reads one whole reply (every line up to the one with a space after the
  // code) and returns its code, 0 when the connection failed or the reply is bad.
  int Reply() {
    for (int lines = 0; lines < 100; ++lines) {
      std::string line;
      if (!ReadLine(line) || line.size() < 4) return 0;
      if (line[3] == ' ') return std::atoi(line.substr(0, 3).c_str());
    }
    return 0;
  }

 private:
  bool ReadLine(std::string& line) {
    for (int reads = 0; reads < 1000; ++reads) {
      if (const auto end = pending_.find("\r\n"); end != std::string::npos) {
        line = pending_.substr(0, end);
        pending_.erase(0, end + 2);
        return true;
      }
      std::array<char, 4096> buffer{};
      const long read = channel_ != nullptr
                            ? channel_->Read(buffer)
                            : static_cast<long>(::recv(fd_, buffer.data(), buffer.size(), 0));
      if (read <= 0) return false;
      pending_.append(buffer.data(), static_cast<std::size_t>(read));
    }
    return false;
  }

  int fd_;
  TlsChannel* channel_ = nullptr;
  std::string pending_;
};

// Message builds a message of exactly `size` bytes (at least the headers) of CRLF
// lines that never start with a dot, followed by the end-of-data line.
std::string Message(std::size_t size, std::uint64_t number) {
  std::string text = "From: load@bench.example\r\nTo: user@example.com\r\nSubject: load " +
                     std::to_string(number) + "\r\n\r\n";
  while (text.size() < size) {
    const std::size_t left = size - text.size();
    if (left <= 2) {
      text.append(left, 'x');
      break;
    }
    const std::size_t line = std::min<std::size_t>(left - 2, 76);
    text.append(line, 'x');
    text += "\r\n";
  }
  if (text.size() < 2 || text.compare(text.size() - 2, 2, "\r\n") != 0) text += "\r\n";
  return text + ".\r\n";
}

// Step pairs a command with the reply code it must get.
bool Expect(Dialog& dialog, std::string_view command, int wanted, const char* step,
            SessionResult& result) {
  if (!command.empty() && !dialog.Send(command)) {
    result.error = std::string(step) + ": the write failed";
    return false;
  }
  const int code = dialog.Reply();
  if (code != wanted) {
    result.error = std::string(step) + ": expected " + std::to_string(wanted) + ", got " +
                   (code == 0 ? std::string("no reply") : std::to_string(code));
    return false;
  }
  return true;
}

// Greet runs banner, EHLO, STARTTLS and the handshake.
std::unique_ptr<TlsChannel> Greet(int fd, const SessionTarget& target, Dialog& dialog,
                                  SessionResult& result) {
  if (!Expect(dialog, "", 220, "banner", result) ||
      !Expect(dialog, "EHLO load.bench.example\r\n", 250, "EHLO", result) ||
      !Expect(dialog, "STARTTLS\r\n", 220, "STARTTLS", result)) {
    return nullptr;
  }
  std::string error;
  auto channel = StartTls(fd, target.suite, error);
  if (!channel) result.error = error;
  return channel;
}

}  // namespace

SessionResult RunSmtpSession(const SessionTarget& target, std::size_t message_bytes,
                             std::uint64_t number) {
  SessionResult result;
  Socket socket(Connect(target, result.error));
  if (socket.fd() < 0) return result;
  Dialog dialog(socket.fd());
  auto channel = Greet(socket.fd(), target, dialog, result);
  if (!channel) return result;
  dialog.UseTls(channel.get());
  if (!Expect(dialog, "EHLO load.bench.example\r\n", 250, "EHLO after STARTTLS", result)) {
    return result;
  }

  constexpr std::string_view kMail = "MAIL FROM:<load@bench.example>\r\n";
  constexpr std::string_view kRcpt = "RCPT TO:<user@example.com>\r\n";
  constexpr std::string_view kData = "DATA\r\n";
  constexpr std::string_view kQuit = "QUIT\r\n";
  const std::string message = Message(message_bytes, number);
  if (target.pipelining) {
    // One write per group; the replies come back in order and are checked one by one.
    std::string group(kMail);
    group += kRcpt;
    group += kData;
    if (!Expect(dialog, group, 250, "MAIL", result) || !Expect(dialog, "", 250, "RCPT", result) ||
        !Expect(dialog, "", 354, "DATA", result) ||
        !Expect(dialog, message + std::string(kQuit), 250, "end of data", result) ||
        !Expect(dialog, "", 221, "QUIT", result)) {
      return result;
    }
  } else if (!Expect(dialog, kMail, 250, "MAIL", result) ||
             !Expect(dialog, kRcpt, 250, "RCPT", result) ||
             !Expect(dialog, kData, 354, "DATA", result) ||
             !Expect(dialog, message, 250, "end of data", result) ||
             !Expect(dialog, kQuit, 221, "QUIT", result)) {
    return result;
  }
  result.ok = true;
  return result;
}

IdleTlsConnection::~IdleTlsConnection() {
  if (fd_ >= 0) close(fd_);
}

std::unique_ptr<IdleTlsConnection> OpenIdleTlsConnection(const SessionTarget& target,
                                                         std::string& error) {
  SessionResult result;
  Socket socket(Connect(target, result.error));
  if (socket.fd() < 0) {
    error = result.error;
    return nullptr;
  }
  Dialog dialog(socket.fd());
  auto channel = Greet(socket.fd(), target, dialog, result);
  if (!channel) {
    error = result.error;
    return nullptr;
  }
  channel->Abandon();
  return std::make_unique<IdleTlsConnection>(socket.Release());
}

}  // namespace schannel_emu::load
