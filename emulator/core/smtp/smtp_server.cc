#include "emulator/core/smtp/smtp_server.h"

#include <openssl/evp.h>

#include <algorithm>
#include <utility>

#include "emulator/core/base/utf8.h"
#include "emulator/core/smtp/command_parser.h"
#include "emulator/core/smtp/exchange_replies.h"

namespace schannel_emu {
namespace {

namespace replies = exchange_replies;

constexpr std::size_t kMaxLoggedArgument = 200;
constexpr std::size_t kMaxReportedAnomalies = 32;
// Above this the input buffer gives its memory back after a large Receive.
constexpr std::size_t kInputKeepCapacity = 64 * 1024;

std::string Sha256Hex(ByteView data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  return ToHex(ByteView(digest, length));
}

std::string FirstWord(std::string_view text) {
  const std::size_t end = text.find(' ');
  return ToUpperAscii(text.substr(0, end));
}

bool IsPrintable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte != 0x7f;
  });
}

}  // namespace

std::string_view SmtpCloseReasonName(SmtpCloseReason reason) {
  switch (reason) {
    case SmtpCloseReason::kNone:
      return "none";
    case SmtpCloseReason::kQuit:
      return "quit";
    case SmtpCloseReason::kTooManyErrors:
      return "too_many_errors";
    case SmtpCloseReason::kIdleTimeout:
      return "idle_timeout";
    case SmtpCloseReason::kShutdown:
      return "shutdown";
  }
  return "unknown";
}

SmtpServer::SmtpServer(const SmtpProfile& profile, SmtpEnvironment environment, MessageSink& sink)
    : profile_(profile),
      environment_(std::move(environment)),
      sink_(sink),
      line_reader_(profile.max_command_line_bytes),
      data_reader_(profile.end_of_data, kMaxReportedAnomalies),
      buffer_(profile.max_message_bytes, profile.max_header_bytes) {}

void SmtpServer::Start() {
  Reply(replies::Banner(environment_.hostname, environment_.banner_date));
}

void SmtpServer::Receive(ByteView data) {
  if (wants_close() || data.empty()) return;
  if (starttls_pending_) {
    Discard(data.size());
    return;
  }

  input_.insert(input_.end(), data.begin(), data.end());
  std::size_t position = 0;
  while (position < input_.size() && !wants_close() && !starttls_pending_) {
    const ByteView rest = ByteView(input_).subspan(position);
    std::size_t used = 0;
    switch (mode_) {
      case Mode::kCommand:
        used = ReadCommand(rest);
        break;
      case Mode::kData:
        used = ReadData(rest);
        break;
      case Mode::kBdat:
        used = ReadChunk(rest);
        break;
    }
    if (used == 0) break;  // DATA needs more octets to decide what the last ones mean
    position += used;
  }

  if (starttls_pending_ && position < input_.size()) Discard(input_.size() - position);
  if (wants_close() || starttls_pending_) position = input_.size();
  input_.erase(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(position));
  if (input_.capacity() > kInputKeepCapacity) input_.shrink_to_fit();
}

Bytes SmtpServer::TakeOutput() { return std::exchange(output_, {}); }

Events SmtpServer::TakeEvents() { return std::exchange(events_, {}); }

void SmtpServer::TlsStarted(std::string version, std::string suite) {
  starttls_pending_ = false;
  tls_ = true;
  tls_version_ = std::move(version);
  tls_suite_ = std::move(suite);
  helo_.clear();
  ResetTransaction();
  input_.clear();
  line_reader_.Reset();
  mode_ = Mode::kCommand;
}

void SmtpServer::IdleTimeout() {
  if (wants_close()) return;
  Reply(replies::Timeout());
  Close(SmtpCloseReason::kIdleTimeout);
}

void SmtpServer::Shutdown() {
  if (wants_close()) return;
  Reply(replies::ServiceNotAvailable());
  Close(SmtpCloseReason::kShutdown);
}

std::size_t SmtpServer::ReadCommand(ByteView input) {
  LineReader::Result result = line_reader_.Feed(input);
  if (result.too_long) {
    Event event = MakeEvent("smtp_line_too_long");
    event.fields["limit"] = profile_.max_command_line_bytes;
    events_.push_back(std::move(event));
    ProtocolError(replies::LineTooLong());
  } else if (result.line) {
    HandleLine(*result.line);
  }
  return result.consumed;
}

