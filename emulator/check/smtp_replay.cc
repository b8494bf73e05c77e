#include "emulator/check/smtp_replay.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace schannel_emu {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

enum class ReadStatus { kData, kEof, kReset, kTimeout, kError };

// ReadSome waits up to the deadline for bytes and appends them to `buffer`.
ReadStatus ReadSome(int fd, Bytes& buffer, Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return ReadStatus::kTimeout;
  pollfd waiting{fd, POLLIN, 0};
  const int ready = poll(&waiting, 1, static_cast<int>(left.count()));
  if (ready == 0) return ReadStatus::kTimeout;
  if (ready < 0) return ReadStatus::kError;
  std::uint8_t chunk[4096];
  const ssize_t got = recv(fd, chunk, sizeof chunk, 0);
  if (got == 0) return ReadStatus::kEof;
  if (got < 0) return errno == ECONNRESET ? ReadStatus::kReset : ReadStatus::kError;
  buffer.insert(buffer.end(), chunk, chunk + got);
  return ReadStatus::kData;
}

bool SendAll(int fd, ByteView data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t wrote = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (wrote <= 0) return false;
    sent += static_cast<std::size_t>(wrote);
  }
  return true;
}

// ReadReply reads one complete SMTP reply (its last line has a space after the
// code) and returns its code, or a sentence on failure.
Expected<int, std::string> ReadReply(int fd, Bytes& buffer, Clock::time_point deadline,
                                     std::vector<std::string>& transcript, const char* step) {
  for (;;) {
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < buffer.size(); ++i) {
      if (buffer[i] != '\n') continue;
      std::string line(buffer.begin() + static_cast<std::ptrdiff_t>(line_start),
                       buffer.begin() + static_cast<std::ptrdiff_t>(i));
      if (!line.empty() && line.back() == '\r') line.pop_back();
      transcript.push_back("S: " + line);
      line_start = i + 1;
      if (line.size() >= 3 && (line.size() == 3 || line[3] == ' ')) {
        buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(line_start));
        return std::atoi(line.substr(0, 3).c_str());
      }
    }
    // Lines already shown stay out of the buffer; the partial one waits for more.
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(line_start));
    const ReadStatus status = ReadSome(fd, buffer, deadline);
    if (status == ReadStatus::kData) continue;
    return Unexpected{std::string("the server ") +
                      (status == ReadStatus::kTimeout ? "did not answer in time"
                       : status == ReadStatus::kEof   ? "closed the connection"
                       : status == ReadStatus::kReset ? "reset the connection"
                                                      : "could not be read") +
                      " while waiting for the " + step};
  }
}

}  // namespace

std::string_view ReplayResultName(ReplayResult result) {
  switch (result) {
    case ReplayResult::kServerHello:
      return "server_hello";
    case ReplayResult::kAlert:
      return "alert";
    case ReplayResult::kClosed:
      return "closed";
    case ReplayResult::kReset:
      return "reset";
    case ReplayResult::kSilence:
      return "silence";
    case ReplayResult::kOther:
      return "other";
  }
  return "other";
}

