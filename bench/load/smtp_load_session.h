// One SMTP session of the load generator over a blocking loopback socket:
// banner, EHLO, STARTTLS, TLS 1.0, EHLO, one message, QUIT.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "bench/load/tls_channel.h"

namespace schannel_emu::load {

struct SessionTarget {
  std::string host = "127.0.0.1";  // an IPv4 address
  std::uint16_t port = 0;
  SuiteChoice suite;
  std::chrono::milliseconds io_timeout{10000};  // each read and write
  // pipelining sends MAIL, RCPT and DATA in one write, and QUIT right after the
  // message, as RFC 2920 allows and MTAs such as Postfix do; off, every command
  // waits for the reply to the one before.
  bool pipelining = true;
};

// SessionResult: ok, or the step that failed and why.
struct SessionResult {
  bool ok = false;
  std::string error;
};

// RunSmtpSession runs one full session sending one message whose whole text
// (headers and body) is message_bytes long, and ends with QUIT and its reply. With
// target.pipelining every reply is still read and checked, in order.
SessionResult RunSmtpSession(const SessionTarget& target, std::size_t message_bytes,
                             std::uint64_t number);

// IdleTlsConnection is a connection left open after STARTTLS and the handshake; its
// client TLS state is dropped (Abandon) so that only the server keeps one.
class IdleTlsConnection {
 public:
  IdleTlsConnection() = default;
  explicit IdleTlsConnection(int fd) : fd_(fd) {}
  ~IdleTlsConnection();
  IdleTlsConnection(IdleTlsConnection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  IdleTlsConnection& operator=(IdleTlsConnection&&) = delete;
  IdleTlsConnection(const IdleTlsConnection&) = delete;
  IdleTlsConnection& operator=(const IdleTlsConnection&) = delete;

 private:
  int fd_ = -1;
};

// OpenIdleTlsConnection connects, says EHLO, STARTTLS, completes the handshake and
// returns the open connection; on failure `error` says which step failed.
std::unique_ptr<IdleTlsConnection> OpenIdleTlsConnection(const SessionTarget& target,
                                                         std::string& error);

}  // namespace schannel_emu::load
