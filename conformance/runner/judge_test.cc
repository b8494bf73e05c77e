#include "conformance/runner/judge.h"

#include <gtest/gtest.h>

namespace schannel_emu::conform {
namespace {

const std::string kMessage = "Subject: hi\r\n\r\nbody\r\n";
const std::string kRcpt = "postmaster@exchange.conform.example";

ObservedEvent E(std::uint64_t conn, const std::string& name, nlohmann::json fields = {}) {
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields["conn"] = conn;
  fields["event"] = name;
  return ObservedEvent{conn, name, fields};
}

ObservedEvent Command(std::uint64_t conn, const std::string& verb) {
  return E(conn, "smtp_command", {{"verb", verb}});
}

nlohmann::json Verdict(bool accepted) {
  return accepted ? nlohmann::json{{"accepted", true},  {"reason", "accepted"},
                                   {"suite", "0x0005"}, {"suite_name", "RC4-SHA"},
                                   {"position", 31},    {"offered_count", 36}}
                  : nlohmann::json{{"accepted", false},
                                   {"reason", "no_shared_suite_in_window"},
                                   {"offered_count", 86}};
}

StoredMessage Stored(const std::string& content, bool tls) {
  return StoredMessage{"m1",
                       content,
                       {{"rcpt_to", {kRcpt}},
                        {"tls", tls},
                        {"tls_version", tls ? "TLSv1.0" : ""},
                        {"tls_suite", tls ? "AES128-SHA" : ""}}};
}

JudgeInput Input() {
  JudgeInput input;
  input.expected_message = kMessage;
  input.rcpt_to = kRcpt;
  return input;
}

// A first connection whose STARTTLS handshake the emulator refused.
void AddRefusedTls(JudgeInput& input) {
  input.events.push_back(E(1, "connect"));
  input.events.push_back(Command(1, "EHLO"));
  input.events.push_back(Command(1, "STARTTLS"));
  input.events.push_back(E(1, "hello", {{"verdict", Verdict(false)}}));
  input.events.push_back(
      E(1, "tls_failed", {{"mode", "close"}, {"reason", "no_shared_suite_in_window"}}));
  input.events.push_back(E(1, "disconnect", {{"by", "server"}, {"how", "fin"}}));
}

TEST(JudgeTest, AMessageDeliveredOverTlsByteExactPasses) {
  JudgeInput input = Input();
  input.events = {E(1, "connect"),
                  Command(1, "STARTTLS"),
                  E(1, "hello", {{"verdict", Verdict(true)}}),
                  E(1, "tls", {{"suite", "0x0005"}}),
                  Command(1, "MAIL"),
                  E(1, "message")};
  input.messages = {Stored(kMessage, true)};
  const Judgement judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kPass);
  EXPECT_EQ(judgement.next, "-");
  EXPECT_EQ(judgement.hello_verdict, Verdict(true));
}

TEST(JudgeTest, ALaterConnectionWithoutStarttlsIsAClearRetryAndPassesInClear) {
  JudgeInput input = Input();
  AddRefusedTls(input);
  input.events.push_back(E(2, "connect"));
  input.events.push_back(Command(2, "EHLO"));
  input.events.push_back(Command(2, "MAIL"));
  input.events.push_back(E(2, "message_stored"));
  input.messages = {Stored(kMessage, false)};
  const Judgement judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kPassInClear);
  EXPECT_EQ(judgement.next, "retried in clear");
  ASSERT_EQ(judgement.connections.size(), 2u);
  EXPECT_EQ(judgement.connections[1].messages, 1u);
}

TEST(JudgeTest, AFailedHandshakeWithTheMessageStillQueuedIsADeferral) {
  JudgeInput input = Input();
  AddRefusedTls(input);
  input.still_queued = true;
  const Judgement judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kFail);
  EXPECT_EQ(judgement.next, "deferred");
  EXPECT_NE(judgement.detail.find("no_shared_suite_in_window"), std::string::npos)
      << judgement.detail;
}

