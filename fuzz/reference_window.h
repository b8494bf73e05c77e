// ReferenceWindow: a deliberately small second implementation of the 64-suite window and
// of server-order selection, for fuzz_verdict to hold Judge (verdict.h) against.
//
// It is written from the rule as profile.h states it, not from verdict.cc, and is kept
// simple enough to check by eye: walk the client's list once, count slots, mark each
// entry inside or outside, then pick by the server's order. Where the two disagree, one
// of them misreads the rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"

namespace schannel_emu::fuzz {

struct ReferenceEntry {
  std::optional<std::size_t> slot;  // 1-based, when the entry takes a slot
  bool inside = false;              // the server looks at this entry
};

struct ReferenceOutcome {
  std::vector<ReferenceEntry> entries;  // one per offered entry, client order
  bool accepted = false;
  std::uint16_t suite = 0;   // when accepted
  std::size_t position = 0;  // 1-based, when accepted
  // When not accepted: a suite the server could have used was offered, but only
  // outside the window.
  bool usable_outside_window = false;
  // Some gate (SSLv2 refusal, version floor, an intolerance, a size limit) refuses
  // the hello before its suites matter.
  bool gated = false;
};

// ReferenceWindow judges `hello` under `profile`'s window rule and suite order.
ReferenceOutcome ReferenceWindow(const Profile& profile, const ClientHello& hello);

}  // namespace schannel_emu::fuzz
