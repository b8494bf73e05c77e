// Shared helpers for the fuzz targets: how one fuzzer input is cut into a feeding plan
// and a payload, and how a target reports a broken property.
//
// Every target is a thin file holding LLVMFuzzerTestOneInput only; what they share
// lives here so that a change in the input format changes every target at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/event.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace schannel_emu::fuzz {

// Piece: one slice of the payload to feed in a single call, and a two-bit tag the
// target may use to trigger an event before feeding it (a timeout, a TLS switch).
struct Piece {
  ByteView bytes;
  std::uint8_t tag = 0;
};

// SplitInput cuts a fuzzer input into a plan and a payload:
//
//   byte 0          low 4 bits: number n of plan bytes that follow (0..15); high 4
//                   bits: spare(), a choice the target may use (a profile, say)
//   bytes 1..n      plan: each byte b says "feed (b & 0x3f) + 1 bytes, tagged b >> 6";
//                   (b & 0x3f) == 0x3f means "feed everything that is left"
//   the rest        the payload, the bytes the code under test sees
//
// The plan is used cyclically until the payload is used up. With n == 0 the payload
// is fed in one piece with tag 0, so a seed file is the byte 0x00 followed by a
// recorded stream. Keeping the plan apart from the payload lets the fuzzer change
// the split without disturbing the bytes, and the other way round.
class SplitInput {
 public:
  explicit SplitInput(ByteView input);

  ByteView payload() const { return payload_; }
  unsigned spare() const { return spare_; }
  // Pieces returns the payload cut by the plan; empty for an empty payload.
  std::vector<Piece> Pieces() const;

 private:
  ByteView plan_;
  ByteView payload_;
  unsigned spare_ = 0;
};

// SeedFile renders a stream as a seed for SplitInput: no plan, `spare` in the high bits
// of the first byte, then the stream.
Bytes SeedFile(ByteView stream, unsigned spare = 0);
// SeedWithPlan renders a stream with a plan (at most 15 bytes are used).
Bytes SeedWithPlan(ByteView stream, ByteView plan, unsigned spare = 0);

// TakeByte returns the first byte of `data` and advances past it; 0 when empty. For
// targets that draw a few choices from the front of their payload.
std::uint8_t TakeByte(ByteView& data);

// Require aborts with `what` on stderr when `condition` is false. A fuzz target's
// properties must fail loudly in every build, including ones without assertions.
void Require(bool condition, std::string_view what);

// RequireEvent aborts unless `event` has a name and an object of fields that can be
// written as JSON the way the event log writes it (invalid UTF-8 replaced, so a
// client's raw bytes in a field are fine; anything else that makes dump() throw is
// not). The message names the event and the problem.
void RequireEvent(const Event& event);

// RequireJson is the same check for any JSON value; `what` names it in the message.
void RequireJson(const nlohmann::ordered_json& value, std::string_view what);

}  // namespace schannel_emu::fuzz