TEST(JudgeTest, AFailedHandshakeWithNothingQueuedAndNoRetryIsGivingUp) {
  JudgeInput input = Input();
  AddRefusedTls(input);
  input.client_exit = 1;
  EXPECT_EQ(Judge(input).next, "gave up");

  input.events.push_back(Command(2, "STARTTLS"));
  input.events.push_back(E(2, "hello", {{"verdict", Verdict(false)}}));
  input.still_queued = true;
  EXPECT_EQ(Judge(input).next, "retried with TLS 1x, still deferred");
}

TEST(JudgeTest, AClientThatQuitsAfterACompletedHandshakeAndResendsInClearRetriedInClear) {
  JudgeInput input = Input();
  input.events = {E(1, "connect"),
                  Command(1, "STARTTLS"),
                  E(1, "hello", {{"verdict", Verdict(true)}}),
                  E(1, "tls", {{"suite", "0x002f"}}),
                  E(1, "disconnect"),
                  E(2, "connect"),
                  Command(2, "MAIL"),
                  E(2, "message")};
  input.messages = {Stored(kMessage, false)};
  const Judgement judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kPassInClear);
  EXPECT_EQ(judgement.next, "retried in clear");
}

TEST(JudgeTest, AnAlteredBodyFailsAndSaysWhere) {
  JudgeInput input = Input();
  input.messages = {Stored("Subject: hi\r\n\r\nbodY\r\n", true)};
  const Judgement judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kFail);
  EXPECT_NE(judgement.detail.find("altered"), std::string::npos) << judgement.detail;
  EXPECT_NE(judgement.detail.find("line 3"), std::string::npos) << judgement.detail;
}

TEST(JudgeTest, TraceHeadersPrependedByTheSendingMtaStillCountAsByteExact) {
  const std::string trace =
      "Received: from sender (localhost [127.0.0.1])\r\n\tby mx; Mon, 1 Jan 2024\r\n"
      "Return-Path: <a@b>\r\n";
  const auto compared = CompareDelivered(trace + kMessage, kMessage);
  ASSERT_TRUE(compared) << compared.error();
  EXPECT_EQ(*compared, 3u);

  const auto garbage = CompareDelivered("not a header\r\n" + kMessage, kMessage);
  EXPECT_FALSE(garbage);
}

TEST(JudgeTest, AMessageForAnotherRecipientDoesNotCount) {
  JudgeInput input = Input();
  StoredMessage other = Stored(kMessage, true);
  other.envelope["rcpt_to"] = {"someone@else.example"};
  input.messages = {other};
  EXPECT_EQ(Judge(input).outcome, Outcome::kFail);
}

TEST(JudgeTest, AHelloOnlyClientPassesTheHandshakeStepWhenItsHelloIsAccepted) {
  JudgeInput input = Input();
  input.kind = ClientKind::kHelloOnly;
  input.events = {E(1, "connect"), Command(1, "STARTTLS"),
                  E(1, "hello", {{"verdict", Verdict(true)}})};
  Judgement judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kPassHandshake);
  EXPECT_NE(judgement.detail.find("ServerHello 0x0005"), std::string::npos) << judgement.detail;

  input.events = {};
  AddRefusedTls(input);
  judgement = Judge(input);
  EXPECT_EQ(judgement.outcome, Outcome::kFail);
  EXPECT_NE(judgement.detail.find("refused"), std::string::npos) << judgement.detail;
}

TEST(JudgeTest, AChunkingClientThatFallsBackToDataFails) {
  JudgeInput input = Input();
  input.client_uses_chunking = true;
  input.events = {E(1, "connect"), Command(1, "MAIL"), Command(1, "DATA"), E(1, "message")};
  input.messages = {Stored(kMessage, false)};
  EXPECT_EQ(Judge(input).outcome, Outcome::kFail);

  input.events = {E(1, "connect"), Command(1, "MAIL"), Command(1, "BDAT"), E(1, "message")};
  EXPECT_EQ(Judge(input).outcome, Outcome::kPassInClear);
}

TEST(JudgeTest, EventLinesParseWithTheirConnectionId) {
  const auto event = ParseEventLine(R"({"time":"t","conn":7,"event":"tls","suite":"0x002f"})");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->connection, 7u);
  EXPECT_EQ(event->name, "tls");
  EXPECT_FALSE(ParseEventLine("not json"));
  EXPECT_FALSE(ParseEventLine(R"({"conn":1})"));
}

}  // namespace
}  // namespace schannel_emu::conform
