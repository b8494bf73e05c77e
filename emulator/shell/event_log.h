// EventLog: where events go: JSON Lines for machines, a short line per notable event for people.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>

#include "emulator/core/base/event.h"

namespace schannel_emu {

// EventLog writes each event as one JSON object per line ({"time", "conn", "event", fields...})
// to `json_lines`, and a human line to `human` for the events an administrator cares about.
// Either stream may be null. Writes are serialised, so connections can share one log.
class EventLog {
 public:
  EventLog(std::ostream* json_lines, std::ostream* human)
      : json_lines_(json_lines), human_(human) {}

  // Write stamps the event with the time `clock` gives (RFC 3339 text the caller
  // supplies, so the deterministic mode can fix it) and the connection id. The clock
  // is only asked when a line is written: most events have no human line, and with
  // no JSON stream nothing needs the time at all.
  void Write(std::uint64_t connection_id, const std::function<std::string()>& clock,
             const Event& event);

 private:
  std::mutex mutex_;
  std::ostream* json_lines_;
  std::ostream* human_;
};

// HumanLine renders the notable events ("connect", "hello", "tls", "tls_failed",
// "message", "disconnect", ...) as one line of plain words; empty for the rest.
std::string HumanLine(std::uint64_t connection_id, const Event& event);

}  // namespace schannel_emu
