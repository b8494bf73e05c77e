// Seeds for fuzz_tls_engine recorded from an in-process libssl client talking to the
// deterministic engine of tls_fixture.h.
#pragma once

#include <vector>

#include "fuzz/seed_streams.h"

namespace schannel_emu::fuzz {

// RecordClientFlight runs a libssl client offering TLS 1.0 up to `max_version` and the
// suites of `cipher_list` against a FuzzEngine for `profile_name`, sends `data` once
// the handshake is done and closes with close_notify. Returns every byte the client
// sent, in order; empty when the client could not be set up.
Bytes RecordClientFlight(const char* profile_name, int max_version, const char* cipher_list,
                         ByteView data);

// ReplaysToData is true when a fresh FuzzEngine for `profile_name`, fed `flight` in one
// piece, accepts the hello and hands `data` to the application: the check that a
// recorded flight still reaches the engine's deep states.
bool ReplaysToData(const char* profile_name, ByteView flight, ByteView data);

// TlsSeeds gives the fuzz_tls_engine corpus: recorded full handshakes with application
// data (whole and split), and the recorded ClientHellos alone under two profiles.
CorpusSeeds TlsSeeds(const std::vector<NamedStream>& hellos);

// RecordSessionFlight feeds `plaintext` (ending in STARTTLS) to a FuzzSession for
// `profile_name`, then runs a libssl TLS 1.0 AES128-SHA client that sends `inside_tls`.
// Returns every byte the client sent, or nothing unless exactly one message arrived.
Bytes RecordSessionFlight(const char* profile_name, ByteView plaintext, ByteView inside_tls);

// SessionSeeds gives the fuzz_session corpus: a recorded STARTTLS session delivering one
// message (whole, split, cut short by a timeout or a client close), and each of `hellos`
// sent after STARTTLS under win2003 and win2003-aes.
CorpusSeeds SessionSeeds(const std::vector<NamedStream>& hellos);

}  // namespace schannel_emu::fuzz