std::size_t SmtpServer::ReadData(ByteView input) {
  const DataReader::Result result = data_reader_.Feed(input, buffer_);
  for (const DataAnomaly& anomaly : data_reader_.TakeAnomalies()) {
    Event event = MakeEvent("data_anomaly");
    event.fields["kind"] = DataAnomalyKindName(anomaly.kind);
    event.fields["offset"] = anomaly.offset;
    const bool dotted =
        anomaly.kind != DataAnomalyKind::kBareLf && anomaly.kind != DataAnomalyKind::kLoneCr;
    event.fields["action"] = !dotted ? "noted" : anomaly.ended_data ? "ended_data" : "kept_in_body";
    events_.push_back(std::move(event));
  }
  if (result.finished) {
    if (data_reader_.suppressed() > 0) {
      Event event = MakeEvent("data_anomalies_suppressed");
      event.fields["count"] = data_reader_.suppressed();
      events_.push_back(std::move(event));
    }
    mode_ = Mode::kCommand;
    FinishMessage();
  }
  return result.consumed;
}

std::size_t SmtpServer::ReadChunk(ByteView input) {
  const std::size_t take =
      static_cast<std::size_t>(std::min<std::uint64_t>(input.size(), bdat_remaining_));
  if (!bdat_error_) buffer_.Append(input.first(take));
  bdat_remaining_ -= take;
  if (bdat_remaining_ == 0) FinishChunk();
  return take;
}

void SmtpServer::HandleLine(std::string_view line) {
  const CommandLine command = SplitCommand(line);
  const std::string& verb = command.verb;
  const std::string& argument = command.argument;

  Event event = MakeEvent("smtp_command");
  event.fields["verb"] = ValidUtf8(verb);
  // AUTH arguments can carry credentials (AUTH PLAIN <base64>); keep the mechanism only.
  const bool secret = verb == "AUTH" || verb == "X-EXPS";
  const std::string logged = secret ? FirstWord(argument) : argument;
  event.fields["argument"] = ValidUtf8(logged.substr(0, kMaxLoggedArgument));
  events_.push_back(std::move(event));

  if (verb == "EHLO") return OnHelo(argument, true);
  if (verb == "HELO") return OnHelo(argument, false);
  if (verb == "MAIL") return OnMail(argument);
  if (verb == "RCPT") return OnRcpt(argument);
  if (verb == "DATA") return OnData(argument);
  if (verb == "BDAT") return OnBdat(argument);
  if (verb == "RSET") {
    ResetTransaction();
    return Reply(replies::Resetting());
  }
  if (verb == "NOOP") return Reply(replies::Ok());
  if (verb == "QUIT") {
    Reply(replies::Closing());
    return Close(SmtpCloseReason::kQuit);
  }
  if (verb == "HELP") return Reply(replies::Help());
  if (verb == "VRFY") return OnVrfy(argument);
  if (verb == "STARTTLS" || verb == "X-ANONYMOUSTLS") return OnStartTls(argument, verb);
  if (verb == "AUTH" || verb == "X-EXPS") return OnAuth(argument, verb);
  if (verb == "XEXCH50") return OnXexch50();
  ProtocolError(replies::UnrecognizedCommand());
}

void SmtpServer::OnHelo(const std::string& argument, bool extended) {
  if (argument.empty() || !IsPrintable(argument)) {
    return ProtocolError(replies::InvalidArguments());
  }
  // A new greeting ends any transaction in progress (RFC 5321 4.1.4).
  helo_ = argument;
  ResetTransaction();
  if (!extended) return Reply(replies::Helo(environment_.hostname, environment_.client_address));

  std::vector<std::string> keywords;
  for (const std::string& keyword : profile_.ehlo_keywords) {
    const std::string name = FirstWord(keyword);
    // Exchange stops offering STARTTLS (and its anonymous-TLS twin) once TLS is on.
    if (tls_ && (name == "STARTTLS" || name == "X-ANONYMOUSTLS")) continue;
    keywords.push_back(name == "SIZE" ? "SIZE " + std::to_string(profile_.max_message_bytes)
                                      : keyword);
  }
  Reply(replies::Ehlo(environment_.hostname, environment_.client_address, keywords));
}

void SmtpServer::OnMail(const std::string& argument) {
  if (helo_.empty()) return ProtocolError(replies::SendHelloFirst());
  if (mail_from_) return ProtocolError(replies::SenderAlreadySpecified());
  const std::optional<PathArgument> path = ParsePathArgument(argument, "FROM");
  if (!path) return ProtocolError(replies::InvalidArguments());

  std::string body_type;
  for (const auto& [key, value] : path->parameters) {
    if (key == "SIZE") {
      const std::optional<std::uint64_t> size = ParseDecimal(value);
      if (!size) return ProtocolError(replies::InvalidArguments());
      // A declared size over the limit is a policy refusal, not a protocol error.
      if (*size > profile_.max_message_bytes) return Reply(replies::MessageTooLarge());
    } else if (key == "BODY") {
      body_type = ToUpperAscii(value);
      const bool known = body_type == "7BIT" || body_type == "8BITMIME" ||
                         (body_type == "BINARYMIME" && Advertised("BINARYMIME"));
      if (!known) return ProtocolError(replies::InvalidArguments());
    } else if ((key == "RET" || key == "ENVID") && Advertised("DSN")) {
      // DSN parameters are accepted and not acted on: the emulator sends no reports.
    } else if (key == "AUTH") {
      // RFC 4954 says to accept AUTH= from an unauthenticated client and ignore it.
    } else {
      return ProtocolError(replies::InvalidArguments());
    }
  }
  mail_from_ = path->address;
  body_type_ = body_type;
  Reply(replies::SenderOk());
}

