#include "emulator/core/tls/engine_test_support.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "emulator/core/tls/self_signed.h"

namespace schannel_emu::testing {

const ServerCredentials& TestCredentials() {
  static const ServerCredentials credentials = [] {
    DeterministicRandom random(42);
    auto made =
        GenerateSelfSignedCredentials(2048, "sha256", "mail.example.test", random, kTestNow);
    if (!made) {
      ADD_FAILURE() << made.error();
      return ServerCredentials{};
    }
    return made->credentials;
  }();
  return credentials;
}

Profile BuiltinProfile(const std::string& name) {
  const Profile* profile = FindBuiltinProfile(name);
  if (profile == nullptr) {
    ADD_FAILURE() << "no built-in profile " << name;
    return Profile{};
  }
  return *profile;
}

Bytes ClientHelloRecord(const HelloSpec& spec) {
  Bytes body;
  AppendU16(body, spec.client_version);
  for (int i = 0; i < 32; ++i) AppendU8(body, static_cast<std::uint8_t>(0xa0 + i));
  AppendVector8(body, spec.session_id);
  Bytes suites;
  for (const std::uint16_t suite : spec.suites) AppendU16(suites, suite);
  AppendVector16(body, suites);
  const std::uint8_t null_compression[] = {0};
  AppendVector8(body, null_compression);
  if (spec.extensions_block || !spec.extensions.empty()) {
    Bytes extensions;
    for (const auto& [type, data] : spec.extensions) {
      AppendU16(extensions, type);
      AppendVector16(extensions, data);
    }
    AppendVector16(body, extensions);
  }

  Bytes message;
  AppendU8(message, 1);
  AppendVector24(message, body);
  Bytes record;
  AppendU8(record, 22);
  AppendU16(record, spec.record_version);
  AppendVector16(record, message);
  return record;
}

Bytes HelloRecordOffering(std::vector<std::uint16_t> suites) {
  HelloSpec spec;
  spec.suites = std::move(suites);
  return ClientHelloRecord(spec);
}

Bytes ReadFixtureHex(const std::string& relative_path) {
  std::ifstream file(std::string(SCHANNEL_EMU_SOURCE_DIR) + "/" + relative_path);
  if (!file) return {};
  std::stringstream text;
  text << file.rdbuf();
  std::string hex;
  for (const char c : text.str()) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex.push_back(c);
  }
  return FromHex(hex).value_or(Bytes{});
}

std::optional<ServerHelloSeen> FindServerHello(ByteView output) {
  ByteReader records(output);
  const auto type = records.U8();
  const auto version = records.U16();
  const auto fragment = records.Vector16();
  if (!type || *type != 22 || !version || !fragment) return std::nullopt;

  ByteReader message(*fragment);
  const auto handshake_type = message.U8();
  const auto length = message.U24();
  if (!handshake_type || *handshake_type != 2 || !length) return std::nullopt;
  ServerHelloSeen seen;
  const auto hello_version = message.U16();
  const auto random = message.Take(32);
  const auto session_id = message.Vector8();
  const auto suite = message.U16();
  const auto compression = message.U8();
  if (!hello_version || !random || !session_id || !suite || !compression) return std::nullopt;
  seen.version = *hello_version;
  seen.suite = *suite;
  seen.session_id.assign(session_id->begin(), session_id->end());
  seen.has_extensions = message.offset() < 4 + *length;
  return seen;
}

EngineUnderTest::EngineUnderTest(const Profile& profile_in, std::uint64_t seed, SessionCache* cache,
                                 std::int64_t now)
    : profile(profile_in),
      random(seed),
      engine(TlsEngineOptions{&profile, &TestCredentials(), &random, cache, now}) {}

int Pump(ClientSide& client, TlsServerEngine& engine, int max_rounds,
         std::vector<Bytes>* client_chunks, Bytes* server_bytes) {
  int idle_rounds = 0;
  int round = 0;
  for (; round < max_rounds && idle_rounds < 3; ++round) {
    if (client.done && client.done()) break;
    client.step();
    Bytes to_server = client.take_output();
    if (!to_server.empty()) {
      if (client_chunks != nullptr) client_chunks->push_back(to_server);
      engine.Receive(to_server);
    }
    Bytes to_client = engine.TakeOutput();
    if (!to_client.empty()) {
      if (server_bytes != nullptr) Append(*server_bytes, to_client);
      client.give(to_client);
    }
    idle_rounds = to_server.empty() && to_client.empty() ? idle_rounds + 1 : 0;
  }
  return round;
}

std::vector<std::uint16_t> FillersThen(std::size_t fillers, std::uint16_t suite) {
  std::vector<std::uint16_t> suites;
  // 0xc1xx: codes no Windows 2003 profile implements; they only take window slots.
  for (std::size_t i = 0; i < fillers; ++i) {
    suites.push_back(static_cast<std::uint16_t>(0xc100 + i));
  }
  suites.push_back(suite);
  return suites;
}

std::optional<Event> EventNamed(const Events& events, const std::string& name) {
  for (const Event& event : events) {
    if (event.name == name) return event;
  }
  return std::nullopt;
}

}  // namespace schannel_emu::testing
