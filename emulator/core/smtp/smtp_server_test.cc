#include "emulator/core/smtp/smtp_server.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace schannel_emu {
namespace {

using namespace std::string_literals;

// FakeSink is the test's own message store: it keeps what it is given and answers with
// the outcome the test chose.
class FakeSink : public MessageSink {
 public:
  struct Stored {
    Envelope envelope;
    std::string content;
  };

  StoreOutcome Store(const Envelope& envelope, ByteView content) override {
    if (next_result != StoreResult::kStored) return StoreOutcome{next_result, "", ""};
    stored.push_back(Stored{envelope, std::string(AsText(content))});
    return StoreOutcome{StoreResult::kStored, "msg" + std::to_string(stored.size()), ""};
  }

  RecipientDecision CheckRecipient(const std::string& address) override {
    return address == try_later_address ? RecipientDecision::kTryLater : RecipientDecision::kAccept;
  }

  StoreResult next_result = StoreResult::kStored;
  std::string try_later_address;
  std::vector<Stored> stored;
};

SmtpEnvironment Environment() {
  return SmtpEnvironment{"mx.example.com", "Mon, 1 Jan 2024 10:00:00 +0000", "192.0.2.7"};
}

class SmtpServerTest : public testing::Test {
 protected:
  SmtpServerTest() { Restart(SmtpProfile{}); }

  void Restart(const SmtpProfile& profile) {
    sink_ = FakeSink{};
    server_ = std::make_unique<SmtpServer>(profile, Environment(), sink_);
    server_->Start();
    server_->TakeOutput();
    server_->TakeEvents();
  }

  std::string Send(const std::string& input) {
    server_->Receive(AsBytes(input));
    return std::string(AsText(server_->TakeOutput()));
  }

  // SendSplit sends input in two pieces, cut at `cut`, in that order.
  std::string SendSplit(const std::string& input, std::size_t cut) {
    std::string output = Send(input.substr(0, cut));
    output += Send(input.substr(cut));
    return output;
  }

  std::string SendOctetByOctet(const std::string& input) {
    std::string output;
    for (const char c : input) output += Send(std::string(1, c));
    return output;
  }

  std::vector<Event> EventsNamed(const std::string& name) {
    std::vector<Event> found;
    for (Event& event : server_->TakeEvents()) {
      if (event.name == name) found.push_back(std::move(event));
    }
    return found;
  }

