#include "emulator/core/session/session.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <string>
#include <vector>

#include "emulator/core/tls/engine_test_support.h"
#include "emulator/core/tls/openssl_test_client.h"

namespace schannel_emu {
namespace {

using testing::BuiltinProfile;
using testing::OpenSslTestClient;
using testing::ReadFixtureHex;
using testing::TestCredentials;

std::string Text(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }
Bytes BytesOf(std::string_view text) { return Bytes(text.begin(), text.end()); }

// VectorSink keeps every accepted message in memory.
class VectorSink final : public MessageSink {
 public:
  struct Stored {
    Envelope envelope;
    std::string content;
  };

  StoreOutcome Store(const Envelope& envelope, ByteView content) override {
    messages.push_back({envelope, std::string(content.begin(), content.end())});
    return {StoreResult::kStored, "test-" + std::to_string(messages.size()), ""};
  }

  std::vector<Stored> messages;
};

// SessionUnderTest owns a session and everything it borrows; every byte it sent and every
// event it raised are kept for the test to inspect.
struct SessionUnderTest {
  SessionUnderTest(const std::string& profile_name, std::uint64_t seed,
                   FailureMode failure = FailureMode::kClose)
      : profile(BuiltinProfile(profile_name)), random(seed), session(Options(failure)) {
    session.Start();
    banner = Text(Drain());
  }

  SessionOptions Options(FailureMode failure) {
    profile.failure = failure;
    SessionOptions options;
    options.profile = &profile;
    options.credentials = &TestCredentials();
    options.random = &random;
    options.sink = &sink;
    options.hostname = "mail.example.test";
    options.client_address = "192.0.2.7";
    options.banner_date = "Tue, 01 Jan 2008 00:00:00 +0000";
    options.now_seconds = testing::kTestNow;
    return options;
  }

  // Drain collects what the session wants to send and its events.
  Bytes Drain() {
    Bytes output = session.TakeOutput();
    Append(transcript, output);
    for (Event& event : session.TakeEvents()) events.push_back(std::move(event));
    return output;
  }

  // Plain sends clear text and returns the clear-text answer.
  std::string Plain(std::string_view text) {
    session.Receive(BytesOf(text));
    return Text(Drain());
  }

  std::vector<Event> Named(const std::string& name) const {
    std::vector<Event> named;
    for (const Event& event : events) {
      if (event.name == name) named.push_back(event);
    }
    return named;
  }