void SmtpServer::OnRcpt(const std::string& argument) {
  if (helo_.empty()) return ProtocolError(replies::SendHelloFirst());
  if (!mail_from_) return ProtocolError(replies::NeedMailCommand());
  const std::optional<PathArgument> path = ParsePathArgument(argument, "TO");
  if (!path || path->address.empty()) return ProtocolError(replies::InvalidArguments());
  for (const auto& parameter : path->parameters) {
    const bool dsn = parameter.first == "NOTIFY" || parameter.first == "ORCPT";
    if (!dsn || !Advertised("DSN")) return ProtocolError(replies::InvalidArguments());
  }
  if (rcpt_to_.size() >= profile_.max_recipients) return Reply(replies::TooManyRecipients());
  if (sink_.CheckRecipient(path->address) == RecipientDecision::kTryLater) {
    return Reply(replies::RecipientTryLater());
  }
  rcpt_to_.push_back(path->address);
  Reply(replies::RecipientOk());
}

void SmtpServer::OnData(const std::string& argument) {
  if (!argument.empty()) return ProtocolError(replies::InvalidArguments());
  if (helo_.empty()) return ProtocolError(replies::SendHelloFirst());
  if (!mail_from_) return ProtocolError(replies::NeedMailCommand());
  // RFC 3030: DATA may not follow BDAT in one transaction, nor carry BINARYMIME.
  if (bdat_active_ || body_type_ == "BINARYMIME") return ProtocolError(replies::BadSequence());
  if (rcpt_to_.empty()) return ProtocolError(replies::NeedRcptCommand());

  Reply(replies::StartMailInput());
  mode_ = Mode::kData;
  data_reader_.Reset();
  buffer_.Reset();
}

void SmtpServer::OnBdat(const std::string& argument) {
  if (!Advertised("CHUNKING")) return ProtocolError(replies::UnrecognizedCommand());
  const std::optional<BdatArgument> chunk = ParseBdatArgument(argument);
  // Without a size there is no telling where the chunk ends: answer at once.
  if (!chunk) return ProtocolError(replies::InvalidArguments());

  // Any other refusal comes after the chunk is read, so that its octets are not taken for
  // commands (RFC 3030 2).
  bdat_error_.reset();
  if (helo_.empty()) {
    bdat_error_ = replies::SendHelloFirst();
  } else if (!mail_from_) {
    bdat_error_ = replies::NeedMailCommand();
  } else if (rcpt_to_.empty()) {
    bdat_error_ = replies::NeedRcptCommand();
  }
  if (!bdat_error_ && !bdat_active_) buffer_.Reset();

  bdat_remaining_ = chunk->size;
  bdat_chunk_size_ = chunk->size;
  bdat_last_ = chunk->last;
  mode_ = Mode::kBdat;
  if (bdat_remaining_ == 0) FinishChunk();
}

void SmtpServer::OnVrfy(const std::string& argument) {
  std::string_view address = argument;
  if (address.size() >= 2 && address.front() == '<' && address.back() == '>') {
    address = address.substr(1, address.size() - 2);
  }
  if (address.empty() || !IsPrintable(address)) {
    return ProtocolError(replies::InvalidArguments());
  }
  Reply(replies::CannotVrfy(address));
}

void SmtpServer::OnStartTls(const std::string& argument, std::string_view keyword) {
  if (!Advertised(keyword)) return ProtocolError(replies::UnrecognizedCommand());
  if (!argument.empty()) return ProtocolError(replies::InvalidArguments());
  // Exchange wants a greeting first (not from a 2007 capture; RFC 3207 does not demand it).
  if (helo_.empty()) return ProtocolError(replies::SendHelloFirst());

  Reply(replies::ServerReady());
  starttls_pending_ = true;
  line_reader_.Reset();
}

void SmtpServer::OnAuth(const std::string& argument, std::string_view keyword) {
  if (!Advertised(keyword)) return ProtocolError(replies::UnrecognizedCommand());
  if (helo_.empty()) return ProtocolError(replies::SendHelloFirst());
  if (argument.empty()) return ProtocolError(replies::InvalidArguments());
  ProtocolError(replies::UnrecognizedAuthentication());
}

void SmtpServer::OnXexch50() {
  if (!Advertised("XEXCH50")) return ProtocolError(replies::UnrecognizedCommand());
  ProtocolError(replies::Xexch50NeedsAuthentication());
}

