#include "emulator/shell/event_log.h"

#include <sstream>

namespace schannel_emu {
namespace {

// Dump never throws: a client can put any bytes into a command, and JSON needs UTF-8, so
// invalid sequences become U+FFFD instead of an exception that would end the session.
std::string Dump(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string Text(const nlohmann::ordered_json& fields, const char* key) {
  const auto found = fields.find(key);
  if (found == fields.end() || found->is_null()) return "?";
  return found->is_string() ? found->get<std::string>() : Dump(*found);
}

std::string DescribeHello(const nlohmann::ordered_json& fields) {
  std::ostringstream line;
  line << "ClientHello " << Text(fields, "client_version") << " offering "
       << Text(fields, "offered_count") << " suites";
  const auto verdict = fields.find("verdict");
  if (verdict != fields.end() && verdict->is_object()) {
    line << ": " << Text(*verdict, "explanation");
  }
  return line.str();
}

}  // namespace

std::string HumanLine(std::uint64_t connection_id, const Event& event) {
  const auto& fields = event.fields;
  std::string text;
  if (event.name == "connect") {
    text = "connection from " + Text(fields, "client");
  } else if (event.name == "connection_refused") {
    text = "refused a connection: " + Text(fields, "reason");
  } else if (event.name == "hello") {
    text = DescribeHello(fields);
  } else if (event.name == "tls") {
    text = "TLS established: " + Text(fields, "version") + " " + Text(fields, "suite_name") +
           (fields.value("resumed", false) ? " (resumed)" : "");
  } else if (event.name == "tls_failed") {
    text = "TLS failed (" + Text(fields, "mode") + "): " + Text(fields, "detail");
  } else if (event.name == "message") {
    text = "message " + Text(fields, "id") + " from " + Text(fields, "mail_from") + ", " +
           Text(fields, "size") + " bytes" +
           (fields.value("tls", false) ? " over TLS" : " in clear");
  } else if (event.name == "starttls_discarded") {
    text = "discarded " + Text(fields, "bytes") + " bytes pipelined after STARTTLS";
  } else if (event.name == "data_anomaly") {
    text = "DATA anomaly: " + Text(fields, "kind");
  } else if (event.name == "idle_timeout") {
    text = "idle for " + Text(fields, "seconds") + " s, timing out";
  } else if (event.name == "disconnect") {
    text = "closed by " + Text(fields, "by") + " (" + Text(fields, "how") + ")";
  }
  if (text.empty()) return text;
  return "#" + std::to_string(connection_id) + " " + text;
}

void EventLog::Write(std::uint64_t connection_id, const std::function<std::string()>& clock,
                     const Event& event) {
  const std::string human = human_ ? HumanLine(connection_id, event) : std::string();
  if (json_lines_ == nullptr && human.empty()) return;
  const std::string time = clock();

  // The line is built before the lock is taken, so that connections on other threads
  // wait only for the write itself.
  std::string json;
  if (json_lines_ != nullptr) {
    nlohmann::ordered_json line;
    line["time"] = time;
    line["conn"] = connection_id;
    line["event"] = event.name;
    for (const auto& [key, value] : event.fields.items()) line[key] = value;
    json = Dump(line);
    json += '\n';
  }

  const std::lock_guard lock(mutex_);
  if (json_lines_ != nullptr) {
    *json_lines_ << json;
    json_lines_->flush();
  }
  if (!human.empty()) *human_ << time << " " << human << '\n';
}

}  // namespace schannel_emu