  FakeSink sink_;
  std::unique_ptr<SmtpServer> server_;
};

const std::string kEnvelope =
    "EHLO client.example\r\nMAIL FROM:<a@example.org>\r\n"
    "RCPT TO:<b@example.com>\r\n";
const std::string kEnvelopeReplies =
    "250 2.1.0 Sender OK\r\n"
    "250 2.1.5 Recipient OK\r\n";

std::string EhloReply(bool with_starttls) {
  return "250-mx.example.com Hello [192.0.2.7]\r\n"
         "250-SIZE 10485760\r\n250-PIPELINING\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n" +
         std::string(with_starttls ? "250-STARTTLS\r\n250-X-ANONYMOUSTLS\r\n" : "") +
         "250-AUTH NTLM\r\n250-X-EXPS GSSAPI NTLM\r\n250-8BITMIME\r\n250-BINARYMIME\r\n"
         "250-CHUNKING\r\n250 XEXCH50\r\n";
}

TEST_F(SmtpServerTest, BannerNamesTheHostAndDate) {
  FakeSink sink;
  SmtpServer server(SmtpProfile{}, Environment(), sink);
  server.Start();
  EXPECT_EQ(AsText(server.TakeOutput()),
            "220 mx.example.com Microsoft ESMTP MAIL Service ready at "
            "Mon, 1 Jan 2024 10:00:00 +0000\r\n");
}

TEST_F(SmtpServerTest, EhloListsTheProfileKeywordsWithTheSizeLimit) {
  EXPECT_EQ(Send("EHLO client.example\r\n"), EhloReply(true));
}

TEST_F(SmtpServerTest, EhloOmitsKeywordsTheProfileSwitchedOff) {
  SmtpProfile profile;
  profile.ehlo_keywords = {"SIZE", "PIPELINING"};
  profile.max_message_bytes = 2048;
  Restart(profile);
  EXPECT_EQ(Send("EHLO c\r\n"),
            "250-mx.example.com Hello [192.0.2.7]\r\n250-SIZE 2048\r\n"
            "250 PIPELINING\r\n");
  EXPECT_EQ(Send("STARTTLS\r\nBDAT 0 LAST\r\nXEXCH50 1 2\r\nAUTH NTLM\r\n"),
            "500 5.3.3 Unrecognized command\r\n500 5.3.3 Unrecognized command\r\n"
            "500 5.3.3 Unrecognized command\r\n500 5.3.3 Unrecognized command\r\n");
}

TEST_F(SmtpServerTest, HeloGreetsWithTheClientAddress) {
  EXPECT_EQ(Send("HELO client\r\n"), "250 mx.example.com Hello [192.0.2.7]\r\n");
}

TEST_F(SmtpServerTest, GreetingWithoutArgumentIsInvalid) {
  EXPECT_EQ(Send("EHLO\r\nHELO \r\n"),
            "501 5.5.4 Invalid arguments\r\n501 5.5.4 Invalid arguments\r\n");
}

TEST_F(SmtpServerTest, TransactionStoresTheMessageAndQuotesTheSinksId) {
  const std::string output = Send(kEnvelope + "DATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\n");
  EXPECT_EQ(output, EhloReply(true) + kEnvelopeReplies +
                        "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
                        "250 2.6.0 <msg1> Queued mail for delivery\r\n");
  ASSERT_EQ(sink_.stored.size(), 1u);
  const FakeSink::Stored& stored = sink_.stored[0];
  EXPECT_EQ(stored.content, "Subject: hi\r\n\r\nbody\r\n");
  EXPECT_EQ(stored.envelope.mail_from, "a@example.org");
  EXPECT_EQ(stored.envelope.rcpt_to, std::vector<std::string>{"b@example.com"});
  EXPECT_EQ(stored.envelope.helo, "client.example");
  EXPECT_EQ(stored.envelope.client_address, "192.0.2.7");
  EXPECT_EQ(stored.envelope.transfer, "data");
  EXPECT_FALSE(stored.envelope.tls);
}

TEST_F(SmtpServerTest, StoredEventCarriesSizeDigestAndEnvelope) {
  Send(kEnvelope + "DATA\r\n.\r\n");
  const auto events = EventsNamed("message");
  ASSERT_EQ(events.size(), 1u);
  const auto& fields = events[0].fields;
  EXPECT_EQ(fields["id"], "msg1");
  EXPECT_EQ(fields["size"], 0);
  // SHA-256 of the empty string.
  EXPECT_EQ(fields["sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(fields["mail_from"], "a@example.org");
  EXPECT_EQ(fields["rcpt_to"], nlohmann::ordered_json::array({"b@example.com"}));
  EXPECT_EQ(fields["tls"], false);
}

TEST_F(SmtpServerTest, DataIsDotUnstuffedAndOtherwiseByteExact) {
  std::string body = "..leading\r\n.\r\x80\xff\x00 8bit\r\n"s + std::string(5000, 'w') + "\r\n";
  std::string stuffed = body;
  Send(kEnvelope + "DATA\r\n" + stuffed + ".\r\n");
  ASSERT_EQ(sink_.stored.size(), 1u);
  body.erase(0, 1);                       // "..leading" was stuffed from ".leading"
  body.erase(body.find("\r\n.") + 2, 1);  // ".\r\x80" loses its stuffing dot as well
  EXPECT_EQ(sink_.stored[0].content, body);
}

TEST_F(SmtpServerTest, CommandsOutOfSequenceGetExchangesAnswers) {
  EXPECT_EQ(Send("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nBDAT 1 LAST\r\nx"),
            "503 5.5.2 Send hello first\r\n503 5.5.2 Send hello first\r\n"
            "503 5.5.2 Send hello first\r\n503 5.5.2 Send hello first\r\n");
  Restart(SmtpProfile{});
  EXPECT_EQ(Send("EHLO c\r\nRCPT TO:<c@d>\r\nDATA\r\nMAIL FROM:<a@b>\r\nDATA\r\n"
                 "MAIL FROM:<a@b>\r\n"),
            EhloReply(true) +
                "503 5.5.2 Need mail command\r\n503 5.5.2 Need mail command\r\n"
                "250 2.1.0 Sender OK\r\n503 5.5.2 Need rcpt command\r\n"
                "503 5.5.2 Sender already specified\r\n");
}

TEST_F(SmtpServerTest, MailParametersAreChecked) {
  Send("EHLO c\r\n");
  EXPECT_EQ(Send("MAIL FROM:<a@b> SIZE=10485761\r\n"),
            "552 5.3.4 Message size exceeds fixed maximum message size\r\n");
  EXPECT_EQ(Send("MAIL FROM:<a@b> SIZE=ten\r\n"), "501 5.5.4 Invalid arguments\r\n");
  EXPECT_EQ(Send("MAIL FROM:<a@b> FOO=1\r\n"), "501 5.5.4 Invalid arguments\r\n");
  EXPECT_EQ(Send("MAIL FROM:a@b\r\nRSET\r\n"), "250 2.1.0 Sender OK\r\n250 2.0.0 Resetting\r\n");
  EXPECT_EQ(Send("MAIL FROM:<> SIZE=10485760 BODY=8BITMIME RET=HDRS\r\n"),
            "250 2.1.0 Sender OK\r\n");
  EXPECT_EQ(Send("RCPT TO:<>\r\nRCPT TO:<x@y> NOTIFY=NEVER\r\nRCPT TO:<x@y> BAR=1\r\n"),
            "501 5.5.4 Invalid arguments\r\n250 2.1.5 Recipient OK\r\n"
            "501 5.5.4 Invalid arguments\r\n");
}

TEST_F(SmtpServerTest, RecipientsBeyondTheLimitAreRefused) {
  SmtpProfile profile;
  profile.max_recipients = 3;
  Restart(profile);
  Send("EHLO c\r\nMAIL FROM:<a@b>\r\n");
  std::string commands;
  for (int i = 0; i < 5; ++i) commands += "RCPT TO:<r" + std::to_string(i) + "@x>\r\n";
  EXPECT_EQ(Send(commands),
            "250 2.1.5 Recipient OK\r\n250 2.1.5 Recipient OK\r\n"
            "250 2.1.5 Recipient OK\r\n452 4.5.3 Too many recipients\r\n"
            "452 4.5.3 Too many recipients\r\n");
  EXPECT_FALSE(server_->wants_close());
  Send("DATA\r\n.\r\n");
  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_EQ(sink_.stored[0].envelope.rcpt_to.size(), 3u);
}

TEST_F(SmtpServerTest, ARecipientTheStoreCannotTakeNowGetsA451AndIsLeftOut) {
  sink_.try_later_address = "busy@x";
  Send("EHLO c\r\nMAIL FROM:<a@b>\r\n");

  EXPECT_EQ(Send("RCPT TO:<busy@x>\r\nRCPT TO:<ok@x>\r\n"),
            "451 4.7.0 Temporary server error. Please try again later\r\n"
            "250 2.1.5 Recipient OK\r\n");
  Send("DATA\r\n.\r\n");

  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_EQ(sink_.stored[0].envelope.rcpt_to, std::vector<std::string>{"ok@x"});
}

TEST_F(SmtpServerTest, SimpleCommandsAnswerAsExchangeDoes) {
  EXPECT_EQ(Send("NOOP\r\n"), "250 2.0.0 OK\r\n");
  EXPECT_EQ(Send("RSET\r\n"), "250 2.0.0 Resetting\r\n");
  EXPECT_EQ(Send("HELP\r\n"),
            "214-This server supports the following commands:\r\n"
            "214 HELO EHLO STARTTLS RCPT DATA RSET MAIL QUIT HELP AUTH BDAT\r\n");
  EXPECT_EQ(Send("VRFY <postmaster@example.com>\r\n"),
            "252 2.1.5 Cannot VRFY user, but will take message for <postmaster@example.com>\r\n");
  EXPECT_EQ(Send("EHLO c\r\n"), EhloReply(true));
  EXPECT_EQ(Send("XEXCH50 1028 2\r\n"), "504 Need to authenticate first\r\n");
  EXPECT_EQ(Send("AUTH NTLM\r\n"), "504 5.7.4 Unrecognized authentication type\r\n");
  EXPECT_EQ(Send("EXPN staff\r\n"), "500 5.3.3 Unrecognized command\r\n");
  EXPECT_FALSE(server_->wants_close());
  EXPECT_EQ(Send("QUIT\r\nNOOP\r\n"), "221 2.0.0 Service closing transmission channel\r\n");
  EXPECT_TRUE(server_->wants_close());
  EXPECT_EQ(server_->close_reason(), SmtpCloseReason::kQuit);
  EXPECT_EQ(Send("NOOP\r\n"), "");
}

TEST_F(SmtpServerTest, CommandEventsKeepVerbAndArgumentButNotAuthSecrets) {
  Send("ehlo c\r\nAUTH PLAIN c2VjcmV0\r\n");
  const auto events = EventsNamed("smtp_command");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].fields["verb"], "EHLO");
  EXPECT_EQ(events[0].fields["argument"], "c");
  EXPECT_EQ(events[1].fields["verb"], "AUTH");
  EXPECT_EQ(events[1].fields["argument"], "PLAIN");
}

TEST_F(SmtpServerTest, PipelinedCommandsAreAnsweredInOrderWhateverTheSplit) {
  const std::string input = kEnvelope + "RCPT TO:<c@example.com>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n";
  const std::string whole = Send(input);
  EXPECT_EQ(whole, EhloReply(true) + kEnvelopeReplies + "250 2.1.5 Recipient OK\r\n" +
                       "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
                       "250 2.6.0 <msg1> Queued mail for delivery\r\n"
                       "221 2.0.0 Service closing transmission channel\r\n");
  Restart(SmtpProfile{});
  EXPECT_EQ(SendOctetByOctet(input), whole);
}

TEST_F(SmtpServerTest, StartTlsDiscardsCommandsInjectedBeforeTheHandshake) {
  Send("EHLO c\r\n");
  const std::string injected = "MAIL FROM:<evil@x>\r\n";
  EXPECT_EQ(Send("STARTTLS\r\n" + injected), "220 2.0.0 SMTP server ready\r\n");
  EXPECT_TRUE(server_->starttls_requested());
  const auto discarded = EventsNamed("starttls_discarded");
  ASSERT_EQ(discarded.size(), 1u);
  EXPECT_EQ(discarded[0].fields["bytes"], injected.size());

  EXPECT_EQ(Send("RCPT TO:<v@x>\r\n"), "");
  EXPECT_EQ(EventsNamed("starttls_discarded").size(), 1u);

  server_->TlsStarted("TLSv1.0", "TLS_RSA_WITH_RC4_128_MD5");
  EXPECT_FALSE(server_->starttls_requested());
  EXPECT_TRUE(server_->tls_active());
  EXPECT_EQ(Send("MAIL FROM:<a@b>\r\n"), "503 5.5.2 Send hello first\r\n");
  EXPECT_EQ(Send("EHLO c\r\n"), EhloReply(false));
  EXPECT_EQ(Send("STARTTLS\r\n"), "500 5.3.3 Unrecognized command\r\n");
  Send("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n.\r\n");
  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_TRUE(sink_.stored[0].envelope.tls);
  EXPECT_EQ(sink_.stored[0].envelope.tls_version, "TLSv1.0");
  EXPECT_EQ(sink_.stored[0].envelope.tls_suite, "TLS_RSA_WITH_RC4_128_MD5");
}

TEST_F(SmtpServerTest, StartTlsForgetsTheEnvelopeAndNeedsAGreetingFirst) {
  EXPECT_EQ(Send("STARTTLS\r\n"), "503 5.5.2 Send hello first\r\n");
  EXPECT_EQ(Send("EHLO c\r\nSTARTTLS now\r\n"),
            EhloReply(true) + "501 5.5.4 Invalid arguments\r\n");
  Send("MAIL FROM:<a@b>\r\nSTARTTLS\r\n");
  server_->TlsStarted("TLSv1.0", "TLS_RSA_WITH_RC4_128_SHA");
  Send("EHLO c\r\n");
  EXPECT_EQ(Send("RCPT TO:<c@d>\r\n"), "503 5.5.2 Need mail command\r\n");
}

TEST_F(SmtpServerTest, MessageOverTheSizeLimitIsReadToTheEndAndThenRefused) {
  SmtpProfile profile;
  profile.max_message_bytes = 100;
  profile.max_header_bytes = 50;
  Restart(profile);
  Send(kEnvelope);
  const std::string body = "A: b\r\n\r\n" + std::string(200, 'x') + "\r\n";
  EXPECT_EQ(Send("DATA\r\n" + body + ".\r\nNOOP\r\n"),
            "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            "552 5.3.4 Message size exceeds fixed maximum message size\r\n"
            "250 2.0.0 OK\r\n");
  EXPECT_TRUE(sink_.stored.empty());
  const auto rejected = EventsNamed("message_rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].fields["reason"], "message_too_large");
  EXPECT_EQ(rejected[0].fields["size"], body.size());
  // The transaction is over: a new one starts with MAIL.
  EXPECT_EQ(Send("RCPT TO:<c@d>\r\n"), "503 5.5.2 Need mail command\r\n");
}

TEST_F(SmtpServerTest, HeaderOverItsLimitIsRefusedAfterTheData) {
  SmtpProfile profile;
  profile.max_header_bytes = 50;
  Restart(profile);
  Send(kEnvelope);
  EXPECT_EQ(Send("DATA\r\nX-Big: " + std::string(60, 'h') + "\r\n\r\nbody\r\n.\r\n"),
            "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            "552 5.3.4 Header size exceeds fixed maximum size\r\n");
  EXPECT_TRUE(sink_.stored.empty());
}

TEST_F(SmtpServerTest, SinkFailuresBecomeTemporaryErrors) {
  Send(kEnvelope);
  sink_.next_result = StoreResult::kNoSpace;
  EXPECT_EQ(Send("DATA\r\n.\r\n"),
            "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            "452 4.3.1 Insufficient system resources\r\n");
  sink_.next_result = StoreResult::kFailed;
  Send("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
  EXPECT_EQ(Send("DATA\r\n.\r\n"),
            "354 Start mail input; end with <CRLF>.<CRLF>\r\n"
            "451 4.3.0 Local error in processing\r\n");
  const auto rejected = EventsNamed("message_rejected");
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0].fields["reason"], "insufficient_resources");
  EXPECT_EQ(rejected[1].fields["reason"], "store_failed");
}

TEST_F(SmtpServerTest, BdatChunksAreCountedExactlyAndJoined) {
  const std::string input = kEnvelope + "BDAT 5\r\nhelloBDAT 10 LAST\r\n\r\n.world\r\nNOOP\r\n";
  const std::string expected = EhloReply(true) + kEnvelopeReplies +
                               "250 2.0.0 5 octets received\r\n"
                               "250 2.6.0 <msg1> Queued mail for delivery\r\n"
                               "250 2.0.0 OK\r\n";
  EXPECT_EQ(Send(input), expected);
  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_EQ(sink_.stored[0].content, "hello\r\n.world\r\n");
  EXPECT_EQ(sink_.stored[0].envelope.transfer, "bdat");

  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    Restart(SmtpProfile{});
    EXPECT_EQ(SendSplit(input, cut), expected) << "cut " << cut;
    ASSERT_EQ(sink_.stored.size(), 1u);
    EXPECT_EQ(sink_.stored[0].content, "hello\r\n.world\r\n");
  }
  Restart(SmtpProfile{});
  EXPECT_EQ(SendOctetByOctet(input), expected);
}

TEST_F(SmtpServerTest, LyingBdatSizeConsumesExactlyThatManyOctets) {
  Send(kEnvelope);
  EXPECT_EQ(Send("BDAT 3 LAST\r\nhello\r\n"),
            "250 2.6.0 <msg1> Queued mail for delivery\r\n500 5.3.3 Unrecognized command\r\n");
  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_EQ(sink_.stored[0].content, "hel");
}

TEST_F(SmtpServerTest, BdatOverTheLimitIsConsumedThenRefused) {
  SmtpProfile profile;
  profile.max_message_bytes = 10;
  Restart(profile);
  Send(kEnvelope);
  EXPECT_EQ(Send("BDAT 20\r\n\r\n" + std::string(18, 'z') + "NOOP\r\n"),
            "552 5.3.4 Message size exceeds fixed maximum message size\r\n250 2.0.0 OK\r\n");
  EXPECT_TRUE(sink_.stored.empty());
}

TEST_F(SmtpServerTest, BdatOutOfSequenceIsConsumedBeforeTheError) {
  Send("EHLO c\r\n");
  EXPECT_EQ(Send("BDAT 6 LAST\r\nNOOP\r\nNOOP\r\n"),
            "503 5.5.2 Need mail command\r\n250 2.0.0 OK\r\n");
  EXPECT_EQ(Send("BDAT x\r\n"), "501 5.5.4 Invalid arguments\r\n");
}

TEST_F(SmtpServerTest, DataAfterBdatInOneTransactionIsABadSequence) {
  Send(kEnvelope);
  EXPECT_EQ(Send("BDAT 2\r\nabDATA\r\n"),
            "250 2.0.0 2 octets received\r\n503 5.5.2 Bad sequence of commands\r\n");
  EXPECT_EQ(Send("BDAT 0 LAST\r\n"), "250 2.6.0 <msg1> Queued mail for delivery\r\n");
  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_EQ(sink_.stored[0].content, "ab");
}

TEST_F(SmtpServerTest, BinaryMimeNeedsBdat) {
  Send("EHLO c\r\nMAIL FROM:<a@b> BODY=BINARYMIME\r\nRCPT TO:<c@d>\r\n");
  EXPECT_EQ(Send("DATA\r\n"), "503 5.5.2 Bad sequence of commands\r\n");
  EXPECT_EQ(Send("BDAT 1 LAST\r\n\x01"), "250 2.6.0 <msg1> Queued mail for delivery\r\n");
  EXPECT_EQ(sink_.stored.at(0).envelope.body_type, "BINARYMIME");
}

TEST_F(SmtpServerTest, EndlessCommandLineGetsOneErrorAndTheConnectionRecovers) {
  const std::string chunk(64 * 1024, 'A');
  std::string output;
  for (int i = 0; i < 16; ++i) output += Send(chunk);
  EXPECT_EQ(output, "500 5.5.2 Line too long\r\n");
  EXPECT_EQ(EventsNamed("smtp_line_too_long").size(), 1u);
  EXPECT_EQ(Send("AAAA\r\nNOOP\r\n"), "250 2.0.0 OK\r\n");
}

TEST_F(SmtpServerTest, CommandLineLimitCountsTheCrlf) {
  SmtpProfile profile;
  profile.max_command_line_bytes = 20;
  Restart(profile);
  EXPECT_EQ(Send("NOOP " + std::string(13, 'x') + "\r\n"), "250 2.0.0 OK\r\n");
  EXPECT_EQ(Send("NOOP " + std::string(14, 'x') + "\r\n"), "500 5.5.2 Line too long\r\n");
}

TEST_F(SmtpServerTest, TooManyProtocolErrorsCloseTheConnection) {
  const std::string output = Send("BOGUS\r\nBOGUS\r\nBOGUS\r\nBOGUS\r\nBOGUS\r\nNOOP\r\n");
  std::string expected;
  for (int i = 0; i < 5; ++i) expected += "500 5.3.3 Unrecognized command\r\n";
  expected += "421 4.7.0 Too many errors on this connection, closing transmission channel\r\n";
  EXPECT_EQ(output, expected);
  EXPECT_TRUE(server_->wants_close());
  EXPECT_EQ(server_->close_reason(), SmtpCloseReason::kTooManyErrors);
  EXPECT_EQ(Send("NOOP\r\n"), "");
}

TEST_F(SmtpServerTest, RefusalsThatAreNotProtocolErrorsDoNotCount) {
  SmtpProfile profile;
  profile.max_protocol_errors = 2;
  profile.max_recipients = 1;
  Restart(profile);
  Send("EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\n");
  for (int i = 0; i < 5; ++i) Send("RCPT TO:<e@f>\r\n");
  EXPECT_FALSE(server_->wants_close());
}

TEST_F(SmtpServerTest, IdleTimeoutAndShutdownAnswerAndClose) {
  server_->IdleTimeout();
  EXPECT_EQ(AsText(server_->TakeOutput()), "451 4.7.0 Timeout waiting for client input\r\n");
  EXPECT_EQ(server_->close_reason(), SmtpCloseReason::kIdleTimeout);
  server_->Shutdown();
  EXPECT_TRUE(server_->TakeOutput().empty());

  Restart(SmtpProfile{});
  Send(kEnvelope + "DATA\r\npartial");
  server_->Shutdown();
  EXPECT_EQ(AsText(server_->TakeOutput()),
            "421 4.3.2 Service not available, closing transmission channel\r\n");
  EXPECT_EQ(server_->close_reason(), SmtpCloseReason::kShutdown);
  EXPECT_TRUE(sink_.stored.empty());
}

// The smuggling demonstration: one DATA stream that hides a second message behind an
// end-of-data variant.
struct SmuggleCase {
  const char* name;
  std::string mark;
};

// PrintTo keeps parameter dumps out of the test names CTest shows.
void PrintTo(const SmuggleCase& c, std::ostream* os) { *os << c.name; }

class SmtpSmugglingTest : public SmtpServerTest, public testing::WithParamInterface<SmuggleCase> {
 protected:
  std::string Input() const {
    return kEnvelope + "DATA\r\nSubject: outer\r\n\r\nouter" + GetParam().mark +
           "MAIL FROM:<ceo@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n"
           "Subject: smuggled\r\n\r\nsmuggled\r\n.\r\n";
  }
};

TEST_P(SmtpSmugglingTest, StrictRuleStoresOneMessageWithTheVariantInside) {
  const std::string whole = Send(Input());
  ASSERT_EQ(sink_.stored.size(), 1u);
  EXPECT_NE(sink_.stored[0].content.find("RCPT TO:<victim@example.com>"), std::string::npos);
  bool reported = false;
  for (const Event& event : EventsNamed("data_anomaly")) {
    if (event.fields["action"] == "kept_in_body") reported = true;
  }
  EXPECT_TRUE(reported);

  for (std::size_t cut = 0; cut <= Input().size(); ++cut) {
    Restart(SmtpProfile{});
    EXPECT_EQ(SendSplit(Input(), cut), whole) << "cut " << cut;
    ASSERT_EQ(sink_.stored.size(), 1u);
  }
}

TEST_P(SmtpSmugglingTest, LenientRuleEndsTheDataAndRunsTheSmuggledCommands) {
  SmtpProfile profile;
  profile.end_of_data = EndOfDataRule::kLenient;
  Restart(profile);
  const std::string whole = Send(Input());
  ASSERT_EQ(sink_.stored.size(), 2u);
  EXPECT_EQ(sink_.stored[1].envelope.mail_from, "ceo@example.com");
  EXPECT_EQ(sink_.stored[1].content, "Subject: smuggled\r\n\r\nsmuggled\r\n");
  bool ended = false;
  for (const Event& event : EventsNamed("data_anomaly")) {
    if (event.fields["action"] == "ended_data") ended = true;
  }
  EXPECT_TRUE(ended);

  Restart(profile);
  EXPECT_EQ(SendOctetByOctet(Input()), whole);
  for (std::size_t cut = 0; cut <= Input().size(); ++cut) {
    Restart(profile);
    EXPECT_EQ(SendSplit(Input(), cut), whole) << "cut " << cut;
    ASSERT_EQ(sink_.stored.size(), 2u);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllVariants, SmtpSmugglingTest,
    testing::Values(SmuggleCase{"lf_dot_lf", "\n.\n"}, SmuggleCase{"lf_dot_cr", "\n.\r"},
                    SmuggleCase{"cr_dot_lf", "\r.\n"}, SmuggleCase{"cr_dot_cr", "\r.\r"},
                    SmuggleCase{"lf_dot_crlf", "\n.\r\n"}, SmuggleCase{"cr_dot_crlf", "\r.\r\n"},
                    SmuggleCase{"crlf_nul_dot_crlf", "\r\n\0.\r\n"s},
                    SmuggleCase{"crlf_dot_cr_crlf", "\r\n.\r\r\n"}),
    [](const testing::TestParamInfo<SmuggleCase>& param_info) {
      return std::string(param_info.param.name);
    });

}  // namespace
}  // namespace schannel_emu
