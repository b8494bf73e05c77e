// TlsServerEngine against libssl clients, the customer's hellos, the window boundary,
// the failure modes and deterministic replays.
#include "emulator/core/tls/server_engine.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <algorithm>

#include "emulator/core/tls/engine_test_support.h"
#include "emulator/core/tls/openssl_test_client.h"

namespace schannel_emu::testing {
namespace {

Bytes Pattern(std::size_t size, std::uint8_t salt) {
  Bytes data(size);
  for (std::size_t i = 0; i < size; ++i) {
    data[i] = static_cast<std::uint8_t>((i * 31 + salt) & 0xff);
  }
  return data;
}

// Handshake with a libssl client, then echo data larger than one record both ways.
void HandshakeAndEcho(OpenSslTestClient& client, EngineUnderTest& server,
                      std::uint16_t expected_suite) {
  ASSERT_TRUE(client.ok());
  ClientSide side = client.Side();
  side.done = [&] { return client.handshake_done() || client.failed(); };
  Pump(side, server.engine);
  ASSERT_TRUE(client.handshake_done())
      << "client failed: " << (client.failed() ? "error" : "stalled");
  ASSERT_EQ(server.engine.state(), TlsState::kEstablished);
  EXPECT_EQ(server.engine.suite(), expected_suite);
  EXPECT_EQ(SSL_CIPHER_get_protocol_id(SSL_get_current_cipher(client.ssl())), expected_suite);
  EXPECT_EQ(SSL_version(client.ssl()), TLS1_VERSION);

  const Bytes upstream = Pattern(40000, 1);
  client.Write(upstream);
  side.done = nullptr;
  Pump(side, server.engine);
  EXPECT_EQ(server.engine.TakeApplicationData(), upstream);

  const Bytes downstream = Pattern(50000, 7);
  server.engine.SendApplicationData(downstream);
  Pump(side, server.engine);
  EXPECT_EQ(client.TakeReceived(), downstream);
}

TEST(TlsServerEngineOpenSsl, CompletesTls10WithAes128AndEchoesData) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 1);
  HandshakeAndEcho(client, server, 0x002f);

  const Events events = server.engine.TakeEvents();
  const std::optional<Event> tls = EventNamed(events, "tls");
  ASSERT_TRUE(tls.has_value());
  EXPECT_EQ(tls->fields["version"], "TLSv1.0");
  EXPECT_EQ(tls->fields["suite"], "0x002f");
  EXPECT_EQ(tls->fields["suite_name"], "AES128-SHA");
  EXPECT_EQ(tls->fields["resumed"], false);
  EXPECT_EQ(tls->fields["secure_renegotiation"], true);
  ASSERT_TRUE(EventNamed(events, "hello").has_value());
  EXPECT_EQ(EventNamed(events, "hello")->fields["verdict"]["accepted"], true);
}

TEST(TlsServerEngineOpenSsl, CompletesTls10WithAes256AndEchoesData) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES256-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 2);
  HandshakeAndEcho(client, server, 0x0035);
}

TEST(TlsServerEngineOpenSsl, AnswersATls12ClientWithTls10) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_2_VERSION, "AES128-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 3);
  HandshakeAndEcho(client, server, 0x002f);
  EXPECT_EQ(server.engine.version(), kTls10);
}

TEST(TlsServerEngineOpenSsl, ClosesWithCloseNotifyBothWays) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 4);
  HandshakeAndEcho(client, server, 0x002f);
  ASSERT_EQ(SSL_shutdown(client.ssl()), 0);  // sent close_notify, waits for the reply
  ClientSide side = client.Side();
  Pump(side, server.engine);
  EXPECT_TRUE(server.engine.peer_closed());
  EXPECT_EQ(server.engine.state(), TlsState::kClosed);
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
  EXPECT_EQ(SSL_shutdown(client.ssl()), 1);  // our close_notify arrived
}

