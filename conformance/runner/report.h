// Report: the suite's results as a table for people, JUnit XML for CI, JSON for tools, and the
// Markdown compatibility matrix.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "conformance/runner/result.h"
#include "conformance/runner/scenario.h"

namespace schannel_emu::conform {

struct ClientInfo {
  std::string name;
  std::string description;
  std::string version;      // first line the adapter's version command printed
  std::string tls_library;  // likewise for its TLS stack
  std::string skip_reason;  // non-empty: the client is not installed here
};

struct SuiteReport {
  ClientInfo client;
  std::vector<ScenarioResult> results;
};

// Status is "ok", "XFAIL" (fails, listed as expected), "XPASS" (listed, but meets the
// expectation now: remove the entry), "FAIL" or "ERROR".
std::string Status(const ScenarioResult& result);

// Passed is true when no result is FAIL or ERROR.
bool Passed(const SuiteReport& report);

// ExpectText joins an expectation: "pass-in-clear or pass".
std::string ExpectText(const std::vector<Outcome>& expect);

void PrintTable(std::ostream& out, const SuiteReport& report);
std::string JUnitXml(const std::vector<SuiteReport>& reports);
nlohmann::ordered_json ReportJson(const std::vector<SuiteReport>& reports);

// MatrixMarkdown writes docs/COMPATIBILITY.md: clients with versions x scenarios, then
// per-client notes (the detail of everything that is not a plain pass).
std::string MatrixMarkdown(const std::vector<SuiteReport>& reports,
                           const std::vector<Scenario>& scenarios, const std::string& generated_by);

}  // namespace schannel_emu::conform