Expected<ReplayOutcome, std::string> ReplayHello(const ReplayTarget& target, const Bytes& hello) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (const int rc = getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &addresses);
      rc != 0) {
    return Unexpected{"cannot resolve '" + target.host + "': " + gai_strerror(rc)};
  }
  int fd = -1;
  std::string connect_error = "no address";
  for (addrinfo* address = addresses; address != nullptr; address = address->ai_next) {
    fd = socket(address->ai_family, address->ai_socktype, address->ai_protocol);
    if (fd < 0) continue;
    // A blocking connect bounded by SO_SNDTIMEO keeps this simple and finite.
    timeval limit{target.timeout_ms / 1000, (target.timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    if (connect(fd, address->ai_addr, address->ai_addrlen) == 0) break;
    connect_error = std::strerror(errno);
    close(fd);
    fd = -1;
  }
  freeaddrinfo(addresses);
  if (fd < 0) {
    return Unexpected{"cannot connect to " + target.host + ":" + target.port + ": " +
                      connect_error};
  }
  Socket socket_guard(fd);

  ReplayOutcome outcome;
  const auto step_deadline = [&] {
    return Clock::now() + std::chrono::milliseconds(target.timeout_ms);
  };
  Bytes buffer;
  auto banner = ReadReply(fd, buffer, step_deadline(), outcome.transcript, "banner");
  if (!banner) return Unexpected{banner.error()};
  if (banner.value() != 220)
    return Unexpected{std::string("the server's banner is not 220: it refuses mail")};

  const std::string ehlo = "EHLO " + target.ehlo + "\r\n";
  outcome.transcript.push_back("C: EHLO " + target.ehlo);
  if (!SendAll(fd, AsBytes(ehlo))) return Unexpected{std::string("sending EHLO failed")};
  auto ehlo_reply = ReadReply(fd, buffer, step_deadline(), outcome.transcript, "EHLO reply");
  if (!ehlo_reply) return Unexpected{ehlo_reply.error()};
  if (ehlo_reply.value() != 250) return Unexpected{std::string("the server refused EHLO")};

  outcome.transcript.push_back("C: STARTTLS");
  if (!SendAll(fd, AsBytes("STARTTLS\r\n")))
    return Unexpected{std::string("sending STARTTLS failed")};
  auto tls_reply = ReadReply(fd, buffer, step_deadline(), outcome.transcript, "STARTTLS reply");
  if (!tls_reply) return Unexpected{tls_reply.error()};
  if (tls_reply.value() != 220) {
    return Unexpected{"the server answered STARTTLS with " + std::to_string(tls_reply.value()) +
                      ": TLS is not offered on this connector"};
  }

  outcome.transcript.push_back("C: <ClientHello, " + std::to_string(hello.size()) + " bytes>");
  if (!SendAll(fd, hello)) return Unexpected{std::string("sending the ClientHello failed")};

  // The first record of the answer decides; read until it is whole or the
  // connection ends.
  buffer.clear();
  const auto deadline = step_deadline();
  for (;;) {
    if (buffer.size() >= 5) {
      const std::size_t length = static_cast<std::size_t>(buffer[3] << 8 | buffer[4]);
      const std::uint8_t type = buffer[0];
      if (type == 21 && buffer.size() >= 7) {
        outcome.result = ReplayResult::kAlert;
        outcome.alert_level = buffer[5];
        outcome.alert_description = buffer[6];
        return outcome;
      }
      // ServerHello: handshake header (4), version (2), random (32), session id.
      if (type == 22 && buffer.size() >= 5 + 4 + 2 + 32 + 1 && buffer[5] == 2) {
        const std::size_t session_length = buffer[5 + 4 + 2 + 32];
        const std::size_t suite_at = 5 + 4 + 2 + 32 + 1 + session_length;
        if (buffer.size() >= suite_at + 2) {
          outcome.result = ReplayResult::kServerHello;
          outcome.version = static_cast<std::uint16_t>(buffer[9] << 8 | buffer[10]);
          outcome.suite = static_cast<std::uint16_t>(buffer[suite_at] << 8 | buffer[suite_at + 1]);
          return outcome;
        }
      }
      if ((type != 21 && type != 22) || buffer.size() >= 5 + length) {
        outcome.result = ReplayResult::kOther;
        return outcome;
      }
    }
    const ReadStatus status = ReadSome(fd, buffer, deadline);
    if (status == ReadStatus::kData) continue;
    outcome.result = status == ReadStatus::kEof       ? ReplayResult::kClosed
                     : status == ReadStatus::kReset   ? ReplayResult::kReset
                     : status == ReadStatus::kTimeout ? ReplayResult::kSilence
                                                      : ReplayResult::kOther;
    return outcome;
  }
}

}  // namespace schannel_emu
