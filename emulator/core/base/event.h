// Event: one thing that happened, as the JSON Lines stream and the human log report it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace schannel_emu {

// Event names and field names are a stable interface documented in docs/EVENTS.md;
// renaming one breaks every consumer of the JSON Lines stream.
struct Event {
  std::string name;               // "hello", "tls", "tls_failed", "smtp_command", ...
  nlohmann::ordered_json fields;  // an object; keys keep the order they were added in
};

using Events = std::vector<Event>;

// MakeEvent starts an event whose fields are an empty JSON object.
inline Event MakeEvent(std::string name) {
  return Event{std::move(name), nlohmann::ordered_json::object()};
}

}  // namespace schannel_emu
