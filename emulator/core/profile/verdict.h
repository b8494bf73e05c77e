// Verdict: would the emulated peer answer this ClientHello, with what, and if not, why.
//
// A pure function of (profile, hello). The engine acts on it and every report
// (events, `check`, the conformance suite) prints it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"

namespace schannel_emu {

enum class VerdictReason {
  kAccepted,
  kNoSharedSuiteInWindow,  // the peer supports an offered suite, but only past the window
  kNoSharedSuite,          // nothing offered is enabled in the profile
  kVersionTooLow,          // the client's highest version is below the profile's minimum
  kSsl2HelloRefused,       // an SSLv2-format hello and the profile does not read them
  kHelloTooLarge,          // over max_client_hello_bytes
  kTooManySuites,          // intolerance: over max_offered_suites
  kVersionIntolerant,      // intolerance: client_version above max_version
  kExtensionIntolerant,    // intolerance: an extension the profile does not know
  kHangOnHelloSize,        // intolerance: silent on 256-511 byte hellos
};

std::string_view VerdictReasonName(VerdictReason reason);  // "no_shared_suite_in_window"

// SuiteSighting: one offered entry that the profile has enabled.
struct SuiteSighting {
  std::uint16_t suite = 0;
  std::size_t position = 0;  // 1-based position in the client's list, as offered
  // 1-based window slot when the entry counts toward the window (see WindowRule).
  std::optional<std::size_t> slot;
  bool in_window = false;
  // usable: the peer could select it with its certificate (DHE-DSS needs a DSS
  // certificate, which the Windows profiles do not have).
  bool usable = false;
};

struct Verdict {
  bool accepted = false;
  VerdictReason reason = VerdictReason::kNoSharedSuite;
  std::string explanation;  // one sentence for people, naming suites and positions

  // Set when accepted.
  std::uint16_t version = 0;  // min(client_version, profile.max_version)
  std::uint16_t suite = 0;
  std::size_t position = 0;  // 1-based in the client's list
  // negotiable is false when the chosen suite is one the engine can judge but
  // not negotiate (export and DHE-DSS suites); the engine then reports that and
  // fails with the profile's failure mode instead of pretending.
  bool negotiable = false;

  std::size_t offered_count = 0;  // entries in the client's list
  // Last 1-based client position that lies inside the window (offered_count when
  // the whole list fits; 0 with an empty window).
  std::size_t window_last_position = 0;
  std::vector<SuiteSighting> supported;  // every offered suite the profile enables, client order
  std::optional<std::size_t> first_usable_position;  // anywhere in the list
  FailureMode failure = FailureMode::kClose;         // what the sender sees on rejection
};

Verdict Judge(const Profile& profile, const ClientHello& hello);

nlohmann::ordered_json VerdictToJson(const Verdict& verdict);

}  // namespace schannel_emu
