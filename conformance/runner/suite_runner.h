// SuiteRunner: runs scenarios for one adapter — emulator up, client run and bounded, judged.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "conformance/runner/adapter.h"
#include "conformance/runner/judge.h"
#include "conformance/runner/outcome.h"
#include "conformance/runner/result.h"
#include "conformance/runner/scenario.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/tls/server_credentials.h"

namespace schannel_emu::conform {

struct RunOptions {
  std::chrono::milliseconds timeout{20000};  // bound for one scenario's client run
  std::filesystem::path work_root;           // each scenario gets a folder below it
  std::filesystem::path source_dir;          // the project checkout ({source_dir})
  std::string mail_from = "sender@sender.conform.example";
  std::string rcpt_to = "postmaster@exchange.conform.example";
};

class SuiteRunner {
 public:
  SuiteRunner(Adapter adapter, RunOptions options);

  // Run plays one scenario and judges it. Never throws for client behaviour.
  ScenarioResult Run(const Scenario& scenario);

  // SkipReason says why the adapter cannot run here ("" when it can).
  std::string SkipReason() const;

  // Variables the adapter's templates may use besides the per-run ones.
  Variables BaseVariables() const;

  const Adapter& adapter() const { return adapter_; }

 private:
  struct Exchange {
    std::vector<ObservedEvent> events;
    std::vector<StoredMessage> messages;
    std::optional<int> client_exit;
    bool client_timed_out = false;
    std::optional<bool> still_queued;
    std::string client_output;
    std::string error;  // the harness failed: setup, emulator, files
  };

  Exchange RunExchange(const Profile& profile, const std::string& label,
                       const std::string& wire_message, const StoreFaults& faults);
  void Learn(const std::vector<ObservedEvent>& events);
  Expected<std::string, std::string> Shape(const Scenario& scenario, Profile& profile);

  Adapter adapter_;
  RunOptions options_;
  std::optional<ServerCredentials> credentials_;
  std::optional<nlohmann::json> learned_hello_;  // the first hello event of this run
  int exchange_count_ = 0;
};

// WireForm turns a message file's bytes into what must cross the wire: every line ending
// CRLF (bare LF become CRLF; existing CRLF stay).
std::string WireForm(const std::string& text);

// ShapeWindow sets profile.window.size so that the first suite the profile can use in the
// client's hello (from a hello event) lands in the last slot (one_past=false) or one past it;
// returns a note for the report, or why it cannot be done.
Expected<std::string, std::string> ShapeWindow(const nlohmann::json& hello_event, bool one_past,
                                               Profile& profile);

// DropOfferedSuites removes every suite the hello offers from the profile; the error says
// when nothing is left.
Expected<std::string, std::string> DropOfferedSuites(const nlohmann::json& hello_event,
                                                     Profile& profile);

}  // namespace schannel_emu::conform