  Profile profile;
  DeterministicRandom random;
  VectorSink sink;
  Session session;
  std::string banner;
  Bytes transcript;  // every byte the session sent
  Events events;
};

// PumpTls moves bytes between the libssl client and the session until neither has anything
// to say (at most 100 rounds). Every chunk the client sent is kept in *client_chunks.
void PumpTls(OpenSslTestClient& client, SessionUnderTest& server,
             std::vector<Bytes>* client_chunks = nullptr) {
  int idle_rounds = 0;
  for (int round = 0; round < 100 && idle_rounds < 3; ++round) {
    client.Step();
    const Bytes to_server = client.TakeOutput();
    if (!to_server.empty()) {
      if (client_chunks != nullptr) client_chunks->push_back(to_server);
      server.session.Receive(to_server);
    }
    const Bytes to_client = server.Drain();
    if (!to_client.empty()) client.Give(to_client);
    idle_rounds = to_server.empty() && to_client.empty() ? idle_rounds + 1 : 0;
  }
}

// OverTls sends one command through the client's TLS connection and returns the reply.
std::string OverTls(OpenSslTestClient& client, SessionUnderTest& server, std::string_view text,
                    std::vector<Bytes>* client_chunks = nullptr) {
  client.Write(BytesOf(text));
  PumpTls(client, server, client_chunks);
  return Text(client.TakeReceived());
}

constexpr std::string_view kMessage =
    "From: a@example.org\r\nTo: b@example.net\r\nSubject: session test\r\n\r\n"
    "first line\r\n.a line that began with a dot\r\nlast line\r\n";
constexpr std::string_view kStuffedMessage =
    "From: a@example.org\r\nTo: b@example.net\r\nSubject: session test\r\n\r\n"
    "first line\r\n..a line that began with a dot\r\nlast line\r\n.\r\n";

TEST(Session, DeliversAMessageOverStartTlsWithAes128OnTheAesProfile) {
  SessionUnderTest server("win2003-aes", 1);
  EXPECT_EQ(server.banner.rfind("220 mail.example.test Microsoft ESMTP MAIL Service ready at ", 0),
            0u)
      << server.banner;

  const std::string ehlo = server.Plain("EHLO client.example.org\r\n");
  EXPECT_NE(ehlo.find("250-STARTTLS\r\n"), std::string::npos) << ehlo;
  EXPECT_EQ(server.Plain("STARTTLS\r\n"), "220 2.0.0 SMTP server ready\r\n");
  EXPECT_FALSE(server.session.tls_active());

  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  ASSERT_TRUE(client.ok());
  PumpTls(client, server);
  ASSERT_TRUE(client.handshake_done());
  EXPECT_TRUE(server.session.tls_active());
  EXPECT_EQ(SSL_version(client.ssl()), TLS1_VERSION);
  EXPECT_EQ(SSL_CIPHER_get_protocol_id(SSL_get_current_cipher(client.ssl())), 0x002f);

  const std::string second_ehlo = OverTls(client, server, "EHLO client.example.org\r\n");
  EXPECT_EQ(second_ehlo.rfind("250-mail.example.test Hello [192.0.2.7]\r\n", 0), 0u) << second_ehlo;
  EXPECT_EQ(second_ehlo.find("STARTTLS"), std::string::npos) << second_ehlo;

  EXPECT_EQ(OverTls(client, server, "MAIL FROM:<a@example.org>\r\n"), "250 2.1.0 Sender OK\r\n");
  EXPECT_EQ(OverTls(client, server, "RCPT TO:<b@example.net>\r\n"), "250 2.1.5 Recipient OK\r\n");
  EXPECT_EQ(OverTls(client, server, "DATA\r\n"),
            "354 Start mail input; end with <CRLF>.<CRLF>\r\n");
  EXPECT_EQ(OverTls(client, server, kStuffedMessage),
            "250 2.6.0 <test-1> Queued mail for delivery\r\n");

  ASSERT_EQ(server.sink.messages.size(), 1u);
  const auto& stored = server.sink.messages[0];
  EXPECT_EQ(stored.content, kMessage);
  EXPECT_TRUE(stored.envelope.tls);
  EXPECT_EQ(stored.envelope.tls_version, "TLSv1.0");
  EXPECT_EQ(stored.envelope.tls_suite, "AES128-SHA");
  EXPECT_EQ(stored.envelope.mail_from, "a@example.org");
  EXPECT_EQ(stored.envelope.rcpt_to, std::vector<std::string>{"b@example.net"});

  EXPECT_EQ(OverTls(client, server, "QUIT\r\n"),
            "221 2.0.0 Service closing transmission channel\r\n");
  EXPECT_NE(SSL_get_shutdown(client.ssl()) & SSL_RECEIVED_SHUTDOWN, 0);
  EXPECT_EQ(server.session.action(), SessionAction::kClose);
  ASSERT_EQ(server.Named("tls").size(), 1u);
  EXPECT_EQ(server.Named("tls")[0].fields["suite"], "0x002f");
}

TEST(Session, CommandsPipelinedAfterStartTlsAreDiscardedNotExecuted) {
  SessionUnderTest server("win2003-aes", 2);
  server.Plain("EHLO client.example.org\r\n");
  EXPECT_EQ(server.Plain("STARTTLS\r\nRSET\r\n"), "220 2.0.0 SMTP server ready\r\n");

  const auto discarded = server.Named("starttls_discarded");
  ASSERT_EQ(discarded.size(), 1u);
  EXPECT_EQ(discarded[0].fields["bytes"], 6);
  for (const Event& command : server.Named("smtp_command")) {
    EXPECT_NE(command.fields["verb"], "RSET");
  }

  // The connection still belongs to TLS: a handshake completes and the session answers.
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  PumpTls(client, server);
  ASSERT_TRUE(client.handshake_done());
  EXPECT_EQ(OverTls(client, server, "MAIL FROM:<a@example.org>\r\n"),
            "503 5.5.2 Send hello first\r\n");
}

struct FailureCase {
  FailureMode mode;
  SessionAction action;
  Bytes output;
};

// PrintTo keeps the test names readable: the failure mode, not the struct's bytes.
void PrintTo(const FailureCase& failure_case, std::ostream* out) {
  *out << FailureModeName(failure_case.mode);
}

class SessionRefusingTheCustomerHello : public ::testing::TestWithParam<FailureCase> {};

TEST_P(SessionRefusingTheCustomerHello, SendsOnlyWhatTheFailureModeSaysAndEnds) {
  const Bytes hello = ReadFixtureHex("fixtures/customer/original.hello.hex");
  ASSERT_FALSE(hello.empty()) << "fixtures/customer/original.hello.hex is missing";

  SessionUnderTest server("win2003", 3, GetParam().mode);
  server.Plain("EHLO postfix.example.org\r\n");
  EXPECT_EQ(server.Plain("STARTTLS\r\n"), "220 2.0.0 SMTP server ready\r\n");
  server.session.Receive(hello);

  EXPECT_EQ(server.Drain(), GetParam().output);
  EXPECT_EQ(server.session.action(), GetParam().action);
  const auto hellos = server.Named("hello");
  ASSERT_EQ(hellos.size(), 1u);
  EXPECT_EQ(hellos[0].fields["offered_count"], 86);
  EXPECT_EQ(hellos[0].fields["verdict"]["accepted"], false);
  const auto failed = server.Named("tls_failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].fields["mode"], FailureModeName(GetParam().mode));

  // Nothing the client sends afterwards gets an answer.
  server.session.Receive(BytesOf("EHLO again\r\n"));
  EXPECT_TRUE(server.Drain().empty());
}

INSTANTIATE_TEST_SUITE_P(
    EveryFailureMode, SessionRefusingTheCustomerHello,
    ::testing::Values(FailureCase{FailureMode::kClose, SessionAction::kClose, {}},
                      FailureCase{FailureMode::kReset, SessionAction::kReset, {}},
                      FailureCase{FailureMode::kAlert,
                                  SessionAction::kClose,
                                  {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}}),
    [](const ::testing::TestParamInfo<FailureCase>& param_info) {
      return std::string(FailureModeName(param_info.param.mode));
    });

TEST(Session, AnIdleClientGetsExchangesTimeoutReplyAndTheSessionCloses) {
  SessionUnderTest server("win2003", 4);
  server.Plain("EHLO client.example.org\r\n");
  server.session.IdleTimeout();
  EXPECT_EQ(Text(server.Drain()), "451 4.7.0 Timeout waiting for client input\r\n");
  EXPECT_EQ(server.session.action(), SessionAction::kClose);
}

TEST(Session, AStalledHandshakeIsClosedWithoutAReplyOnTimeout) {
  SessionUnderTest server("win2003", 5);
  server.Plain("EHLO client.example.org\r\n");
  server.Plain("STARTTLS\r\n");
  server.session.IdleTimeout();
  EXPECT_TRUE(server.Drain().empty());
  EXPECT_EQ(server.session.action(), SessionAction::kClose);
}

// RecordedRun delivers one message over TLS and keeps what the client sent, chunk by chunk.
struct RecordedRun {
  std::vector<Bytes> client_chunks;
  Bytes server_bytes;
};

RecordedRun RunOnceWithLibssl(std::uint64_t seed) {
  RecordedRun run;
  SessionUnderTest server("win2003-aes", seed);
  const std::string plain = "EHLO client.example.org\r\nSTARTTLS\r\n";
  run.client_chunks.push_back(BytesOf(plain));
  server.Plain(plain);
  OpenSslTestClient client(TLS1_VERSION, TLS1_VERSION, "AES128-SHA:@SECLEVEL=0");
  PumpTls(client, server, &run.client_chunks);
  const std::string_view lines[] = {"EHLO c\r\n",
                                    "MAIL FROM:<a@example.org>\r\n",
                                    "RCPT TO:<b@example.net>\r\n",
                                    "DATA\r\n",
                                    kStuffedMessage,
                                    "QUIT\r\n"};
  for (const std::string_view line : lines) {
    OverTls(client, server, line, &run.client_chunks);
  }
  run.server_bytes = server.transcript;
  return run;
}

Bytes Replay(const std::vector<Bytes>& chunks, std::uint64_t seed) {
  SessionUnderTest server("win2003-aes", seed);
  for (const Bytes& chunk : chunks) {
    server.session.Receive(chunk);
    server.Drain();
  }
  return server.transcript;
}

TEST(Session, TheSameSeedAndInputGiveTheSameBytes) {
  const RecordedRun recorded = RunOnceWithLibssl(77);
  ASSERT_GT(recorded.client_chunks.size(), 5u);

  EXPECT_EQ(Replay(recorded.client_chunks, 77), recorded.server_bytes);
  // The comparison can fail: another seed changes the server random and the keys.
  EXPECT_NE(Replay(recorded.client_chunks, 78), recorded.server_bytes);
}

}  // namespace
}  // namespace schannel_emu
