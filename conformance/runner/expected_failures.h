// ExpectedFailures: the per-client list of scenarios a project knows it does not pass yet
// (conformance/expected/<client>.txt), so it can adopt the suite before passing everything.
#pragma once

#include <map>
#include <string>

#include "emulator/core/base/expected.h"

namespace schannel_emu::conform {

// ExpectedFailures maps a scenario name (or glob) to the reason it is expected to fail.
using ExpectedFailures = std::map<std::string, std::string>;

// ParseExpectedFailures reads lines of `scenario-name  reason`; '#' starts a comment, blank
// lines are ignored. A line without a reason is an error naming the line: every entry must
// say why, or the list rots.
Expected<ExpectedFailures, std::string> ParseExpectedFailures(const std::string& text);

// LoadExpectedFailures reads a file ParseExpectedFailures accepts; errors name the file.
Expected<ExpectedFailures, std::string> LoadExpectedFailures(const std::string& path);

// FindExpectedFailure returns the reason listed for `scenario` (exact name or glob), or "".
std::string FindExpectedFailure(const ExpectedFailures& failures, const std::string& scenario);

}  // namespace schannel_emu::conform
