#include "conformance/runner/judge.h"

#include <algorithm>
#include <map>

namespace schannel_emu::conform {
namespace {

std::string Text(const nlohmann::json& json, const char* key) {
  const auto found = json.find(key);
  return found != json.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// LineEnd returns the index just past the CRLF that ends the line starting at `at`, or npos.
std::size_t LineEnd(const std::string& text, std::size_t at) {
  const std::size_t crlf = text.find("\r\n", at);
  return crlf == std::string::npos ? std::string::npos : crlf + 2;
}

bool IsHeaderStart(const std::string& text, std::size_t at, std::size_t end) {
  std::size_t i = at;
  while (i < end && text[i] != ':' && text[i] > ' ' && text[i] < 127) ++i;
  return i > at && i < end && text[i] == ':';
}

bool IsContinuation(const std::string& text, std::size_t at, std::size_t end) {
  return at < end && (text[at] == ' ' || text[at] == '\t');
}

std::string VerdictSentence(const nlohmann::json& verdict) {
  if (verdict.is_null()) return "no ClientHello";
  if (verdict.value("accepted", false)) {
    return "ServerHello " + Text(verdict, "suite") + " (" + Text(verdict, "suite_name") +
           ") for the suite at position " + std::to_string(verdict.value("position", 0)) + " of " +
           std::to_string(verdict.value("offered_count", 0));
  }
  return "ClientHello refused: " + Text(verdict, "reason");
}

std::string NextAction(const JudgeInput& input, const std::vector<ConnectionSummary>& connections) {
  if (connections.empty()) return "never connected";
  const auto first_tls = std::find_if(connections.begin(), connections.end(),
                                      [](const auto& c) { return c.starttls || c.hello; });
  if (first_tls == connections.end()) return "did not try TLS";
  // A completed handshake counts only when the client went on to use it: a client that checks
  // the certificate after the handshake and then quits has given up on TLS just the same.
  if (first_tls->tls && (first_tls->mail || first_tls->messages > 0)) return "-";

  std::size_t tls_again = 0;
  bool clear = false;
  for (auto later = first_tls + 1; later != connections.end(); ++later) {
    if (later->starttls || later->hello) {
      ++tls_again;
    } else if (later->mail) {
      clear = true;
      break;
    }
  }
  const std::string retries =
      tls_again > 0 ? " after " + std::to_string(tls_again) + " more TLS attempt(s)" : "";
  if (clear) return "retried in clear" + retries;
  if (input.still_queued.value_or(false)) {
    return tls_again > 0 ? "retried with TLS " + std::to_string(tls_again) + "x, still deferred"
                         : "deferred";
  }
  if (tls_again > 0) return "retried with TLS " + std::to_string(tls_again) + "x, then gave up";
  if (input.client_timed_out) return "hung until killed";
  return "gave up";
}

}  // namespace

std::optional<ObservedEvent> ParseEventLine(const std::string& line) {
  const auto json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  ObservedEvent event;
  event.name = Text(json, "event");
  if (event.name.empty()) return std::nullopt;
  const auto conn = json.find("conn");
  if (conn != json.end() && conn->is_number_unsigned())
    event.connection = conn->get<std::uint64_t>();
  event.fields = json;
  return event;
}

std::vector<ConnectionSummary> SummariseConnections(const std::vector<ObservedEvent>& events) {
  std::map<std::uint64_t, ConnectionSummary> by_id;
  for (const ObservedEvent& event : events) {
    ConnectionSummary& summary = by_id[event.connection];
    summary.id = event.connection;
    const nlohmann::json& fields = event.fields;
    if (event.name == "smtp_command") {
      std::string verb = Text(fields, "verb");
      std::transform(verb.begin(), verb.end(), verb.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (verb == "STARTTLS") summary.starttls = true;
      if (verb == "MAIL") summary.mail = true;
      if (verb == "BDAT") summary.bdat = true;
    } else if (event.name == "hello") {
      if (!summary.hello) summary.verdict = fields.value("verdict", nlohmann::json());
      summary.hello = true;
    } else if (event.name == "tls") {
      summary.tls = true;
      summary.tls_version = Text(fields, "version");
      summary.tls_suite = Text(fields, "suite");
      summary.tls_suite_name = Text(fields, "suite_name");
    } else if (event.name == "tls_failed") {
      summary.tls_failed = true;
      summary.failure_mode = Text(fields, "mode");
    } else if (event.name == "message" || event.name == "message_stored") {
      ++summary.messages;
    } else if (event.name == "disconnect") {
      summary.disconnect = Text(fields, "by") + " " + Text(fields, "how");
    }
  }
  std::vector<ConnectionSummary> connections;
  for (auto& [id, summary] : by_id) {
    if (id != 0) connections.push_back(std::move(summary));
  }
  return connections;
}

Expected<std::size_t, std::string> CompareDelivered(const std::string& delivered,
                                                    const std::string& expected) {
  if (delivered == expected) return std::size_t{0};

  // Trace fields the sending MTA prepends (Received:, Return-Path: ...) are whole header
  // lines in front of the message; anything else in front, or any change inside, is an
  // alteration.
  if (delivered.size() > expected.size() &&
      delivered.compare(delivered.size() - expected.size(), expected.size(), expected) == 0) {
    const std::size_t prefix = delivered.size() - expected.size();
    std::size_t at = 0;
    std::size_t lines = 0;
    while (at < prefix) {
      const std::size_t end = LineEnd(delivered, at);
      if (end == std::string::npos || end > prefix) break;
      const bool header =
          lines == 0 ? IsHeaderStart(delivered, at, end)
                     : IsHeaderStart(delivered, at, end) || IsContinuation(delivered, at, end);
      if (!header) break;
      ++lines;
      at = end;
    }
    if (at == prefix) return lines;
    return Unexpected{"the message arrived with " + std::to_string(prefix) +
                      " bytes in front of it that are not header lines"};
  }

  const auto mismatch =
      std::mismatch(delivered.rbegin(), delivered.rend(), expected.rbegin(), expected.rend());
  const std::size_t from_end = static_cast<std::size_t>(mismatch.second - expected.rbegin());
  // Index of the last byte that differs, counted from the front of the expected message.
  const std::size_t differs = expected.size() - std::min(from_end + 1, expected.size());
  const std::size_t line =
      static_cast<std::size_t>(std::count(
          expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(differs), '\n')) +
      1;
  return Unexpected{"altered: " + std::to_string(delivered.size()) + " bytes arrived for " +
                    std::to_string(expected.size()) + " sent; the last difference is in line " +
                    std::to_string(line) + " of the message"};
}

Judgement Judge(const JudgeInput& input) {
  Judgement judgement;
  judgement.connections = SummariseConnections(input.events);
  for (const ConnectionSummary& connection : judgement.connections) {
    if (connection.hello) {
      judgement.hello_verdict = connection.verdict;
      break;
    }
  }
  judgement.next = NextAction(input, judgement.connections);

  if (input.kind == ClientKind::kHelloOnly) {
    const nlohmann::json& verdict = judgement.hello_verdict;
    const bool accepted = !verdict.is_null() && verdict.value("accepted", false);
    judgement.outcome = accepted ? Outcome::kPassHandshake : Outcome::kFail;
    judgement.detail = (accepted ? "TLS accepted, " : "") + VerdictSentence(verdict);
    if (accepted) judgement.next = "-";
    return judgement;
  }

  std::vector<const StoredMessage*> ours;
  for (const StoredMessage& message : input.messages) {
    const auto& rcpt = message.envelope.value("rcpt_to", nlohmann::json::array());
    if (std::find(rcpt.begin(), rcpt.end(), input.rcpt_to) != rcpt.end()) {
      ours.push_back(&message);
    }
  }

  if (ours.empty()) {
    judgement.outcome = Outcome::kFail;
    std::string tls;
    for (const ConnectionSummary& connection : judgement.connections) {
      if (connection.tls_failed) {
        tls = "; TLS failed (" + VerdictSentence(connection.verdict) + ", server " +
              connection.failure_mode + ")";
        break;
      }
    }
    judgement.detail =
        "not delivered: " + std::to_string(judgement.connections.size()) + " connection(s)" + tls;
    return judgement;
  }

  std::string first_problem;
  for (const StoredMessage* message : ours) {
    const auto compared = CompareDelivered(message->content, input.expected_message);
    if (!compared) {
      if (first_problem.empty()) first_problem = compared.error();
      continue;
    }
    const bool tls = message->envelope.value("tls", false);
    const bool bdat = std::any_of(judgement.connections.begin(), judgement.connections.end(),
                                  [](const auto& c) { return c.bdat && c.messages > 0; });
    if (input.client_uses_chunking && !bdat) {
      judgement.outcome = Outcome::kFail;
      judgement.detail =
          "delivered with DATA although the client declares CHUNKING support and "
          "the receiver announced it";
      return judgement;
    }
    judgement.trace_lines = *compared;
    judgement.outcome = tls ? Outcome::kPass : Outcome::kPassInClear;
    judgement.detail =
        std::string(tls ? "delivered over " : "delivered in clear") +
        (tls ? Text(message->envelope, "tls_version") + " " + Text(message->envelope, "tls_suite")
             : "") +
        ", byte-exact" + (bdat ? " (BDAT)" : "") +
        (*compared > 0 ? " after " + std::to_string(*compared) + " trace header line(s)" : "") +
        (ours.size() > 1 ? "; " + std::to_string(ours.size()) + " copies arrived" : "");
    return judgement;
  }
  judgement.outcome = Outcome::kFail;
  judgement.detail = first_problem;
  return judgement;
}

}  // namespace schannel_emu::conform
