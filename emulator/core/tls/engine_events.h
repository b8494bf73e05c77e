// The TLS engine's events, built in one place so their names and fields stay stable
// (docs/EVENTS.md lists them).
#pragma once

#include <cstdint>
#include <string_view>

#include "emulator/core/base/event.h"
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu {

// HelloEvent: "hello" {format, record_version, client_version, offered, offered_count,
// extensions, verdict}.
Event HelloEvent(const ClientHello& hello, const Verdict& verdict);

// TlsEvent: "tls" {version, suite, suite_name, resumed, secure_renegotiation}.
Event TlsEvent(std::uint16_t version, std::uint16_t suite, bool resumed, bool secure_renegotiation);

// TlsFailedEvent: "tls_failed" {mode, reason, detail}; mode is "close", "reset",
// "alert" or "hang".
Event TlsFailedEvent(std::string_view mode, std::string_view reason, std::string_view detail);

// AlertEvent: "tls_alert_sent" or "tls_alert_received" {level, description}.
Event AlertEvent(std::string_view name, std::uint8_t level, std::uint8_t description);

// TlsClosedEvent: "tls_closed" {by}; by is "client" or "server".
Event TlsClosedEvent(std::string_view by);

}  // namespace schannel_emu
