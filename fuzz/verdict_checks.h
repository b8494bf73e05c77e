// Properties of Judge (verdict.h) that fuzz_verdict and the engine targets check.
#pragma once

#include <cstdint>

#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu::fuzz {

// CheckVerdict judges `hello` under `profile` and aborts unless the verdict agrees with
// ReferenceWindow (accepted, suite, position, reason, each sighting's slot and window
// flag) and its JSON form can be written. Returns the verdict for further checks.
Verdict CheckVerdict(const Profile& profile, const ClientHello& hello);

// WindowVariant derives a profile from `base` whose window rule comes from one input
// byte: size = low 4 bits (0 = no window), bit 4 counts signalling values, bit 5
// counts unknown codes. Small windows let the fuzzer reach the window's edges with
// short suite lists.
Profile WindowVariant(const Profile& base, std::uint8_t selector);

}  // namespace schannel_emu::fuzz
