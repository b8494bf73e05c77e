#include "conformance/runner/outcome.h"

#include <algorithm>
#include <array>

namespace schannel_emu::conform {
namespace {

constexpr std::array kAll = {Outcome::kPass, Outcome::kPassInClear,   Outcome::kPassHandshake,
                             Outcome::kFail, Outcome::kNotApplicable, Outcome::kSkipped,
                             Outcome::kError};

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kPassInClear:
      return "pass-in-clear";
    case Outcome::kPassHandshake:
      return "pass-handshake";
    case Outcome::kFail:
      return "fail";
    case Outcome::kNotApplicable:
      return "n/a";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (const Outcome outcome : kAll) {
    if (OutcomeName(outcome) == name) return outcome;
  }
  return std::nullopt;
}

bool Satisfies(Outcome outcome, const std::vector<Outcome>& expected) {
  // The handshake is as far as a hello-only client can go; it stands in for "pass".
  const Outcome effective = outcome == Outcome::kPassHandshake ? Outcome::kPass : outcome;
  return std::find(expected.begin(), expected.end(), effective) != expected.end();
}

}  // namespace schannel_emu::conform
