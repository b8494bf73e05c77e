// Shared pieces of the engine's tests: credentials, crafted hellos, a ServerHello
// reader and a bounded pump between an in-process client and the engine.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/random.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/tls/server_credentials.h"
#include "emulator/core/tls/server_engine.h"
#include "emulator/core/tls/session_cache.h"

namespace schannel_emu::testing {

inline constexpr std::int64_t kTestNow = 1'700'000'000;

// TestCredentials is one 2048-bit RSA key and certificate, made once per test binary.
const ServerCredentials& TestCredentials();

// BuiltinProfile returns a copy of a built-in profile; the test fails when absent.
Profile BuiltinProfile(const std::string& name);

struct HelloSpec {
  std::uint16_t record_version = kTls10;
  std::uint16_t client_version = kTls10;
  std::vector<std::uint16_t> suites;
  Bytes session_id;
  bool extensions_block = false;
  std::vector<std::pair<std::uint16_t, Bytes>> extensions;
};

// ClientHelloRecord builds one handshake record carrying a ClientHello.
Bytes ClientHelloRecord(const HelloSpec& spec);

// HelloRecordOffering is ClientHelloRecord for a TLS 1.0 hello with just these suites.
Bytes HelloRecordOffering(std::vector<std::uint16_t> suites);

// ReadFixtureHex reads a one-line hex file below the source tree; empty when absent.
Bytes ReadFixtureHex(const std::string& relative_path);

struct ServerHelloSeen {
  std::uint16_t version = 0;
  std::uint16_t suite = 0;
  Bytes session_id;
  bool has_extensions = false;
};

// FindServerHello reads the first record of the engine's output as a ServerHello.
std::optional<ServerHelloSeen> FindServerHello(ByteView output);

// EngineUnderTest bundles an engine with its randomness and an optional cache.
struct EngineUnderTest {
  EngineUnderTest(const Profile& profile, std::uint64_t seed, SessionCache* cache = nullptr,
                  std::int64_t now = kTestNow);
  Profile profile;
  DeterministicRandom random;
  TlsServerEngine engine;
};

// ClientSide is what the pump needs from an in-process client.
struct ClientSide {
  std::function<void()> step;          // advance (handshake, read, write) without blocking
  std::function<Bytes()> take_output;  // bytes the client wants to send
  std::function<void(ByteView)> give;  // bytes from the server
  std::function<bool()> done;          // the pump may stop
};

// Pump moves bytes both ways until done() or nothing moves for a few rounds;
// at most max_rounds rounds. Returns the rounds used. Every byte the client sent
// is also appended to *client_bytes (chunks) when given, for replays.
int Pump(ClientSide& client, TlsServerEngine& engine, int max_rounds = 200,
         std::vector<Bytes>* client_chunks = nullptr, Bytes* server_bytes = nullptr);

// Hello builds the 0x00ff-terminated list used by crafted hellos: `fillers`
// codes the profiles do not implement, then `suite`.
std::vector<std::uint16_t> FillersThen(std::size_t fillers, std::uint16_t suite);

// EventNamed returns a copy of the first event with that name (a copy, so that it
// may be called on the temporary TakeEvents() returns).
std::optional<Event> EventNamed(const Events& events, const std::string& name);

}  // namespace schannel_emu::testing
