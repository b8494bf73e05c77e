// Properties of parsed ClientHellos that the hello, verdict and engine targets share.
#pragma once

#include "emulator/core/base/bytes.h"
#include "emulator/core/hello/client_hello.h"

namespace schannel_emu::fuzz {

// SameHello is true when two parses agree on every field the rest of the emulator reads.
bool SameHello(const ClientHello& a, const ClientHello& b);

// CheckHelloInvariants aborts when a hello the reader completed breaks what its
// header promises: a non-empty suite list, a message the Finished hash can use, a
// TLS-format message that parses again to the same hello, and at least one record.
void CheckHelloInvariants(const ClientHello& hello);

// CheckSplitReading feeds `input`'s payload to a ClientHelloReader piece by piece and
// aborts unless the outcome (hello or error, and bytes consumed) equals that of
// reading the whole payload at once, and unless finished readers stay finished.
void CheckSplitReading(ByteView input);

}  // namespace schannel_emu::fuzz