// The engine must refuse a ClientKeyExchange whose RSA block was damaged without
// telling the client anything before Finished: the substituted pre-master secret
// gives the server other keys, so the client's encrypted Finished fails its MAC
// check, which is answered with bad_record_mac (as for any other altered record).
TEST(TlsServerEngineOpenSsl, ADamagedRsaBlockEndsInBadRecordMacAtTheClientsFinished) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 5);
  ASSERT_TRUE(client.ok());

  client.Step();
  server.engine.Receive(client.TakeOutput());
  client.Give(server.engine.TakeOutput());
  client.Step();
  Bytes flight = client.TakeOutput();  // ClientKeyExchange, ChangeCipherSpec, Finished
  ASSERT_GT(flight.size(), 5u + 4u + 2u + 20u);
  ASSERT_EQ(flight[5], 16);  // ClientKeyExchange
  flight[5 + 4 + 2 + 20] ^= 0x40;
  server.engine.Receive(flight);

  const Bytes output = server.engine.TakeOutput();
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
  const Events events = server.engine.TakeEvents();
  const std::optional<Event> sent = EventNamed(events, "tls_alert_sent");
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->fields["description"], "bad_record_mac");
  EXPECT_EQ(EventNamed(events, "tls_failed")->fields["reason"], "bad_record_mac");
  // The alert is still in plaintext (the server never sent ChangeCipherSpec).
  EXPECT_EQ(output, (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 20}));
}

TEST(TlsServerEngineOpenSsl, AnAlteredRecordAfterTheHandshakeGetsBadRecordMac) {
  for (const char* cipher : {"AES128-SHA:@SECLEVEL=0", "AES256-SHA:@SECLEVEL=0"}) {
    SCOPED_TRACE(cipher);
    OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, cipher);
    EngineUnderTest server(BuiltinProfile("win2003-aes"), 6);
    ClientSide side = client.Side();
    side.done = [&] { return client.handshake_done() || client.failed(); };
    Pump(side, server.engine);
    ASSERT_EQ(server.engine.state(), TlsState::kEstablished);

    client.Write(Pattern(100, 3));
    client.Step();
    Bytes records = client.TakeOutput();
    ASSERT_GT(records.size(), 10u);
    records.back() ^= 0x01;  // the last byte: padding of the last record
    server.engine.Receive(records);
    EXPECT_EQ(server.engine.state(), TlsState::kFailed);
    EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
    const Events events = server.engine.TakeEvents();
    ASSERT_TRUE(EventNamed(events, "tls_alert_sent").has_value());
    EXPECT_EQ(EventNamed(events, "tls_alert_sent")->fields["description"], "bad_record_mac");

    // The client reads the (encrypted) alert and fails.
    client.Give(server.engine.TakeOutput());
    client.Step();
    EXPECT_TRUE(client.failed());
  }
}

TEST(TlsServerEngineOpenSsl, ReplayingTheClientGivesTheSameServerBytes) {
  std::vector<Bytes> client_chunks;
  Bytes first_run;
  {
    OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
    EngineUnderTest server(BuiltinProfile("win2003-aes"), 99);
    client.Write(Pattern(3000, 9));
    ClientSide side = client.Side();
    Pump(side, server.engine, 200, &client_chunks, &first_run);
    ASSERT_TRUE(client.handshake_done());
    ASSERT_EQ(server.engine.TakeApplicationData(), Pattern(3000, 9));
  }

  auto replay = [&](std::uint64_t seed) {
    EngineUnderTest server(BuiltinProfile("win2003-aes"), seed);
    Bytes output;
    for (const Bytes& chunk : client_chunks) {
      server.engine.Receive(chunk);
      Append(output, server.engine.TakeOutput());
    }
    return output;
  };
  EXPECT_EQ(replay(99), first_run);
  EXPECT_NE(replay(100), first_run);
}

