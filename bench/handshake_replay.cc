#include "bench/handshake_replay.h"

#include <memory>

#include "bench/memory_clients.h"
#include "emulator/core/base/random.h"
#include "emulator/core/tls/server_engine.h"

namespace schannel_emu::bench {
namespace {

constexpr std::int64_t kReplayNow = 1'700'000'000;
constexpr int kMaxRounds = 50;

TlsEngineOptions OptionsFor(const Profile& profile, const ServerCredentials& credentials,
                            RandomSource& random, std::int64_t now_seconds) {
  TlsEngineOptions options;
  options.profile = &profile;
  options.credentials = &credentials;
  options.random = &random;
  options.now_seconds = now_seconds;
  return options;
}

}  // namespace

Expected<RecordedHandshake, std::string> RecordHandshake(const Profile& profile,
                                                         const ServerCredentials& credentials,
                                                         std::uint16_t suite, std::uint64_t seed) {
  std::string error;
  std::unique_ptr<MemoryTlsClient> client = MakeMemoryClient(suite, error);
  if (!client) return Unexpected{error};

  RecordedHandshake recorded;
  recorded.seed = seed;
  recorded.now_seconds = kReplayNow;
  DeterministicRandom random(seed);
  TlsServerEngine engine(OptionsFor(profile, credentials, random, kReplayNow));

  // The client's Finished reaches the server before the client finishes (RSA key
  // exchange: the client speaks first), so both are done when the loop ends.
  for (int round = 0; round < kMaxRounds; ++round) {
    client->Step();
    Bytes to_server = client->TakeOutput();
    if (!to_server.empty()) {
      engine.Receive(to_server);
      recorded.client_chunks.push_back(std::move(to_server));
    }
    const Bytes to_client = engine.TakeOutput();
    Append(recorded.server_bytes, to_client);
    client->Give(to_client);
    if (client->failed()) return Unexpected{std::string("the client gave up the handshake")};
    if (engine.state() == TlsState::kFailed || engine.state() == TlsState::kClosed) {
      return Unexpected{std::string("the engine refused the handshake")};
    }
    if (client->handshake_done() && engine.state() == TlsState::kEstablished) return recorded;
  }
  return Unexpected{std::string("the handshake did not finish within the round limit")};
}

std::size_t ReplayHandshake(const Profile& profile, const ServerCredentials& credentials,
                            const RecordedHandshake& recorded) {
  DeterministicRandom random(recorded.seed);
  TlsServerEngine engine(OptionsFor(profile, credentials, random, recorded.now_seconds));
  std::size_t answered = 0;
  for (const Bytes& chunk : recorded.client_chunks) {
    engine.Receive(chunk);
    answered += engine.TakeOutput().size();
  }
  return engine.state() == TlsState::kEstablished ? answered : 0;
}

bool ReplayMatchesRecording(const Profile& profile, const ServerCredentials& credentials,
                            const RecordedHandshake& recorded) {
  DeterministicRandom random(recorded.seed);
  TlsServerEngine engine(OptionsFor(profile, credentials, random, recorded.now_seconds));
  Bytes answered;
  for (const Bytes& chunk : recorded.client_chunks) {
    engine.Receive(chunk);
    Append(answered, engine.TakeOutput());
  }
  return engine.state() == TlsState::kEstablished && answered == recorded.server_bytes;
}

}  // namespace schannel_emu::bench
