// Recorded handshakes: the client's flights of one full TLS 1.0 handshake, captured
// once against a deterministic engine and replayed into fresh engines, so that a
// benchmark times the server alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/tls/server_credentials.h"

namespace schannel_emu::bench {

// RecordedHandshake is what a replay needs: the seed and clock of the engine the
// client talked to, the client's bytes in the chunks they were sent in, and all
// the bytes the server answered.
struct RecordedHandshake {
  std::uint64_t seed = 0;
  std::int64_t now_seconds = 0;
  std::vector<Bytes> client_chunks;
  Bytes server_bytes;
};

// RecordHandshake runs one in-process client offering only `suite` against an
// engine with DeterministicRandom(seed) and a fixed clock, until both sides have
// finished (at most 50 rounds). On failure the error says which side stopped.
Expected<RecordedHandshake, std::string> RecordHandshake(const Profile& profile,
                                                         const ServerCredentials& credentials,
                                                         std::uint16_t suite, std::uint64_t seed);

// ReplayHandshake feeds the recorded client chunks to a fresh engine built like the
// recorded one and returns how many bytes it answered; 0 when the engine did not
// reach the established state. The engine is deterministic, so the server's
// messages, and with them the client's Finished, are the same as when recorded.
std::size_t ReplayHandshake(const Profile& profile, const ServerCredentials& credentials,
                            const RecordedHandshake& recorded);

// ReplayMatchesRecording is true when one replay answers exactly the recorded bytes,
// which proves the replay performs the whole handshake and not an early failure.
bool ReplayMatchesRecording(const Profile& profile, const ServerCredentials& credentials,
                            const RecordedHandshake& recorded);

}  // namespace schannel_emu::bench
