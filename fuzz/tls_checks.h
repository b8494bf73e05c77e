// Properties of the TLS server engine that fuzz_tls_engine checks on every input.
#pragma once

#include "emulator/core/base/bytes.h"

namespace schannel_emu::fuzz {

// CheckTlsEngine runs a deterministic engine (tls_fixture.h) over `input` read as a
// SplitInput: spare() picks the built-in profile, each piece is handed to Receive, and
// a piece's tag first makes the server act — 1: send a line of application data,
// 2: echo what the client sent so far, 3: close. It aborts unless
//   - two runs over the same input produce the same bytes (deterministic mode),
//   - everything the engine sends is whole SSL 3.0 / TLS 1.0 records,
//   - after a terminal action the engine sends nothing more,
//   - an established connection has an accepted verdict, a version and a suite,
//   - every event has a name and can be written as JSON.
void CheckTlsEngine(ByteView input);

}  // namespace schannel_emu::fuzz
