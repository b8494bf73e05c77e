#include "fuzz/verdict_checks.h"

#include <algorithm>
#include <string>

#include "emulator/core/base/cipher_suites.h"
#include "fuzz/harness.h"
#include "fuzz/reference_window.h"

namespace schannel_emu::fuzz {
namespace {

bool IsGateReason(VerdictReason reason) {
  return reason != VerdictReason::kAccepted && reason != VerdictReason::kNoSharedSuiteInWindow &&
         reason != VerdictReason::kNoSharedSuite;
}

void CheckSightings(const Profile& profile, const ClientHello& hello, const Verdict& verdict,
                    const ReferenceOutcome& reference) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < hello.cipher_specs.size(); ++i) {
    const std::uint32_t spec = hello.cipher_specs[i];
    if (spec > 0xffff) continue;
    const auto code = static_cast<std::uint16_t>(spec);
    if (std::find(profile.suites.begin(), profile.suites.end(), code) == profile.suites.end()) {
      continue;
    }
    Require(next < verdict.supported.size(), "every enabled offered suite is sighted");
    const SuiteSighting& sighting = verdict.supported[next];
    ++next;
    Require(sighting.suite == code && sighting.position == i + 1,
            "sightings list the enabled offered suites in client order");
    Require(sighting.slot == reference.entries[i].slot, "a sighting's slot matches the reference");
    Require(sighting.in_window == reference.entries[i].inside,
            "a sighting's window flag matches the reference");
  }
  Require(next == verdict.supported.size(), "no sighting of a suite that was not offered");
}

}  // namespace

Verdict CheckVerdict(const Profile& profile, const ClientHello& hello) {
  const Verdict verdict = Judge(profile, hello);
  const ReferenceOutcome reference = ReferenceWindow(profile, hello);

  Require(verdict.offered_count == hello.cipher_specs.size(), "offered_count counts the list");
  Require(verdict.failure == profile.failure, "the verdict carries the profile's failure mode");
  Require(!verdict.explanation.empty(), "every verdict explains itself");
  CheckSightings(profile, hello, verdict, reference);

  if (reference.gated) {
    Require(!verdict.accepted && IsGateReason(verdict.reason),
            "a hello a gate refuses is refused by a gate");
  } else {
    Require(!IsGateReason(verdict.reason), "no gate refuses a hello no gate applies to");
    Require(verdict.accepted == reference.accepted, "accepted matches the reference window");
    if (verdict.accepted) {
      Require(verdict.suite == reference.suite, "the chosen suite matches the reference window");
      Require(verdict.position == reference.position,
              "the chosen position matches the reference window");
      Require(verdict.version == std::min(hello.client_version, profile.max_version),
              "the answer's version is the lower of client and profile");
      const auto info = FindCipherSuite(verdict.suite);
      Require(info.has_value() && verdict.negotiable == info->negotiable,
              "negotiable follows the suite table");
    } else {
      const VerdictReason expected = reference.usable_outside_window
                                         ? VerdictReason::kNoSharedSuiteInWindow
                                         : VerdictReason::kNoSharedSuite;
      Require(verdict.reason == expected, "the rejection reason matches the reference window");
    }
  }

  // The JSON form feeds events and `check`; writing it must never throw.
  RequireJson(VerdictToJson(verdict), "the verdict");
  return verdict;
}

Profile WindowVariant(const Profile& base, std::uint8_t selector) {
  Profile variant = base;
  variant.name = base.name + "-window-variant";
  variant.window.size = selector & 0x0f;
  variant.window.count_signalling = (selector & 0x10) != 0;
  variant.window.count_unknown = (selector & 0x20) != 0;
  return variant;
}

}  // namespace schannel_emu::fuzz
