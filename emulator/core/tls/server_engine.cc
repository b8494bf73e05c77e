#include "emulator/core/tls/server_engine.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>

#include "emulator/core/tls/engine_events.h"
#include "emulator/core/tls/pre_master_secret.h"
#include "emulator/core/tls/prf.h"

namespace schannel_emu {
namespace {

// Bounds on what a client can make the engine hold. A ClientHello may be large
// (many suites and extensions); the other client messages are small (the largest,
// ClientKeyExchange, is one RSA block).
constexpr std::size_t kMaxClientHelloBody = 1 << 17;
constexpr std::size_t kMaxOtherHandshakeBody = 1 << 14;

std::uint8_t Byte(ContentType type) { return static_cast<std::uint8_t>(type); }
std::uint8_t Byte(AlertDescription description) { return static_cast<std::uint8_t>(description); }

// Ssl3Alert maps alerts that only TLS defines to the SSL 3.0 alert a server sends
// instead (RFC 6101 5.4 has no decode_error, decrypt_error, record_overflow,
// protocol_version, internal_error or no_renegotiation).
AlertDescription Ssl3Alert(AlertDescription description) {
  switch (description) {
    case AlertDescription::kCloseNotify:
    case AlertDescription::kUnexpectedMessage:
    case AlertDescription::kBadRecordMac:
    case AlertDescription::kDecompressionFailure:
    case AlertDescription::kHandshakeFailure:
    case AlertDescription::kNoCertificate:
    case AlertDescription::kBadCertificate:
    case AlertDescription::kIllegalParameter:
      return description;
    case AlertDescription::kDecodeError:
    case AlertDescription::kRecordOverflow:
      return AlertDescription::kIllegalParameter;
    default:
      return AlertDescription::kHandshakeFailure;
  }
}

std::string_view RecordErrorDetail(RecordError error) {
  switch (error) {
    case RecordError::kBadContentType:
      return "the client sent bytes that are not a TLS record (unknown content type); it may not "
             "be speaking TLS at all";
    case RecordError::kBadVersion:
      return "the client sent a record whose major version is not 3 (SSL 3.0 / TLS)";
    case RecordError::kTooLong:
      return "the client sent a record longer than TLS allows (2^14 + 2048 bytes)";
  }
  return "the client sent a malformed record";
}

}  // namespace

TlsServerEngine::TlsServerEngine(const TlsEngineOptions& options)
    : profile_(*options.profile),
      credentials_(*options.credentials),
      random_(*options.random),
      cache_(options.cache),
      now_seconds_(options.now_seconds) {}

TlsServerEngine::~TlsServerEngine() {
  OPENSSL_cleanse(master_secret_.data(), master_secret_.size());
}

Bytes TlsServerEngine::TakeOutput() { return std::exchange(output_, {}); }
Bytes TlsServerEngine::TakeApplicationData() { return std::exchange(application_data_, {}); }
Events TlsServerEngine::TakeEvents() { return std::exchange(events_, {}); }

void TlsServerEngine::Receive(ByteView data) {
  if (action_ != TerminalAction::kNone) return;
  reader_.Feed(data);

  // The first flight is either TLS records or an SSLv2-compatible hello, whose
  // 2-byte header has the top bit set (RFC 2246 appendix E.1); three bytes tell.
  if (!first_bytes_seen_) {
    const ByteView head = reader_.Peek();
    if (head.empty()) return;
    if ((head[0] & 0x80) != 0) {
      if (head.size() < 3) return;
      if (!LooksLikeSsl2Hello(head)) {
        FailWithProfileMode("not_tls",
                            "the client's first bytes are neither a TLS record nor an "
                            "SSLv2-compatible ClientHello");
        return;
      }
      if (!ReadSsl2Hello()) return;
    }
    first_bytes_seen_ = true;
  }

  while (action_ == TerminalAction::kNone) {
    auto next = reader_.Next();
    if (!next) {
      const RecordError error = next.error();
      const AlertDescription alert =
          error == RecordError::kBadContentType ? AlertDescription::kUnexpectedMessage
          : error == RecordError::kBadVersion   ? AlertDescription::kProtocolVersion
                                                : AlertDescription::kRecordOverflow;
      const std::string_view reason = error == RecordError::kBadContentType ? "not_tls"
                                      : error == RecordError::kBadVersion   ? "bad_record_version"
                                                                            : "record_overflow";
      Fail(alert, reason, RecordErrorDetail(error));
      return;
    }
    if (!next->has_value()) return;
    HandleRecord(std::move(**next));
  }
}

bool TlsServerEngine::ReadSsl2Hello() {
  // An SSLv2 record with a 2-byte header: 15 bits of length (at most 32 KiB), then
  // the message.
  const ByteView head = reader_.Peek();
  const std::size_t length = ((std::size_t{head[0]} & 0x7f) << 8) | std::size_t{head[1]};
  if (head.size() < 2 + length) return false;

  auto hello = ParseSsl2ClientHello(head.first(2 + length));
  reader_.Skip(2 + length);
  if (!hello) {
    FailWithProfileMode(HelloErrorName(hello.error()), DescribeHelloError(hello.error()));
    return true;
  }
  hello->record_version = 0;
  hello->record_count = 1;
  HandleClientHello(std::move(hello.value()));
  return true;
}

void TlsServerEngine::HandleRecord(Record record) {
  if (first_record_version_ == 0) first_record_version_ = record.version;

  Bytes payload;
  if (read_protection_) {
    auto opened = read_protection_->Open(static_cast<ContentType>(record.type), record.fragment);
    if (!opened) {
      const bool overflow = opened.error() == AlertDescription::kRecordOverflow;
      Fail(opened.error(), overflow ? "record_overflow" : "bad_record_mac",
           overflow ? "a decrypted record from the client is longer than 2^14 bytes"
                    : "a record from the client failed its MAC or padding check; the data was "
                      "altered in transit or the client uses different keys");
      return;
    }
    payload = std::move(opened.value());
  } else {
    payload = std::move(record.fragment);
  }
  if (payload.size() > kMaxPlaintextFragment) {
    Fail(AlertDescription::kRecordOverflow, "record_overflow",
         "a record from the client carries more than 2^14 bytes of plaintext");
    return;
  }

  const auto type = static_cast<ContentType>(record.type);
  if (type != ContentType::kHandshake && assembler_.partial()) {
    Fail(AlertDescription::kUnexpectedMessage, "unexpected_message",
         "the client interleaved another record type with the pieces of a handshake message");
    return;
  }
  if (!verdict_ && type != ContentType::kHandshake) {
    Fail(AlertDescription::kUnexpectedMessage, "no_client_hello",
         "the client's first record is not a handshake record carrying a ClientHello");
    return;
  }

  switch (type) {
    case ContentType::kHandshake:
      HandleHandshakeRecord(payload);
      return;
    case ContentType::kChangeCipherSpec:
      HandleChangeCipherSpec(payload);
      return;
    case ContentType::kAlert:
      HandleAlerts(payload);
      return;
    case ContentType::kApplicationData:
      HandleApplicationData(payload);
      return;
  }
}

void TlsServerEngine::HandleHandshakeRecord(ByteView payload) {
  if (payload.empty()) {
    // RFC 2246 6.2.1: zero-length fragments are allowed only for application data.
    Fail(AlertDescription::kUnexpectedMessage, "empty_handshake_record",
         "the client sent an empty handshake record, which TLS forbids");
    return;
  }
  assembler_.AddRecord(payload);
  while (action_ == TerminalAction::kNone) {
    const bool hello_expected = step_ == Step::kExpectHello || step_ == Step::kDone;
    auto message = assembler_.Next(hello_expected ? kMaxClientHelloBody : kMaxOtherHandshakeBody);
    if (!message) {
      Fail(AlertDescription::kDecodeError, "handshake_message_too_long",
           "the client announced a handshake message longer than the server accepts");
      return;
    }
    if (!message->has_value()) return;
    HandleHandshakeMessage(**message);
  }
}

void TlsServerEngine::HandleHandshakeMessage(const HandshakeMessage& message) {
  switch (step_) {
    case Step::kExpectHello:
      HandleClientHelloMessage(message);
      return;
    case Step::kExpectClientKeyExchange:
      if (message.type != HandshakeType::kClientKeyExchange) break;
      HandleClientKeyExchange(message);
      return;
    case Step::kExpectChangeCipherSpec:
      break;
    case Step::kExpectFinished:
      if (message.type != HandshakeType::kFinished) break;
      HandleFinished(message);
      return;
    case Step::kDone:
      if (message.type != HandshakeType::kClientHello) break;
      RefuseRenegotiation();
      return;
  }
  Fail(AlertDescription::kUnexpectedMessage, "unexpected_message",
       "the client sent handshake message type " +
           std::to_string(static_cast<unsigned>(message.type)) +
           " where the handshake does not allow it");
}

void TlsServerEngine::HandleClientHelloMessage(const HandshakeMessage& message) {
  if (message.type != HandshakeType::kClientHello) {
    FailWithProfileMode("no_client_hello",
                        "the client's first handshake message is not a ClientHello");
    return;
  }
  auto hello = ParseClientHelloMessage(message.bytes);
  if (!hello) {
    FailWithProfileMode(HelloErrorName(hello.error()), DescribeHelloError(hello.error()));
    return;
  }
  hello->record_version = first_record_version_;
  hello->record_count = message.record_count;
  HandleClientHello(std::move(hello.value()));
}

void TlsServerEngine::HandleClientHello(ClientHello hello) {
  verdict_ = Judge(profile_, hello);
  events_.push_back(HelloEvent(hello, *verdict_));
  hello_ = std::move(hello);
  const Verdict& verdict = *verdict_;

  if (!verdict.accepted) {
    if (verdict.reason == VerdictReason::kHangOnHelloSize) {
      Hang(VerdictReasonName(verdict.reason), verdict.explanation);
    } else {
      FailWithProfileMode(VerdictReasonName(verdict.reason), verdict.explanation);
    }
    return;
  }

  // KB2541763: before that update SChannel could not parse a handshake message
  // spread over several records (FACTS.md: "fragmented handshake messages").
  if (!profile_.accept_fragmented_handshake && hello_->record_count > 1) {
    FailWithProfileMode("fragmented_hello",
                        "the ClientHello was split over " + std::to_string(hello_->record_count) +
                            " records, which this profile (a server without KB2541763) cannot "
                            "read");
    return;
  }

  suite_info_ = FindCipherSuite(verdict.suite);
  if (!verdict.negotiable || !suite_info_ || !suite_info_->negotiable) {
    FailWithProfileMode(
        "suite_not_negotiable",
        "the server would pick " + SuiteCodeText(verdict.suite) +
            (suite_info_ ? " (" + std::string(suite_info_->openssl_name) + ")" : std::string()) +
            ", an export or DHE-DSS suite that the emulator judges but cannot negotiate; a real "
            "server would continue the handshake");
    return;
  }
  if (verdict.version != kSsl3 && verdict.version != kTls10) {
    FailWithProfileMode("version_not_negotiable",
                        "the profile would answer with " + VersionName(verdict.version) +
                            ", which the emulator's engine does not implement (SSL 3.0 and TLS "
                            "1.0 only)");
    return;
  }
  version_ = verdict.version;

  // RFC 5746: the client signals support with the extension or the SCSV, and on
  // an initial handshake the extension must carry an empty renegotiated_connection.
  const HelloExtension* renegotiation_info = hello_->FindExtension(kExtRenegotiationInfo);
  if (profile_.secure_renegotiation) {
    const ByteView renegotiated_connection =
        renegotiation_info != nullptr ? hello_->ExtensionData(*renegotiation_info) : ByteView();
    if (renegotiation_info != nullptr &&
        (renegotiated_connection.size() != 1 || renegotiated_connection[0] != 0)) {
      FailWithAlert(AlertDescription::kHandshakeFailure, "bad_renegotiation_info",
                    "the client's renegotiation_info extension is not empty on an initial "
                    "handshake (RFC 5746 3.6)");
      return;
    }
    const auto& specs = hello_->cipher_specs;
    secure_renegotiation_ = renegotiation_info != nullptr ||
                            std::find(specs.begin(), specs.end(),
                                      std::uint32_t{kEmptyRenegotiationInfoScsv}) != specs.end();
  }

  // gmt_unix_time, then 28 random bytes (RFC 2246 7.4.1.2).
  const auto gmt = static_cast<std::uint32_t>(now_seconds_);
  server_random_[0] = static_cast<std::uint8_t>(gmt >> 24);
  server_random_[1] = static_cast<std::uint8_t>(gmt >> 16);
  server_random_[2] = static_cast<std::uint8_t>(gmt >> 8);
  server_random_[3] = static_cast<std::uint8_t>(gmt);
  random_.Fill(std::span(server_random_).subspan(4));

  transcript_ = HandshakeHash();
  transcript_.Add(hello_->message);

  // A session can be resumed when the client offers its ID and would get the
  // same version and suite again: the cached suite must be one the server could
  // select from this hello (enabled, usable, inside the window).
  if (profile_.session_resumption && cache_ != nullptr && hello_->format == HelloFormat::kTls &&
      !hello_->session_id.empty()) {
    if (auto cached = cache_->Find(hello_->session_id, now_seconds_)) {
      const bool selectable = std::any_of(
          verdict.supported.begin(), verdict.supported.end(), [&](const SuiteSighting& sighting) {
            return sighting.suite == cached->suite && sighting.in_window && sighting.usable;
          });
      const auto cached_info = FindCipherSuite(cached->suite);
      if (selectable && cached->version == version_ && cached_info && cached_info->negotiable) {
        StartAbbreviatedHandshake(*cached);
        return;
      }
    }
  }
  StartFullHandshake();
}

void TlsServerEngine::StartFullHandshake() {
  suite_ = verdict_->suite;
  session_id_.resize(32);
  random_.Fill(session_id_);

  Bytes flight = BuildServerHello(
      ServerHelloFields{version_, server_random_, session_id_, suite_, secure_renegotiation_});
  Append(flight, BuildCertificate(credentials_.certificate_der));
  Append(flight, BuildServerHelloDone());
  transcript_.Add(flight);

  // The three messages share records, as many as 2^14-byte fragments need.
  SendRecords(ContentType::kHandshake, flight);
  step_ = Step::kExpectClientKeyExchange;
}

void TlsServerEngine::StartAbbreviatedHandshake(const CachedSession& session) {
  resumed_ = true;
  suite_ = session.suite;
  suite_info_ = FindCipherSuite(suite_);
  session_id_ = hello_->session_id;
  master_secret_ = session.master_secret;

  const Bytes server_hello = BuildServerHello(
      ServerHelloFields{version_, server_random_, session_id_, suite_, secure_renegotiation_});
  transcript_.Add(server_hello);
  SendRecords(ContentType::kHandshake, server_hello);

  if (!InstallKeys()) return;
  SendChangeCipherSpecAndFinished();
  step_ = Step::kExpectChangeCipherSpec;
}

void TlsServerEngine::HandleClientKeyExchange(const HandshakeMessage& message) {
  auto encrypted = ReadEncryptedPreMaster(version_, message.body());
  if (!encrypted) {
    Fail(encrypted.error(), "bad_client_key_exchange",
         "the client's ClientKeyExchange is not a length-prefixed RSA block");
    return;
  }
  transcript_.Add(message.bytes);

  // Credentials built without a pool still work, at the cost of a fresh context.
  RsaDecryptionPool unshared;
  RsaDecryptionPool& pool = credentials_.decryption ? *credentials_.decryption : unshared;
  PreMasterSecret pre_master = DecryptPreMasterSecret(
      credentials_.private_key.get(), pool, *encrypted, hello_->client_version, version_, random_);
  master_secret_ = MasterSecret(version_, pre_master.secret, hello_->random, server_random_);
  OPENSSL_cleanse(pre_master.secret.data(), pre_master.secret.size());

  if (!InstallKeys()) return;
  step_ = Step::kExpectChangeCipherSpec;
}

bool TlsServerEngine::InstallKeys() {
  const KeyBlock keys =
      DeriveKeyBlock(version_, *suite_info_, master_secret_, hello_->random, server_random_);
  auto read = RecordProtection::Create(version_, *suite_info_, keys.client_mac_key, keys.client_key,
                                       keys.client_iv, false);
  auto write = RecordProtection::Create(version_, *suite_info_, keys.server_mac_key,
                                        keys.server_key, keys.server_iv, true);
  if (!read || !write) {
    FailWithAlert(AlertDescription::kInternalError, "cipher_unavailable",
                  "libcrypto cannot provide the cipher for " +
                      std::string(suite_info_->openssl_name) + ": " +
                      (read ? write.error() : read.error()));
    return false;
  }
  pending_read_ = std::move(read.value());
  pending_write_ = std::move(write.value());
  return true;
}

void TlsServerEngine::HandleChangeCipherSpec(ByteView payload) {
  if (step_ != Step::kExpectChangeCipherSpec) {
    Fail(AlertDescription::kUnexpectedMessage, "unexpected_change_cipher_spec",
         "the client sent ChangeCipherSpec before the keys were agreed");
    return;
  }
  if (payload.size() != 1 || payload[0] != 1) {
    Fail(AlertDescription::kIllegalParameter, "bad_change_cipher_spec",
         "the client's ChangeCipherSpec is not the single byte 1");
    return;
  }
  read_protection_ = std::move(pending_read_);
  step_ = Step::kExpectFinished;
}

void TlsServerEngine::HandleFinished(const HandshakeMessage& message) {
  const Bytes expected =
      FinishedVerifyData(version_, master_secret_, /*from_client=*/true, transcript_);
  const ByteView received = message.body();
  if (received.size() != expected.size() ||
      CRYPTO_memcmp(received.data(), expected.data(), expected.size()) != 0) {
    FailWithAlert(AlertDescription::kDecryptError, "finished_mismatch",
                  "the client's Finished does not match the handshake: the client and the "
                  "server computed different keys (a damaged or forged ClientKeyExchange, or "
                  "altered handshake messages)");
    return;
  }
  transcript_.Add(message.bytes);

  if (!resumed_) SendChangeCipherSpecAndFinished();
  BecomeEstablished();
}

void TlsServerEngine::SendChangeCipherSpecAndFinished() {
  const std::uint8_t change_cipher_spec[] = {1};
  SendRecords(ContentType::kChangeCipherSpec, change_cipher_spec);
  write_protection_ = std::move(pending_write_);

  const Bytes finished = BuildFinished(
      FinishedVerifyData(version_, master_secret_, /*from_client=*/false, transcript_));
  transcript_.Add(finished);
  SendRecords(ContentType::kHandshake, finished);
}

void TlsServerEngine::BecomeEstablished() {
  step_ = Step::kDone;
  state_ = TlsState::kEstablished;
  if (!resumed_ && profile_.session_resumption && cache_ != nullptr) {
    cache_->Store(session_id_, CachedSession{master_secret_, version_, suite_}, now_seconds_);
  }
  events_.push_back(TlsEvent(version_, suite_, resumed_, secure_renegotiation_));
}

void TlsServerEngine::RefuseRenegotiation() {
  // The emulator does not model renegotiation: whether and how SChannel on 2003
  // renegotiated inside an SMTP session is not documented (docs/FIDELITY.md), so
  // a client-initiated ClientHello is declined the way RFC 2246 7.4.1.2 allows,
  // with a warning no_renegotiation, and the session continues. SSL 3.0 has no
  // such alert, so there the refusal is fatal (RFC 6101 gives no other answer).
  if (version_ == kSsl3) {
    FailWithAlert(AlertDescription::kHandshakeFailure, "renegotiation_refused",
                  "the client tried to renegotiate an SSL 3.0 session; the emulator does not "
                  "model renegotiation");
    return;
  }
  SendAlert(AlertLevel::kWarning, AlertDescription::kNoRenegotiation);
}

void TlsServerEngine::HandleAlerts(ByteView payload) {
  if (payload.empty() || payload.size() % 2 != 0) {
    Fail(AlertDescription::kDecodeError, "bad_alert",
         "the client sent an alert record that is not a whole number of 2-byte alerts");
    return;
  }
  for (std::size_t i = 0; i + 1 < payload.size() && action_ == TerminalAction::kNone; i += 2) {
    const std::uint8_t level = payload[i];
    const std::uint8_t description = payload[i + 1];
    events_.push_back(AlertEvent("tls_alert_received", level, description));

    if (description == Byte(AlertDescription::kCloseNotify)) {
      peer_closed_ = true;
      if (version_ != 0) {
        SendAlert(AlertLevel::kWarning, AlertDescription::kCloseNotify);
      }
      events_.push_back(TlsClosedEvent("client"));
      state_ = TlsState::kClosed;
      action_ = TerminalAction::kCloseAfterOutput;
      return;
    }
    if (level != static_cast<std::uint8_t>(AlertLevel::kWarning)) {
      // A fatal alert ends the connection; the session must not be resumed (RFC 2246 7.2.2).
      if (cache_ != nullptr && !session_id_.empty()) cache_->Remove(session_id_);
      if (state_ == TlsState::kHandshaking) {
        events_.push_back(TlsFailedEvent(
            "close", "alert_received",
            "the client aborted the handshake with a fatal " + AlertName(description) + " alert"));
      }
      state_ = TlsState::kFailed;
      action_ = TerminalAction::kCloseAfterOutput;
      return;
    }
    // Other warnings (no_certificate from SSL 3.0 clients, user_canceled) need no answer.
  }
}

void TlsServerEngine::HandleApplicationData(ByteView payload) {
  if (state_ != TlsState::kEstablished) {
    Fail(AlertDescription::kUnexpectedMessage, "unexpected_application_data",
         "the client sent application data before the handshake finished");
    return;
  }
  Append(application_data_, payload);
}

void TlsServerEngine::SendApplicationData(ByteView data) {
  if (state_ != TlsState::kEstablished || action_ != TerminalAction::kNone) return;
  SendRecords(ContentType::kApplicationData, data);
}

void TlsServerEngine::Close() {
  if (action_ != TerminalAction::kNone) return;
  if (version_ != 0) SendAlert(AlertLevel::kWarning, AlertDescription::kCloseNotify);
  events_.push_back(TlsClosedEvent("server"));
  state_ = TlsState::kClosed;
  action_ = TerminalAction::kCloseAfterOutput;
}

void TlsServerEngine::Fail(AlertDescription alert, std::string_view reason,
                           std::string_view detail) {
  if (!verdict_) {
    FailWithProfileMode(reason, detail);
  } else {
    FailWithAlert(alert, reason, detail);
  }
}

void TlsServerEngine::FailWithProfileMode(std::string_view reason, std::string_view detail) {
  const FailureMode mode = profile_.failure;
  events_.push_back(TlsFailedEvent(FailureModeName(mode), reason, detail));
  state_ = TlsState::kFailed;
  switch (mode) {
    case FailureMode::kClose:
      action_ = TerminalAction::kCloseAfterOutput;
      return;
    case FailureMode::kReset:
      action_ = TerminalAction::kReset;
      return;
    case FailureMode::kAlert:
      SendAlert(AlertLevel::kFatal, AlertDescription::kHandshakeFailure);
      action_ = TerminalAction::kCloseAfterOutput;
      return;
  }
}

void TlsServerEngine::FailWithAlert(AlertDescription alert, std::string_view reason,
                                    std::string_view detail) {
  if (cache_ != nullptr && !session_id_.empty()) cache_->Remove(session_id_);
  SendAlert(AlertLevel::kFatal, alert);
  events_.push_back(TlsFailedEvent("alert", reason, detail));
  state_ = TlsState::kFailed;
  action_ = TerminalAction::kCloseAfterOutput;
}

void TlsServerEngine::Hang(std::string_view reason, std::string_view detail) {
  events_.push_back(TlsFailedEvent("hang", reason, detail));
  state_ = TlsState::kFailed;
  action_ = TerminalAction::kHang;
}

void TlsServerEngine::SendAlert(AlertLevel level, AlertDescription description) {
  const AlertDescription sent = version_ == kSsl3 ? Ssl3Alert(description) : description;
  const std::uint8_t alert[] = {static_cast<std::uint8_t>(level), Byte(sent)};
  SendRecords(ContentType::kAlert, alert);
  events_.push_back(AlertEvent("tls_alert_sent", alert[0], alert[1]));
}

void TlsServerEngine::SendRecords(ContentType type, ByteView payload) {
  // An empty payload still makes one (empty) record; only alerts, ChangeCipherSpec
  // and handshake data come here besides application data, and none is empty.
  std::size_t offset = 0;
  do {
    const std::size_t length = std::min(kMaxPlaintextFragment, payload.size() - offset);
    const ByteView fragment = payload.subspan(offset, length);
    if (write_protection_) {
      write_protection_->Seal(type, fragment, output_);
    } else {
      AppendU8(output_, Byte(type));
      AppendU16(output_, OutgoingRecordVersion());
      AppendVector16(output_, fragment);
    }
    offset += length;
  } while (offset < payload.size());
}

std::uint16_t TlsServerEngine::OutgoingRecordVersion() const {
  if (version_ != 0) return version_;
  // Before a version is agreed (an alert answering the hello): the version of
  // the hello's record, or for an SSLv2-format hello the version the server
  // would have chosen.
  if (hello_ && hello_->record_version != 0) return hello_->record_version;
  if (hello_) return std::min(hello_->client_version, profile_.max_version);
  if (first_record_version_ != 0) return first_record_version_;
  return profile_.max_version;
}

}  // namespace schannel_emu
