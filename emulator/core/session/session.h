// Session: one SMTP connection to the emulated Exchange 2007 / Windows Server 2003 peer —
// the SMTP engine in front, the legacy TLS engine switched in by STARTTLS.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/event.h"
#include "emulator/core/base/random.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/smtp/message_sink.h"
#include "emulator/core/smtp/smtp_server.h"
#include "emulator/core/tls/server_credentials.h"
#include "emulator/core/tls/server_engine.h"
#include "emulator/core/tls/session_cache.h"

namespace schannel_emu {

// What the transport must do after the bytes of TakeOutput() have been sent.
enum class SessionAction {
  kContinue,  // keep reading
  kClose,     // orderly close (FIN) once the output is written
  kReset,     // abortive close (RST): SO_LINGER 0, then close
  kHang,      // send nothing more and never close; the idle timeout ends it
};

std::string_view SessionActionName(SessionAction action);  // "continue", "close", ...

struct SessionOptions {
  const Profile* profile = nullptr;                // must outlive the session
  const ServerCredentials* credentials = nullptr;  // must outlive the session
  RandomSource* random = nullptr;                  // must outlive the session
  SessionCache* session_cache = nullptr;           // optional; shared between sessions
  MessageSink* sink = nullptr;                     // where accepted messages go
  std::string hostname;                            // the FQDN in the banner and EHLO
  std::string client_address;                      // the peer's IP, as EHLO's greeting shows it
  std::string banner_date;                         // RFC 2822 date text for the banner
  std::int64_t now_seconds = 0;                    // unix time, for ServerHello and the cache
};

// Session composes the SMTP and TLS engines. Bytes in, bytes and events out; it never
// touches a socket, a clock or global randomness.
class Session {
 public:
  explicit Session(const SessionOptions& options);

  // Start queues the banner.
  void Start();
  // Receive takes bytes exactly as they came off the connection.
  void Receive(ByteView data);
  // IdleTimeout: the client sent nothing for the connector's inactivity timeout.
  void IdleTimeout();
  // Shutdown: the server is stopping; the client is told and the session closes.
  void Shutdown();
  // PeerClosed: the client closed its side (EOF); the session ends.
  void PeerClosed();

  // TakeOutput drains the bytes to send, already TLS-protected when TLS is on.
  Bytes TakeOutput();
  Events TakeEvents();
  SessionAction action() const { return action_; }

  bool tls_active() const;

 private:
  void Pump();
  void StartTls();
  void Collect(Events&& events);

  SessionOptions options_;
  SmtpServer smtp_;
  std::unique_ptr<TlsServerEngine> tls_;
  bool told_smtp_tls_started_ = false;
  Bytes output_;
  Events events_;
  SessionAction action_ = SessionAction::kContinue;
};

}  // namespace schannel_emu