// The customer's two hellos (fixtures/customer, see its README).
class CustomerHello : public ::testing::Test {
 protected:
  void SetUp() override {
    original_ = ReadFixtureHex("fixtures/customer/original.hello.hex");
    excluded_ = ReadFixtureHex("fixtures/customer/excluded.hello.hex");
    if (original_.empty() || excluded_.empty()) GTEST_SKIP() << "fixtures/customer is missing";
  }
  Bytes original_;
  Bytes excluded_;
};

TEST_F(CustomerHello, OriginalListGetsNoServerHelloFromWin2003) {
  for (const FailureMode mode : {FailureMode::kClose, FailureMode::kReset}) {
    Profile profile = BuiltinProfile("win2003");
    profile.failure = mode;
    EngineUnderTest server(profile, 1);
    server.engine.Receive(original_);
    EXPECT_TRUE(server.engine.TakeOutput().empty());
    EXPECT_EQ(server.engine.action(), mode == FailureMode::kClose
                                          ? TerminalAction::kCloseAfterOutput
                                          : TerminalAction::kReset);
    ASSERT_TRUE(server.engine.verdict().has_value());
    EXPECT_FALSE(server.engine.verdict()->accepted);
    EXPECT_EQ(server.engine.verdict()->reason, VerdictReason::kNoSharedSuiteInWindow);
    const Events events = server.engine.TakeEvents();
    const std::optional<Event> hello = EventNamed(events, "hello");
    ASSERT_TRUE(hello.has_value());
    EXPECT_EQ(hello->fields["offered_count"], 86);
    EXPECT_EQ(hello->fields["offered"][30], "0x0035");
    EXPECT_EQ(hello->fields["client_version"], "TLSv1.2");
    EXPECT_EQ(EventNamed(events, "tls_failed")->fields["reason"], "no_shared_suite_in_window");
  }
}

TEST_F(CustomerHello, OriginalListWithTheAlertModeGetsExactlyOneAlertRecord) {
  Profile profile = BuiltinProfile("win2003");
  profile.failure = FailureMode::kAlert;
  EngineUnderTest server(profile, 1);
  server.engine.Receive(original_);
  EXPECT_EQ(server.engine.TakeOutput(), (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}));
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
}

TEST_F(CustomerHello, OriginalListGetsAes256FromWin2003Aes) {
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 1);
  server.engine.Receive(original_);
  const auto server_hello = FindServerHello(server.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->suite, 0x0035);
  EXPECT_EQ(server_hello->version, kTls10);
  EXPECT_EQ(server.engine.action(), TerminalAction::kNone);
}

// A libssl client cannot offer RC4, and GnuTLS cannot reproduce the 36-entry order,
// so the excluded list is checked in two halves: the engine answers the exact
// hello with RC4-SHA, and a GnuTLS RC4-SHA handshake completes
// (server_engine_gnutls_test.cc).
TEST_F(CustomerHello, ExcludedListGetsRc4ShaFromWin2003) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(excluded_);
  const auto server_hello = FindServerHello(server.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->suite, 0x0005);
  EXPECT_EQ(server.engine.verdict()->position, 31u);
}

class WindowBoundary : public ::testing::TestWithParam<FailureMode> {};

}  // namespace
}  // namespace schannel_emu::testing

namespace schannel_emu {
// PrintTo names the mode in the test names CTest shows (found by ADL next to FailureMode).
void PrintTo(FailureMode mode, std::ostream* os) { *os << FailureModeName(mode); }
}  // namespace schannel_emu

