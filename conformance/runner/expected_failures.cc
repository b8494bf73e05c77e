#include "conformance/runner/expected_failures.h"

#include <fstream>
#include <sstream>

#include "conformance/runner/scenario.h"

namespace schannel_emu::conform {

Expected<ExpectedFailures, std::string> ParseExpectedFailures(const std::string& text) {
  ExpectedFailures failures;
  std::istringstream lines(text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const auto begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos) continue;
    const auto name_end = line.find_first_of(" \t", begin);
    const auto reason_begin =
        name_end == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", name_end);
    if (reason_begin == std::string::npos) {
      return Unexpected{"line " + std::to_string(number) +
                        ": write the reason after the scenario name (`scenario-name  reason`)"};
    }
    const auto reason_end = line.find_last_not_of(" \t\r");
    failures[line.substr(begin, name_end - begin)] =
        line.substr(reason_begin, reason_end + 1 - reason_begin);
  }
  return failures;
}

Expected<ExpectedFailures, std::string> LoadExpectedFailures(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Unexpected{"cannot read the expected-failures file " + path};
  std::stringstream text;
  text << in.rdbuf();
  auto failures = ParseExpectedFailures(text.str());
  if (!failures) return Unexpected{path + ": " + failures.error()};
  return failures;
}

std::string FindExpectedFailure(const ExpectedFailures& failures, const std::string& scenario) {
  if (const auto exact = failures.find(scenario); exact != failures.end()) return exact->second;
  for (const auto& [pattern, reason] : failures) {
    if (MatchesGlob(pattern, scenario)) return reason;
  }
  return "";
}

}  // namespace schannel_emu::conform
