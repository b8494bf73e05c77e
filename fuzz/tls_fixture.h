// The TLS engine as the fuzz targets and the seed recorder run it: deterministic
// randomness, a fixed clock and a fixed RSA key, so that a recorded client flight
// replays to the same handshake in every process.
#pragma once

#include <cstdint>
#include <memory>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/random.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/tls/server_credentials.h"
#include "emulator/core/tls/server_engine.h"
#include "emulator/core/tls/session_cache.h"

namespace schannel_emu::fuzz {

// kFuzzNow is the fixed clock of every fuzzed engine (2023-11-14).
inline constexpr std::int64_t kFuzzNow = 1'700'000'000;
inline constexpr std::uint64_t kFuzzSeed = 0x5eed;

// FuzzCredentials is a 1024-bit RSA key and a self-signed SHA-256 certificate that
// are the same in every process: the primes are searched from a DeterministicRandom
// stream and the certificate's serial, names and dates are fixed. Made on first use
// and kept for the process. It is a test key, derived in the open: never use it for
// anything but fuzzing and seeds. Aborts when libcrypto cannot build it.
const ServerCredentials& FuzzCredentials();

// FuzzEngine is one deterministic engine for `profile`, with its own randomness and
// a small session cache, so no state leaks from one fuzz input to the next.
struct FuzzEngine {
  explicit FuzzEngine(const Profile& profile);

  DeterministicRandom random{kFuzzSeed};
  SessionCache cache{4, 300};
  TlsServerEngine engine;
};

// ProfileForSelector picks a built-in profile by a number taken from the input.
const Profile& ProfileForSelector(unsigned selector);
// SelectorForProfile is the inverse for seeds; 0 when the name is unknown.
unsigned SelectorForProfile(const char* name);

}  // namespace schannel_emu::fuzz
