// ScenarioResult: what one scenario came to for one client, as every report prints it.
#pragma once

#include <string>
#include <vector>

#include "conformance/runner/judge.h"
#include "conformance/runner/outcome.h"

namespace schannel_emu::conform {

struct ScenarioResult {
  std::string scenario;
  std::string title;
  Outcome outcome = Outcome::kError;
  std::vector<Outcome> expect;
  bool meets_expectation = false;
  std::string expected_failure;  // reason from the expected-failures file, when listed
  Judgement judgement;
  std::string detail;         // the judgement's detail, or why it did not run
  std::string setup_note;     // how the profile was shaped (window placement ...)
  std::string client_output;  // the tail of the client's output, kept when it failed
  double seconds = 0;
};

}  // namespace schannel_emu::conform
