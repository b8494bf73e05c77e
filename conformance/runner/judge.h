// Judge: what happened to one scenario's message, read only from the emulator's events and
// spool — never from the client's own account of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "conformance/runner/adapter.h"
#include "conformance/runner/outcome.h"

namespace schannel_emu::conform {

// ObservedEvent: one line of the emulator's JSON Lines stream.
struct ObservedEvent {
  std::uint64_t connection = 0;
  std::string name;
  nlohmann::json fields;  // the whole object, including "event" and "conn"
};

// ParseEventLine reads one JSON Lines record; nullopt for a line that is not one.
std::optional<ObservedEvent> ParseEventLine(const std::string& line);

// StoredMessage: a spooled message (<name>.eml) and its envelope (<name>.json).
struct StoredMessage {
  std::string name;
  std::string content;
  nlohmann::json envelope;
};

// ConnectionSummary: what one TCP connection from the client amounted to.
struct ConnectionSummary {
  std::uint64_t id = 0;
  bool starttls = false;   // the client sent STARTTLS
  bool hello = false;      // a ClientHello arrived
  nlohmann::json verdict;  // the emulator's verdict on it (null without a hello)
  bool tls = false;        // the handshake completed
  std::string tls_version;
  std::string tls_suite;       // "0x002f"
  std::string tls_suite_name;  // "AES128-SHA"
  bool tls_failed = false;
  std::string failure_mode;  // "close", "reset", "alert"
  bool mail = false;         // the client got as far as MAIL FROM
  bool bdat = false;         // the client used BDAT
  std::size_t messages = 0;  // messages the emulator accepted on this connection
  std::string disconnect;    // "client fin", "server rst", ...
};

// SummariseConnections groups the events by connection, in connection order.
std::vector<ConnectionSummary> SummariseConnections(const std::vector<ObservedEvent>& events);

struct JudgeInput {
  ClientKind kind = ClientKind::kClient;
  std::vector<ObservedEvent> events;
  std::vector<StoredMessage> messages;
  std::string expected_message;      // the scenario's message as it must cross the wire (CRLF)
  std::string rcpt_to;               // the scenario's recipient
  std::optional<bool> still_queued;  // MTAs: whether the message is still in the queue
  std::optional<int> client_exit;    // the send command's exit status, when it ended
  bool client_timed_out = false;
  bool client_uses_chunking = false;  // the adapter declares it, and the scenario demands it
};

struct Judgement {
  Outcome outcome = Outcome::kFail;
  std::string detail;            // one sentence: what was delivered or lost, and how
  std::string next;              // what the client did after a failed TLS handshake, or "-"
  nlohmann::json hello_verdict;  // the first ClientHello's verdict, or null
  std::vector<ConnectionSummary> connections;
  std::size_t trace_lines = 0;  // header lines the client's MTA prepended (Received: ...)
};

// CompareDelivered checks `delivered` against `expected`: equal, or equal after a block of
// whole header lines the sending MTA prepended (trace fields). Returns the number of
// prepended lines, or an error saying where the bytes first differ.
Expected<std::size_t, std::string> CompareDelivered(const std::string& delivered,
                                                    const std::string& expected);

// Judge decides the outcome: pass (byte-exact over TLS), pass-in-clear (byte-exact without
// TLS), pass-handshake (hello-only clients whose hello was accepted), fail otherwise.
Judgement Judge(const JudgeInput& input);

}  // namespace schannel_emu::conform
