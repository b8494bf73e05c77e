#include "emulator/core/session/session.h"

#include <utility>

#include "emulator/core/base/cipher_suites.h"

namespace schannel_emu {
namespace {

SmtpEnvironment MakeEnvironment(const SessionOptions& options) {
  SmtpEnvironment environment;
  environment.hostname = options.hostname;
  environment.banner_date = options.banner_date;
  environment.client_address = options.client_address;
  return environment;
}

TlsEngineOptions MakeTlsOptions(const SessionOptions& options) {
  TlsEngineOptions tls;
  tls.profile = options.profile;
  tls.credentials = options.credentials;
  tls.random = options.random;
  tls.cache = options.session_cache;
  tls.now_seconds = options.now_seconds;
  return tls;
}

std::string SuiteName(std::uint16_t code) {
  if (const auto info = FindCipherSuite(code)) return std::string(info->openssl_name);
  return "unknown";
}

}  // namespace

std::string_view SessionActionName(SessionAction action) {
  switch (action) {
    case SessionAction::kContinue:
      return "continue";
    case SessionAction::kClose:
      return "close";
    case SessionAction::kReset:
      return "reset";
    case SessionAction::kHang:
      return "hang";
  }
  return "continue";
}

Session::Session(const SessionOptions& options)
    : options_(options), smtp_(options.profile->smtp, MakeEnvironment(options), *options.sink) {}

void Session::Start() {
  smtp_.Start();
  Pump();
}

void Session::Receive(ByteView data) {
  if (action_ != SessionAction::kContinue) return;

  if (tls_) {
    tls_->Receive(data);
  } else {
    smtp_.Receive(data);
  }
  Pump();
}

void Session::IdleTimeout() {
  if (action_ != SessionAction::kContinue) return;
  // A TLS handshake that stalls has no SMTP channel to answer on: just close.
  if (tls_ && tls_->state() != TlsState::kEstablished) {
    action_ = SessionAction::kClose;
    return;
  }
  smtp_.IdleTimeout();
  Pump();
}

void Session::Shutdown() {
  if (action_ != SessionAction::kContinue) return;
  if (tls_ && tls_->state() != TlsState::kEstablished) {
    action_ = SessionAction::kClose;
    return;
  }
  smtp_.Shutdown();
  Pump();
}

void Session::PeerClosed() {
  if (action_ == SessionAction::kContinue || action_ == SessionAction::kHang) {
    action_ = SessionAction::kClose;
  }
}

Bytes Session::TakeOutput() { return std::exchange(output_, {}); }

Events Session::TakeEvents() { return std::exchange(events_, {}); }

bool Session::tls_active() const { return tls_ && tls_->state() == TlsState::kEstablished; }

void Session::Collect(Events&& events) {
  for (Event& event : events) events_.push_back(std::move(event));
}

void Session::StartTls() { tls_ = std::make_unique<TlsServerEngine>(MakeTlsOptions(options_)); }

// Pump moves bytes between the engines until neither has anything more to say. The
// loop is bounded: each pass either moves bytes or ends it.
void Session::Pump() {
  for (int pass = 0; pass < 8; ++pass) {
    bool moved = false;

    if (!tls_) {
      Bytes plain = smtp_.TakeOutput();
      moved = moved || !plain.empty();
      Append(output_, plain);
      Collect(smtp_.TakeEvents());
      // The "220 2.0.0 SMTP server ready" went out in clear; from here on the
      // connection belongs to the TLS engine.
      if (smtp_.starttls_requested()) {
        StartTls();
        moved = true;
      } else if (smtp_.wants_close()) {
        action_ = SessionAction::kClose;
      }
      if (!moved) break;
      continue;
    }

    Collect(tls_->TakeEvents());
    if (tls_->state() == TlsState::kEstablished && !told_smtp_tls_started_) {
      told_smtp_tls_started_ = true;
      smtp_.TlsStarted(VersionName(tls_->version()), SuiteName(tls_->suite()));
      moved = true;
    }

    Bytes application_data = tls_->TakeApplicationData();
    if (!application_data.empty()) {
      smtp_.Receive(application_data);
      moved = true;
    }
    Bytes reply = smtp_.TakeOutput();
    if (!reply.empty() && tls_->state() == TlsState::kEstablished) {
      tls_->SendApplicationData(reply);
      moved = true;
    }
    Collect(smtp_.TakeEvents());
    if (smtp_.wants_close() && tls_->state() == TlsState::kEstablished) tls_->Close();

    Bytes protected_bytes = tls_->TakeOutput();
    moved = moved || !protected_bytes.empty();
    Append(output_, protected_bytes);
    Collect(tls_->TakeEvents());

    switch (tls_->action()) {
      case TerminalAction::kNone:
        break;
      case TerminalAction::kCloseAfterOutput:
        action_ = SessionAction::kClose;
        break;
      case TerminalAction::kReset:
        action_ = SessionAction::kReset;
        break;
      case TerminalAction::kHang:
        action_ = SessionAction::kHang;
        break;
    }
    if (tls_->peer_closed() && action_ == SessionAction::kContinue) action_ = SessionAction::kClose;
    if (!moved || action_ != SessionAction::kContinue) break;
  }
}

}  // namespace schannel_emu
