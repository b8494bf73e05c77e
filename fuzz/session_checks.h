// The whole session (SMTP in front, the TLS engine behind STARTTLS) as fuzz_session and
// the seed recorder run it, and the properties fuzz_session checks.
#pragma once

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/random.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/session/session.h"
#include "emulator/core/tls/session_cache.h"
#include "fuzz/smtp_checks.h"
#include "fuzz/tls_fixture.h"

namespace schannel_emu::fuzz {

// FuzzSession is one deterministic session for `profile` (FuzzCredentials, kFuzzSeed,
// kFuzzNow) delivering into its own RecordingSink; Start() has been called.
struct FuzzSession {
  explicit FuzzSession(const Profile& profile);

  DeterministicRandom random{kFuzzSeed};
  SessionCache cache{4, 300};
  RecordingSink sink;
  Session session;
};

// CheckSession runs a FuzzSession over `input` read as a SplitInput: spare() picks the
// built-in profile; a piece's tag first triggers — 1: IdleTimeout, 2: Shutdown,
// 3: PeerClosed. It aborts unless
//   - two runs over the same input send the same bytes and take the same action,
//   - nothing more is sent in answer to input once the action is no longer kContinue,
//   - every message the sink received is reported by an event with its SHA-256,
//   - every event has a name and can be written as JSON.
void CheckSession(ByteView input);

}  // namespace schannel_emu::fuzz