namespace schannel_emu::testing {
namespace {

TEST_P(WindowBoundary, SuiteInSlot64IsAnsweredAndSlot65GetsTheFailureMode) {
  Profile profile = BuiltinProfile("win2003");
  profile.failure = GetParam();

  EngineUnderTest inside(profile, 1);
  inside.engine.Receive(HelloRecordOffering(FillersThen(63, 0x0005)));
  const auto server_hello = FindServerHello(inside.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->suite, 0x0005);

  EngineUnderTest outside(profile, 1);
  outside.engine.Receive(HelloRecordOffering(FillersThen(64, 0x0005)));
  const Bytes output = outside.engine.TakeOutput();
  EXPECT_EQ(outside.engine.state(), TlsState::kFailed);
  const std::optional<Event> failed = EventNamed(outside.engine.TakeEvents(), "tls_failed");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->fields["mode"], std::string(FailureModeName(GetParam())));
  switch (GetParam()) {
    case FailureMode::kClose:
      EXPECT_TRUE(output.empty());
      EXPECT_EQ(outside.engine.action(), TerminalAction::kCloseAfterOutput);
      break;
    case FailureMode::kReset:
      EXPECT_TRUE(output.empty());
      EXPECT_EQ(outside.engine.action(), TerminalAction::kReset);
      break;
    case FailureMode::kAlert:
      EXPECT_EQ(output, (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}));
      EXPECT_EQ(outside.engine.action(), TerminalAction::kCloseAfterOutput);
      break;
  }
}

INSTANTIATE_TEST_SUITE_P(EachFailureMode, WindowBoundary,
                         ::testing::Values(FailureMode::kClose, FailureMode::kReset,
                                           FailureMode::kAlert),
                         [](const ::testing::TestParamInfo<FailureMode>& param_info) {
                           return std::string(FailureModeName(param_info.param));
                         });

TEST(TlsServerEngineHello, ATls12ClientHelloIsAnsweredWithTls10AndNoExtensionsUnlessAsked) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive([] {
    HelloSpec spec;
    spec.client_version = kTls12;
    spec.suites = {0x0004};
    spec.extensions_block = true;
    return ClientHelloRecord(spec);
  }());
  const auto server_hello = FindServerHello(server.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->version, kTls10);
  EXPECT_EQ(server_hello->suite, 0x0004);
  EXPECT_FALSE(server_hello->has_extensions);
  EXPECT_EQ(server_hello->session_id.size(), 32u);
}

TEST(TlsServerEngineHello, TheRenegotiationScsvIsAnsweredWithAnEmptyRenegotiationInfo) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(HelloRecordOffering({0x0004, 0x00ff}));
  const auto server_hello = FindServerHello(server.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_TRUE(server_hello->has_extensions);
}

TEST(TlsServerEngineHello, AnExportSuiteIsReportedAsNotNegotiable) {
  Profile profile = BuiltinProfile("win2003");
  profile.suites = {0x0003};
  EngineUnderTest server(profile, 1);
  server.engine.Receive(HelloRecordOffering({0x0003}));
  EXPECT_TRUE(server.engine.TakeOutput().empty());
  const std::optional<Event> failed = EventNamed(server.engine.TakeEvents(), "tls_failed");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->fields["reason"], "suite_not_negotiable");
}

TEST(TlsServerEngineHello, AHelloSplitOverManyReadsAndRecordsIsAnswered) {
  const Bytes record = HelloRecordOffering({0x0005});
  // Re-cut the one record's handshake bytes into records of 7 bytes each.
  const ByteView message = ByteView(record).subspan(5);
  Bytes fragmented;
  for (std::size_t offset = 0; offset < message.size(); offset += 7) {
    const ByteView piece =
        message.subspan(offset, std::min<std::size_t>(7, message.size() - offset));
    AppendU8(fragmented, 22);
    AppendU16(fragmented, kTls10);
    AppendVector16(fragmented, piece);
  }

  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  for (const std::uint8_t byte : fragmented) server.engine.Receive(ByteView(&byte, 1));
  const auto server_hello = FindServerHello(server.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->suite, 0x0005);

  Profile unpatched = BuiltinProfile("win2003");
  unpatched.accept_fragmented_handshake = false;
  EngineUnderTest refusing(unpatched, 1);
  refusing.engine.Receive(fragmented);
  EXPECT_TRUE(refusing.engine.TakeOutput().empty());
  EXPECT_EQ(refusing.engine.state(), TlsState::kFailed);
  EXPECT_EQ(EventNamed(refusing.engine.TakeEvents(), "tls_failed")->fields["reason"],
            "fragmented_hello");
}

