#include "fuzz/tls_seeds.h"

#include <openssl/ssl.h>

#include <cstdio>

#include "emulator/core/tls/engine_test_support.h"
#include "emulator/core/tls/openssl_test_client.h"
#include "fuzz/harness.h"
#include "fuzz/session_checks.h"
#include "fuzz/tls_fixture.h"

namespace schannel_emu::fuzz {

Bytes RecordClientFlight(const char* profile_name, int max_version, const char* cipher_list,
                         ByteView data) {
  testing::OpenSslTestClient client(TLS1_VERSION, max_version, cipher_list);
  if (!client.ok()) return {};
  FuzzEngine fuzz_engine(ProfileForSelector(SelectorForProfile(profile_name)));
  testing::ClientSide side = client.Side();
  std::vector<Bytes> chunks;

  testing::Pump(side, fuzz_engine.engine, 50, &chunks);
  if (client.handshake_done()) {
    client.Write(data);
    testing::Pump(side, fuzz_engine.engine, 20, &chunks);
    SSL_shutdown(client.ssl());
    testing::Pump(side, fuzz_engine.engine, 5, &chunks);
  }

  Bytes flight;
  for (const Bytes& chunk : chunks) Append(flight, chunk);
  return flight;
}

bool ReplaysToData(const char* profile_name, ByteView flight, ByteView data) {
  FuzzEngine fuzz_engine(ProfileForSelector(SelectorForProfile(profile_name)));
  fuzz_engine.engine.Receive(flight);
  const Bytes received = fuzz_engine.engine.TakeApplicationData();
  return fuzz_engine.engine.verdict().has_value() && fuzz_engine.engine.verdict()->accepted &&
         Bytes(data.begin(), data.end()) == received;
}

CorpusSeeds TlsSeeds(const std::vector<NamedStream>& hellos) {
  CorpusSeeds corpus{"fuzz_tls_engine", {}, {}};
  const unsigned aes = SelectorForProfile("win2003-aes");
  const ByteView line = AsBytes("EHLO client.example\r\n");

  struct Flight {
    const char* name;
    int max_version;
    const char* ciphers;
  };
  for (const Flight& flight :
       {Flight{"aes128-tls10", TLS1_VERSION, "AES128-SHA:@SECLEVEL=0"},
        Flight{"aes256-tls10", TLS1_VERSION, "AES256-SHA:@SECLEVEL=0"},
        Flight{"aes128-client-tls12", TLS1_2_VERSION, "AES128-SHA:@SECLEVEL=0"}}) {
    const Bytes stream =
        RecordClientFlight("win2003-aes", flight.max_version, flight.ciphers, line);
    if (stream.empty() || !ReplaysToData("win2003-aes", stream, line)) {
      std::fprintf(stderr, "record_seeds: the %s flight does not replay to its data\n",
                   flight.name);
      corpus.failures.push_back(std::string("openssl-") + flight.name);
      continue;
    }
    corpus.seeds.push_back({std::string("openssl-") + flight.name, SeedFile(stream, aes)});
    // Pieces of 7, 1 and 64 bytes, the 64-byte ones tagged to echo application data.
    corpus.seeds.push_back({std::string("openssl-") + flight.name + "-split",
                            SeedWithPlan(stream, Bytes{0x06, 0x00, 0xbf}, aes)});
  }

  for (const NamedStream& hello : hellos) {
    corpus.seeds.push_back({hello.name + "-win2003", SeedFile(hello.bytes, 0)});
    corpus.seeds.push_back({hello.name + "-win2003-aes", SeedFile(hello.bytes, aes)});
  }
  return corpus;
}

Bytes RecordSessionFlight(const char* profile_name, ByteView plaintext, ByteView inside_tls) {
  FuzzSession fuzz_session(ProfileForSelector(SelectorForProfile(profile_name)));
  Session& session = fuzz_session.session;
  session.TakeOutput();

  Bytes stream(plaintext.begin(), plaintext.end());
  session.Receive(plaintext);
  session.TakeOutput();

  testing::OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  if (!client.ok()) return {};
  client.Write(inside_tls);
  int idle_rounds = 0;
  for (int round = 0; round < 100 && idle_rounds < 3; ++round) {
    client.Step();
    const Bytes to_server = client.TakeOutput();
    Append(stream, to_server);
    session.Receive(to_server);
    const Bytes to_client = session.TakeOutput();
    client.Give(to_client);
    idle_rounds = to_server.empty() && to_client.empty() ? idle_rounds + 1 : 0;
  }
  if (fuzz_session.sink.messages().size() != 1) return {};
  return stream;
}

CorpusSeeds SessionSeeds(const std::vector<NamedStream>& hellos) {
  CorpusSeeds corpus{"fuzz_session", {}, {}};
  const unsigned aes = SelectorForProfile("win2003-aes");
  const std::string plaintext = "EHLO client.example\r\nSTARTTLS\r\n";
  const std::string inside =
      "EHLO client.example\r\nMAIL FROM:<a@client.example>\r\nRCPT TO:<b@mail.example>\r\n"
      "DATA\r\nSubject: seed\r\n\r\n..dot\r\nbody\r\n.\r\nQUIT\r\n";
  const Bytes stream = RecordSessionFlight("win2003-aes", AsBytes(plaintext), AsBytes(inside));
  if (stream.empty()) {
    std::fprintf(stderr, "record_seeds: the STARTTLS session did not deliver its message\n");
    corpus.failures.push_back("starttls-aes128");
  } else {
    corpus.seeds.push_back({"starttls-aes128", SeedFile(stream, aes)});
    corpus.seeds.push_back({"starttls-aes128-split", SeedWithPlan(stream, Bytes{0x09, 0x3e}, aes)});
    // The same session ended by a timeout (tag 1) and by the client (tag 3) midway.
    corpus.seeds.push_back(
        {"starttls-aes128-timeout", SeedWithPlan(stream, Bytes{0x3e, 0x7e}, aes)});
    corpus.seeds.push_back(
        {"starttls-aes128-peer-closed", SeedWithPlan(stream, Bytes{0x3e, 0xfe}, aes)});
  }

  // The customer's hellos after STARTTLS: refused by win2003, answered by win2003-aes.
  for (const NamedStream& hello : hellos) {
    Bytes stream_with_hello(plaintext.begin(), plaintext.end());
    Append(stream_with_hello, hello.bytes);
    corpus.seeds.push_back({"starttls-" + hello.name + "-win2003", SeedFile(stream_with_hello, 0)});
    corpus.seeds.push_back(
        {"starttls-" + hello.name + "-win2003-aes", SeedFile(stream_with_hello, aes)});
  }
  return corpus;
}

}  // namespace schannel_emu::fuzz
