// SmtpServer: the Exchange 2007 receive connector's SMTP dialogue, sans I/O.
//
// The session feeds it the client's plaintext (decrypted once TLS is on) and sends what
// TakeOutput returns; the server never touches sockets or clocks. Timeouts and shutdown
// are the caller's decisions, reported through IdleTimeout() and Shutdown().
//
// Events (names and fields are a stable interface; docs/EVENTS.md lists them):
//   smtp_command              {verb, argument}  verb upper-cased; argument cut to 200
//                             octets; for AUTH and X-EXPS only the mechanism is kept
//   smtp_reply                {code, enhanced, text}  text joins multi-line replies with "\n"
//   smtp_line_too_long        {limit}  a command line passed max_command_line_bytes
//   starttls_discarded        {bytes}  plaintext that followed STARTTLS before TLS started
//                             (command injection, CVE-2011-0411 class); one per Receive
//   data_anomaly              {kind, offset, action}  kind from DataAnomalyKindName; offset
//                             into the raw DATA stream; action "noted" (bare_lf, lone_cr),
//                             "kept_in_body" (strict rule) or "ended_data" (lenient rule)
//   data_anomalies_suppressed {count}  anomalies of one message beyond the first 32
//   message_rejected          {reason, size}  reason "message_too_large",
//                             "header_too_large", "insufficient_resources", "store_failed"
//   message                   {id, spool_file, size, sha256, mail_from, rcpt_to, helo, tls,
//                              tls_version, tls_suite, transfer}
//                             sha256 is lowercase hex of the stored content
//   smtp_closing              {reason}  "quit", "too_many_errors", "idle_timeout", "shutdown"
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/event.h"
#include "emulator/core/smtp/data_reader.h"
#include "emulator/core/smtp/line_reader.h"
#include "emulator/core/smtp/message_buffer.h"
#include "emulator/core/smtp/message_sink.h"
#include "emulator/core/smtp/smtp_profile.h"
#include "emulator/core/smtp/smtp_reply.h"

namespace schannel_emu {

// SmtpEnvironment: what the shell knows that the dialogue quotes.
struct SmtpEnvironment {
  std::string hostname;        // the connector's FQDN, used in the banner and greetings
  std::string banner_date;     // RFC 2822 date text for the banner
  std::string client_address;  // peer IP as text, quoted as "Hello [address]"
};

enum class SmtpCloseReason { kNone, kQuit, kTooManyErrors, kIdleTimeout, kShutdown };

std::string_view SmtpCloseReasonName(SmtpCloseReason reason);  // "quit", ...

class SmtpServer {
 public:
  // SmtpServer copies the profile and environment; `sink` must outlive the server.
  SmtpServer(const SmtpProfile& profile, SmtpEnvironment environment, MessageSink& sink);

  // Start queues the 220 banner.
  void Start();

  // Receive processes client octets: every complete command is answered in order
  // (pipelining), DATA and BDAT content is read across any split of the input. Input after
  // the connection is closing is ignored; input between STARTTLS and TlsStarted() is
  // discarded and reported. Memory stays bounded whatever the peer sends.
  void Receive(ByteView data);

  // TakeOutput hands over the octets queued for the client since the last call.
  Bytes TakeOutput();
  // TakeEvents hands over the events since the last call.
  Events TakeEvents();

  // starttls_requested is true from the moment "220 2.0.0 SMTP server ready" is queued
  // until TlsStarted(). The session then sends the output, runs the TLS handshake on the
  // raw connection, and either calls TlsStarted() or closes the connection.
  bool starttls_requested() const { return starttls_pending_; }

  // TlsStarted returns the dialogue to its initial state inside TLS (RFC 3207 4.2): the
  // client must say EHLO again, the envelope is forgotten, and STARTTLS and X-ANONYMOUSTLS
  // are no longer offered. `version` and `suite` are copied into each message's Envelope.
  void TlsStarted(std::string version, std::string suite);

  // IdleTimeout queues "451 4.7.0 Timeout waiting for client input" and asks to close.
  void IdleTimeout();
  // Shutdown queues "421 4.3.2 Service not available, ..." and asks to close.
  void Shutdown();

  // wants_close: the session should send the output and then close the connection.
  bool wants_close() const { return close_reason_ != SmtpCloseReason::kNone; }
  SmtpCloseReason close_reason() const { return close_reason_; }
  bool tls_active() const { return tls_; }

 private:
  enum class Mode { kCommand, kData, kBdat };

  std::size_t ReadCommand(ByteView input);
  std::size_t ReadData(ByteView input);
  std::size_t ReadChunk(ByteView input);
  void HandleLine(std::string_view line);

  void OnHelo(const std::string& argument, bool extended);
  void OnMail(const std::string& argument);
  void OnRcpt(const std::string& argument);
  void OnData(const std::string& argument);
  void OnBdat(const std::string& argument);
  void OnVrfy(const std::string& argument);
  void OnStartTls(const std::string& argument, std::string_view keyword);
  void OnAuth(const std::string& argument, std::string_view keyword);
  void OnXexch50();

  void FinishChunk();
  void FinishMessage();
  void StoreMessage();
  void Reject(const SmtpReply& reply, std::string_view reason);
  void ResetTransaction();

  bool Advertised(std::string_view keyword) const;
  void Reply(const SmtpReply& reply);
  void ProtocolError(const SmtpReply& reply);
  void Close(SmtpCloseReason reason);
  void Discard(std::size_t bytes);

  SmtpProfile profile_;
  SmtpEnvironment environment_;
  MessageSink& sink_;

  Bytes input_;  // received but not yet consumed: at most a few octets of DATA lookahead
  Bytes output_;
  Events events_;
  Mode mode_ = Mode::kCommand;
  LineReader line_reader_;
  DataReader data_reader_;
  MessageBuffer buffer_;

  bool tls_ = false;
  std::string tls_version_;
  std::string tls_suite_;
  bool starttls_pending_ = false;
  SmtpCloseReason close_reason_ = SmtpCloseReason::kNone;
  std::size_t protocol_errors_ = 0;

  std::string helo_;  // empty until EHLO/HELO
  std::optional<std::string> mail_from_;
  std::vector<std::string> rcpt_to_;
  std::string body_type_;

  // BDAT state: a transaction is "in BDAT" from its first chunk to its LAST one.
  bool bdat_active_ = false;
  std::uint64_t bdat_remaining_ = 0;
  std::uint64_t bdat_chunk_size_ = 0;
  bool bdat_last_ = false;
  std::optional<SmtpReply> bdat_error_;  // the chunk is read and dropped, then this is sent
};

}  // namespace schannel_emu