TEST(TlsServerEngineHello, AnSsl2CompatibleHelloIsAnsweredInTls10) {
  // SSLv2 CLIENT-HELLO: version 3.1, specs RC4-SHA and an SSL 2.0-only spec, no
  // session id, a 16-byte challenge (RFC 2246 appendix E.1).
  Bytes body = {0x01, 0x03, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x10};
  Append(body, Bytes{0x00, 0x00, 0x05, 0x01, 0x00, 0x80});
  for (int i = 0; i < 16; ++i) AppendU8(body, static_cast<std::uint8_t>(i));
  Bytes record = {static_cast<std::uint8_t>(0x80 | (body.size() >> 8)),
                  static_cast<std::uint8_t>(body.size() & 0xff)};
  Append(record, body);

  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(record);
  const auto server_hello = FindServerHello(server.engine.TakeOutput());
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->version, kTls10);
  EXPECT_EQ(server_hello->suite, 0x0005);
  EXPECT_EQ(EventNamed(server.engine.TakeEvents(), "hello")->fields["format"], "ssl2");
}

}  // namespace
}  // namespace schannel_emu::testing

namespace schannel_emu::testing {
namespace {

// Changing a suite the server does not pick leaves the keys alone but changes the
// handshake hash, so the client's Finished decrypts and then fails its check.
TEST(TlsServerEngineOpenSsl, AlteredHandshakeMessagesEndInDecryptErrorAtFinished) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:AES256-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 8);
  client.Step();
  Bytes hello = client.TakeOutput();
  const Bytes offered = {0x00, 0x2f, 0x00, 0x35};
  auto where = std::search(hello.begin(), hello.end(), offered.begin(), offered.end());
  ASSERT_NE(where, hello.end());
  where[3] = 0x36;
  server.engine.Receive(hello);
  client.Give(server.engine.TakeOutput());
  client.Step();
  server.engine.Receive(client.TakeOutput());

  EXPECT_EQ(server.engine.TakeOutput(), (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 51}));
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  const auto failed = EventNamed(server.engine.TakeEvents(), "tls_failed");
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->fields["reason"], "finished_mismatch");
}

TEST(TlsServerEngineOpenSsl, AClientRenegotiationIsDeclinedWithAWarning) {
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  EngineUnderTest server(BuiltinProfile("win2003-aes"), 9);
  ClientSide side = client.Side();
  side.done = [&] { return client.handshake_done() || client.failed(); };
  Pump(side, server.engine);
  ASSERT_EQ(server.engine.state(), TlsState::kEstablished);
  server.engine.TakeEvents();

  ASSERT_EQ(SSL_renegotiate(client.ssl()), 1);
  SSL_do_handshake(client.ssl());
  server.engine.Receive(client.TakeOutput());
  EXPECT_FALSE(server.engine.TakeOutput().empty());
  const auto sent = EventNamed(server.engine.TakeEvents(), "tls_alert_sent");
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->fields["level"], "warning");
  EXPECT_EQ(sent->fields["description"], "no_renegotiation");
  EXPECT_EQ(server.engine.state(), TlsState::kEstablished);
  EXPECT_EQ(server.engine.action(), TerminalAction::kNone);
}

TEST(TlsServerEngineOpenSsl, AFatalAlertFromTheClientEndsTheConnectionWithoutAnswer) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  Bytes input = HelloRecordOffering({0x0005});
  Append(input, Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28});
  server.engine.Receive(input);
  ASSERT_TRUE(FindServerHello(server.engine.TakeOutput()).has_value());
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
  const Events events = server.engine.TakeEvents();
  ASSERT_TRUE(EventNamed(events, "tls_alert_received").has_value());
  EXPECT_EQ(EventNamed(events, "tls_alert_received")->fields["description"], "handshake_failure");
  EXPECT_FALSE(EventNamed(events, "tls_alert_sent").has_value());
}

}  // namespace
}  // namespace schannel_emu::testing
