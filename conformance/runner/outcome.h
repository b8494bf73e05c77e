// Outcome: how one scenario ended for one client, from the receiving side's point of view.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace schannel_emu::conform {

enum class Outcome {
  kPass,           // delivered over TLS, byte-exact
  kPassInClear,    // delivered byte-exact, but without TLS (after TLS failed or was not tried)
  kPassHandshake,  // a hello-only client: the emulator accepted its ClientHello (ServerHello sent)
  kFail,           // lost, bounced, still queued or altered
  kNotApplicable,  // the client lacks a capability the scenario needs
  kSkipped,        // the scenario or the client cannot run here; the reason says why
  kError,          // the harness itself failed (setup, emulator start): not a client verdict
};

// OutcomeName gives "pass", "pass-in-clear", "pass-handshake", "fail", "n/a", "skipped", "error".
std::string_view OutcomeName(Outcome outcome);
std::optional<Outcome> ParseOutcome(std::string_view name);

// Satisfies reports whether `outcome` meets an expectation listing acceptable outcomes. A
// hello-only client cannot finish TLS, so for it "pass" is met by kPassHandshake.
bool Satisfies(Outcome outcome, const std::vector<Outcome>& expected);

}  // namespace schannel_emu::conform
