#include "emulator/core/smtp/smtp_profile.h"

#include <algorithm>
#include <iterator>
#include <type_traits>

namespace schannel_emu {
namespace {

// ReadField copies json[key] into `out` when present; returns an error text when
// the value has the wrong type.
template <typename T>
std::optional<std::string> ReadField(const nlohmann::json& json, const char* key, T& out) {
  const auto found = json.find(key);
  if (found == json.end()) return std::nullopt;
  try {
    out = found->get<T>();
  } catch (const nlohmann::json::exception&) {
    return std::string("smtp.") + key + ": expected " +
           (std::is_same_v<T, std::vector<std::string>> ? "an array of strings"
                                                        : "a non-negative number");
  }
  return std::nullopt;
}

}  // namespace

std::string_view EndOfDataRuleName(EndOfDataRule rule) {
  return rule == EndOfDataRule::kStrict ? "strict" : "lenient";
}

nlohmann::ordered_json SmtpProfileToJson(const SmtpProfile& profile) {
  nlohmann::ordered_json json;
  json["ehlo_keywords"] = profile.ehlo_keywords;
  json["max_message_bytes"] = profile.max_message_bytes;
  json["max_header_bytes"] = profile.max_header_bytes;
  json["max_recipients"] = profile.max_recipients;
  json["max_protocol_errors"] = profile.max_protocol_errors;
  json["max_command_line_bytes"] = profile.max_command_line_bytes;
  json["idle_timeout_seconds"] = profile.idle_timeout_seconds;
  json["connection_timeout_seconds"] = profile.connection_timeout_seconds;
  json["max_connections_per_source"] = profile.max_connections_per_source;
  json["end_of_data"] = EndOfDataRuleName(profile.end_of_data);
  return json;
}

Expected<SmtpProfile, std::string> SmtpProfileFromJson(const nlohmann::json& json,
                                                       SmtpProfile base) {
  if (!json.is_object()) return Unexpected{std::string("smtp: expected an object")};
  static constexpr const char* kKnownKeys[] = {
      "ehlo_keywords",        "max_message_bytes",          "max_header_bytes",
      "max_recipients",       "max_protocol_errors",        "max_command_line_bytes",
      "idle_timeout_seconds", "connection_timeout_seconds", "max_connections_per_source",
      "end_of_data"};
  for (const auto& item : json.items()) {
    const bool known = std::any_of(std::begin(kKnownKeys), std::end(kKnownKeys),
                                   [&](const char* key) { return item.key() == key; });
    if (!known) return Unexpected{"smtp." + item.key() + ": unknown key"};
  }

  std::optional<std::string> error;
  if ((error = ReadField(json, "ehlo_keywords", base.ehlo_keywords)) ||
      (error = ReadField(json, "max_message_bytes", base.max_message_bytes)) ||
      (error = ReadField(json, "max_header_bytes", base.max_header_bytes)) ||
      (error = ReadField(json, "max_recipients", base.max_recipients)) ||
      (error = ReadField(json, "max_protocol_errors", base.max_protocol_errors)) ||
      (error = ReadField(json, "max_command_line_bytes", base.max_command_line_bytes)) ||
      (error = ReadField(json, "idle_timeout_seconds", base.idle_timeout_seconds)) ||
      (error = ReadField(json, "connection_timeout_seconds", base.connection_timeout_seconds)) ||
      (error = ReadField(json, "max_connections_per_source", base.max_connections_per_source))) {
    return Unexpected{*error};
  }

  if (const auto rule = json.find("end_of_data"); rule != json.end()) {
    if (*rule == "strict") {
      base.end_of_data = EndOfDataRule::kStrict;
    } else if (*rule == "lenient") {
      base.end_of_data = EndOfDataRule::kLenient;
    } else {
      return Unexpected{std::string("smtp.end_of_data: expected \"strict\" or \"lenient\"")};
    }
  }
  return base;
}

}  // namespace schannel_emu
