#include "fuzz/session_checks.h"

#include <string>
#include <utility>
#include <vector>

#include "fuzz/harness.h"

namespace schannel_emu::fuzz {
namespace {

SessionOptions Options(const Profile& profile, RandomSource& random, SessionCache& cache,
                       MessageSink& sink) {
  SessionOptions options;
  options.profile = &profile;
  options.credentials = &FuzzCredentials();
  options.random = &random;
  options.session_cache = &cache;
  options.sink = &sink;
  options.hostname = "mail.fuzz.invalid";
  options.client_address = "192.0.2.25";
  options.banner_date = "Tue, 14 Nov 2023 22:13:20 +0000";
  options.now_seconds = kFuzzNow;
  return options;
}

struct RunResult {
  Bytes sent;
  SessionAction action = SessionAction::kContinue;
};

RunResult RunOnce(const SplitInput& split) {
  FuzzSession fuzz_session(ProfileForSelector(split.spare()));
  Session& session = fuzz_session.session;
  RunResult result;
  Append(result.sent, session.TakeOutput());
  std::vector<std::string> stored = StoredHashes(session.TakeEvents());

  for (const Piece& piece : split.Pieces()) {
    if (piece.tag == 1) {
      session.IdleTimeout();
    } else if (piece.tag == 2) {
      session.Shutdown();
    } else if (piece.tag == 3) {
      session.PeerClosed();
    }
    Append(result.sent, session.TakeOutput());

    const bool ended = session.action() != SessionAction::kContinue;
    session.Receive(piece.bytes);
    const Bytes answer = session.TakeOutput();
    if (ended) Require(answer.empty(), "nothing is sent in answer once the session has ended");
    Append(result.sent, answer);
    for (std::string& hash : StoredHashes(session.TakeEvents())) stored.push_back(std::move(hash));
  }
  CheckStoredMessages(stored, fuzz_session.sink);
  result.action = session.action();
  return result;
}

}  // namespace

FuzzSession::FuzzSession(const Profile& profile) : session(Options(profile, random, cache, sink)) {
  session.Start();
}

void CheckSession(ByteView input) {
  const SplitInput split(input);
  const RunResult first = RunOnce(split);
  const RunResult second = RunOnce(split);
  Require(first.sent == second.sent && first.action == second.action,
          "the same input gives the same session in deterministic mode");
}

}  // namespace schannel_emu::fuzz
