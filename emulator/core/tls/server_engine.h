// TlsServerEngine: the emulated peer's SSL 3.0 / TLS 1.0 server handshake (RSA key
// exchange) and record layer, sans I/O.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/event.h"
#include "emulator/core/base/random.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/profile/verdict.h"
#include "emulator/core/tls/handshake_messages.h"
#include "emulator/core/tls/prf.h"
#include "emulator/core/tls/record_protection.h"
#include "emulator/core/tls/record_reader.h"
#include "emulator/core/tls/server_credentials.h"
#include "emulator/core/tls/session_cache.h"

namespace schannel_emu {

enum class TlsState { kHandshaking, kEstablished, kClosed, kFailed };

// TerminalAction is what the network shell does with the connection once the
// engine has nothing more to say: kNone keeps it open; kCloseAfterOutput sends
// TakeOutput() and closes (FIN); kReset aborts (RST) without sending; kHang sends
// nothing and never closes, for the intolerance profiles that stall.
enum class TerminalAction { kNone, kCloseAfterOutput, kReset, kHang };

// TlsEngineOptions: what one connection is handed. The pointers are borrowed and
// must outlive the engine; cache may be null (no resumption).
struct TlsEngineOptions {
  const Profile* profile = nullptr;
  const ServerCredentials* credentials = nullptr;
  RandomSource* random = nullptr;
  SessionCache* cache = nullptr;
  std::int64_t now_seconds = 0;  // gmt_unix_time of the ServerHello, session cache clock
};

// TlsServerEngine is fed the client's bytes in any split and answers like the
// profile's server: it judges the first ClientHello (Judge in verdict.h), refuses
// it with the profile's failure mode or completes a full or abbreviated RSA
// handshake, then carries application data both ways. Every error a peer can
// cause ends in one place (Fail*), as a fatal alert or the profile's failure mode,
// with a "tls_failed" event; nothing the peer sends can throw, crash or make the
// engine buffer more than one record and one handshake message (128 KiB).
// With a DeterministicRandom and a fixed now_seconds, two runs fed the same
// bytes produce the same output bytes.
class TlsServerEngine {
 public:
  explicit TlsServerEngine(const TlsEngineOptions& options);
  ~TlsServerEngine();
  TlsServerEngine(const TlsServerEngine&) = delete;
  TlsServerEngine& operator=(const TlsServerEngine&) = delete;

  // Receive processes bytes from the client. After a terminal action it ignores
  // its input.
  void Receive(ByteView data);

  // TakeOutput returns the bytes to send to the client and forgets them.
  Bytes TakeOutput();
  // TakeApplicationData returns the client's decrypted application data so far.
  Bytes TakeApplicationData();
  // SendApplicationData encrypts data into records of at most 2^14 bytes. It does
  // nothing unless the state is kEstablished.
  void SendApplicationData(ByteView data);
  // Close sends close_notify (when a ServerHello was sent) and asks for the
  // connection to be closed after the output.
  void Close();
  Events TakeEvents();

  TlsState state() const { return state_; }
  TerminalAction action() const { return action_; }
  // verdict is set once the first ClientHello was judged.
  const std::optional<Verdict>& verdict() const { return verdict_; }
  std::uint16_t version() const { return version_; }  // 0 before the ServerHello
  std::uint16_t suite() const { return suite_; }      // 0 before the ServerHello
  bool resumed() const { return resumed_; }
  bool peer_closed() const { return peer_closed_; }

 private:
  enum class Step {
    kExpectHello,
    kExpectClientKeyExchange,
    kExpectChangeCipherSpec,
    kExpectFinished,
    kDone,
  };

  // ReadSsl2Hello handles a complete SSLv2 hello record; false while it is incomplete.
  bool ReadSsl2Hello();
  void HandleRecord(Record record);
  void HandleHandshakeRecord(ByteView payload);
  void HandleHandshakeMessage(const HandshakeMessage& message);
  void HandleClientHelloMessage(const HandshakeMessage& message);
  void HandleClientHello(ClientHello hello);
  void StartFullHandshake();
  void StartAbbreviatedHandshake(const CachedSession& session);
  void HandleClientKeyExchange(const HandshakeMessage& message);
  void HandleChangeCipherSpec(ByteView payload);
  void HandleFinished(const HandshakeMessage& message);
  void HandleAlerts(ByteView payload);
  void HandleApplicationData(ByteView payload);
  void RefuseRenegotiation();

  bool InstallKeys();
  void SendChangeCipherSpecAndFinished();
  void BecomeEstablished();

  // Fail ends the connection because of something the client sent: before the
  // ClientHello was judged with the profile's failure mode (Windows answers
  // nothing), afterwards with the fatal alert `alert`.
  void Fail(AlertDescription alert, std::string_view reason, std::string_view detail);
  void FailWithProfileMode(std::string_view reason, std::string_view detail);
  void FailWithAlert(AlertDescription alert, std::string_view reason, std::string_view detail);
  void Hang(std::string_view reason, std::string_view detail);

  void SendAlert(AlertLevel level, AlertDescription description);
  void SendRecords(ContentType type, ByteView payload);
  std::uint16_t OutgoingRecordVersion() const;

  const Profile& profile_;
  const ServerCredentials& credentials_;
  RandomSource& random_;
  SessionCache* cache_;
  std::int64_t now_seconds_;

  RecordReader reader_;
  HandshakeAssembler assembler_;
  Bytes output_;
  Bytes application_data_;
  Events events_;

  TlsState state_ = TlsState::kHandshaking;
  TerminalAction action_ = TerminalAction::kNone;
  Step step_ = Step::kExpectHello;
  bool first_bytes_seen_ = false;
  std::uint16_t first_record_version_ = 0;

  std::optional<Verdict> verdict_;
  std::optional<ClientHello> hello_;
  std::uint16_t version_ = 0;
  std::uint16_t suite_ = 0;
  std::optional<CipherSuiteInfo> suite_info_;
  bool resumed_ = false;
  bool peer_closed_ = false;
  bool secure_renegotiation_ = false;

  std::array<std::uint8_t, 32> server_random_{};
  Bytes session_id_;
  Bytes master_secret_;
  HandshakeHash transcript_;  // the handshake messages so far, as the Finished hashes see them

  std::unique_ptr<RecordProtection> pending_read_;
  std::unique_ptr<RecordProtection> pending_write_;
  std::unique_ptr<RecordProtection> read_protection_;
  std::unique_ptr<RecordProtection> write_protection_;
};

}  // namespace schannel_emu
