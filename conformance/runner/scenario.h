// Scenario: one situation a sender meets at a legacy Exchange 2007 / Windows 2003 receiver,
// as data read from conformance/scenarios/<name>.json.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "conformance/runner/outcome.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu::conform {

// WindowFit moves the 64-suite window relative to the client's own list, learnt from the
// client's ClientHello in an earlier connection of the same run.
enum class WindowFit {
  kNone,      // the profile's window as written
  kLastSlot,  // the client's first usable suite lands exactly in the last slot of the window
  kOnePast,   // ... exactly one slot past the window, so nothing usable is inside it
};

// StoreFaults: temporary failures the message store injects, each a 4xx the client must
// answer by keeping the message and retrying.
struct StoreFaults {
  // Refuse this many messages first: the end of DATA (or the last BDAT) gets 451 4.3.0.
  std::size_t refuse_first_messages = 0;
  // Refuse this many RCPT TO addresses first: each gets 451 4.7.0.
  std::size_t try_later_first_recipients = 0;
};

struct Scenario {
  std::string name;        // file name without .json; what --scenario globs match
  std::string title;       // one line for the table
  std::string models;      // the real situation it stands for (docs/CONFORMANCE.md)
  nlohmann::json profile;  // a profile document for ProfileFromJson ({"base": ...} + changes)
  WindowFit window_fit = WindowFit::kNone;
  // Drop every suite the client offers from the profile, so no suite is in common.
  bool suites_client_lacks = false;
  // Adapter capabilities the scenario needs ("sslv2_hello", ...); others get n/a.
  std::vector<std::string> requires_capabilities;
  // When the client has this capability, it must use it: {"chunking": "bdat"} means a
  // client that declares chunking must send the message with BDAT.
  std::optional<std::string> transfer_if_chunking;
  StoreFaults faults;
  std::filesystem::path message_file;  // resolved against the scenario's folder
  std::vector<Outcome> expect;         // acceptable outcomes
  std::string skip_reason;             // non-empty: the scenario cannot run yet, and why
  bool in_default_suite = true;
};

// ParseScenario reads one scenario document; `folder` resolves the message file. Errors
// name the key that is missing or wrong.
Expected<Scenario, std::string> ParseScenario(const nlohmann::json& json, const std::string& name,
                                              const std::filesystem::path& folder);

// LoadScenarios reads every *.json in `folder`, sorted by file name. The first bad file
// ends the load with an error naming it.
Expected<std::vector<Scenario>, std::string> LoadScenarios(const std::filesystem::path& folder);

// MatchesGlob is shell-style matching with * and ? over a scenario name.
bool MatchesGlob(const std::string& pattern, const std::string& name);

}  // namespace schannel_emu::conform