void SmtpServer::FinishChunk() {
  mode_ = Mode::kCommand;
  if (bdat_error_) {
    const SmtpReply error = *std::exchange(bdat_error_, std::nullopt);
    return ProtocolError(error);
  }
  bdat_active_ = true;
  // Past a limit there is no point waiting for LAST: the message is lost either way.
  if (buffer_.overflow() != MessageOverflow::kNone || bdat_last_) return FinishMessage();
  Reply(replies::ChunkReceived(static_cast<std::size_t>(bdat_chunk_size_)));
}

void SmtpServer::FinishMessage() {
  switch (buffer_.overflow()) {
    case MessageOverflow::kMessage:
      Reject(replies::MessageTooLarge(), "message_too_large");
      break;
    case MessageOverflow::kHeader:
      Reject(replies::HeaderTooLarge(), "header_too_large");
      break;
    case MessageOverflow::kNone:
      StoreMessage();
      break;
  }
  ResetTransaction();
}

void SmtpServer::StoreMessage() {
  Envelope envelope;
  envelope.client_address = environment_.client_address;
  envelope.helo = helo_;
  envelope.mail_from = mail_from_.value_or("");
  envelope.rcpt_to = rcpt_to_;
  envelope.body_type = body_type_;
  envelope.transfer = bdat_active_ ? "bdat" : "data";
  envelope.tls = tls_;
  envelope.tls_version = tls_version_;
  envelope.tls_suite = tls_suite_;

  const Bytes& content = buffer_.content();
  const StoreOutcome outcome = sink_.Store(envelope, content);
  switch (outcome.result) {
    case StoreResult::kStored: {
      Event event = MakeEvent("message");
      event.fields["id"] = outcome.id;
      event.fields["spool_file"] = outcome.location;
      event.fields["size"] = content.size();
      event.fields["sha256"] = Sha256Hex(content);
      event.fields["mail_from"] = ValidUtf8(envelope.mail_from);
      event.fields["rcpt_to"] = nlohmann::ordered_json::array();
      for (const std::string& rcpt : envelope.rcpt_to)
        event.fields["rcpt_to"].push_back(ValidUtf8(rcpt));
      event.fields["helo"] = ValidUtf8(envelope.helo);
      event.fields["tls"] = envelope.tls;
      event.fields["tls_version"] = envelope.tls_version;
      event.fields["tls_suite"] = envelope.tls_suite;
      event.fields["transfer"] = envelope.transfer;
      events_.push_back(std::move(event));
      return Reply(replies::Queued(outcome.id));
    }
    case StoreResult::kNoSpace:
      return Reject(replies::InsufficientResources(), "insufficient_resources");
    case StoreResult::kFailed:
      return Reject(replies::LocalError(), "store_failed");
  }
}

void SmtpServer::Reject(const SmtpReply& reply, std::string_view reason) {
  Event event = MakeEvent("message_rejected");
  event.fields["reason"] = reason;
  event.fields["size"] = buffer_.size();
  events_.push_back(std::move(event));
  Reply(reply);
}

void SmtpServer::ResetTransaction() {
  mail_from_.reset();
  rcpt_to_.clear();
  body_type_.clear();
  bdat_active_ = false;
  buffer_.Reset();
}

bool SmtpServer::Advertised(std::string_view keyword) const {
  if (tls_ && (keyword == "STARTTLS" || keyword == "X-ANONYMOUSTLS")) return false;
  return std::any_of(profile_.ehlo_keywords.begin(), profile_.ehlo_keywords.end(),
                     [&](const std::string& entry) { return FirstWord(entry) == keyword; });
}

void SmtpServer::Reply(const SmtpReply& reply) {
  const Bytes wire = FormatReply(reply);
  output_.insert(output_.end(), wire.begin(), wire.end());
  events_.push_back(ReplyEvent(reply));
}

void SmtpServer::ProtocolError(const SmtpReply& reply) {
  Reply(reply);
  ++protocol_errors_;
  // MaxProtocolErrors: the error that reaches the limit is answered, then the 421 follows
  // (order not from a 2007 capture). A limit of 0 means no limit.
  if (profile_.max_protocol_errors > 0 && protocol_errors_ >= profile_.max_protocol_errors) {
    Reply(replies::TooManyErrors());
    Close(SmtpCloseReason::kTooManyErrors);
  }
}

void SmtpServer::Close(SmtpCloseReason reason) {
  close_reason_ = reason;
  Event event = MakeEvent("smtp_closing");
  event.fields["reason"] = SmtpCloseReasonName(reason);
  events_.push_back(std::move(event));
}

void SmtpServer::Discard(std::size_t bytes) {
  Event event = MakeEvent("starttls_discarded");
  event.fields["bytes"] = bytes;
  events_.push_back(std::move(event));
}

}  // namespace schannel_emu
