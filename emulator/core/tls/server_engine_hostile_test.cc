// TlsServerEngine under input a hostile or broken client can send: it must end in
// the profile's failure mode or a fatal alert, never crash, stall or hoard memory.
#include <gtest/gtest.h>

#include "emulator/core/tls/engine_test_support.h"
#include "emulator/core/tls/server_engine.h"

namespace schannel_emu::testing {
namespace {

Profile AlertingWin2003() {
  Profile profile = BuiltinProfile("win2003");
  profile.failure = FailureMode::kAlert;
  return profile;
}

TEST(TlsServerEngineHostile, GarbageBeforeTheHelloGetsTheFailureModeAndNoBytes) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(AsBytes("EHLO mail.example.test\r\n"));
  EXPECT_TRUE(server.engine.TakeOutput().empty());
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
  EXPECT_FALSE(server.engine.verdict().has_value());
}

TEST(TlsServerEngineHostile, ANonHandshakeFirstRecordGetsTheFailureMode) {
  EngineUnderTest server(AlertingWin2003(), 1);
  server.engine.Receive(Bytes{0x17, 0x03, 0x01, 0x00, 0x01, 0x00});
  EXPECT_EQ(server.engine.TakeOutput(), (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}));
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
}

TEST(TlsServerEngineHostile, AnOversizedRecordHeaderIsRefusedWithoutWaitingForItsBody) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(Bytes{0x16, 0x03, 0x01, 0xff, 0xff});
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  EXPECT_EQ(EventNamed(server.engine.TakeEvents(), "tls_failed")->fields["reason"],
            "record_overflow");
}

TEST(TlsServerEngineHostile, ABadMajorVersionIsRefused) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(Bytes{0x16, 0x04, 0x01, 0x00, 0x04});
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
}

TEST(TlsServerEngineHostile, ATruncatedHelloWaitsForTheRest) {
  const Bytes record = HelloRecordOffering({0x0005});
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(ByteView(record).first(record.size() - 3));
  EXPECT_TRUE(server.engine.TakeOutput().empty());
  EXPECT_EQ(server.engine.state(), TlsState::kHandshaking);
  EXPECT_EQ(server.engine.action(), TerminalAction::kNone);
  server.engine.Receive(ByteView(record).last(3));
  EXPECT_TRUE(FindServerHello(server.engine.TakeOutput()).has_value());
}

TEST(TlsServerEngineHostile, AnEarlyChangeCipherSpecGetsUnexpectedMessage) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  Bytes input = HelloRecordOffering({0x0005});
  Append(input, Bytes{0x14, 0x03, 0x01, 0x00, 0x01, 0x01});
  server.engine.Receive(input);
  const Bytes output = server.engine.TakeOutput();
  ASSERT_GE(output.size(), 7u);
  EXPECT_EQ(Bytes(output.end() - 7, output.end()),
            (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x0a}));
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  EXPECT_EQ(server.engine.action(), TerminalAction::kCloseAfterOutput);
}

TEST(TlsServerEngineHostile, ApplicationDataDuringTheHandshakeGetsUnexpectedMessage) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  Bytes input = HelloRecordOffering({0x0005});
  Append(input, Bytes{0x17, 0x03, 0x01, 0x00, 0x02, 'h', 'i'});
  server.engine.Receive(input);
  const Bytes output = server.engine.TakeOutput();
  ASSERT_GE(output.size(), 7u);
  EXPECT_EQ(Bytes(output.end() - 7, output.end()),
            (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x0a}));
}

TEST(TlsServerEngineHostile, AShortClientKeyExchangeGetsDecodeError) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  Bytes input = HelloRecordOffering({0x0005});
  // ClientKeyExchange whose 2-byte length claims more than the body holds.
  Append(input, Bytes{0x16, 0x03, 0x01, 0x00, 0x07, 0x10, 0x00, 0x00, 0x03, 0x01, 0x00, 0xaa});
  server.engine.Receive(input);
  const Bytes output = server.engine.TakeOutput();
  ASSERT_GE(output.size(), 7u);
  EXPECT_EQ(Bytes(output.end() - 7, output.end()), (Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 50}));
}

TEST(TlsServerEngineHostile, AHugeHandshakeLengthIsRefusedWithoutBufferingIt) {
  EngineUnderTest server(BuiltinProfile("win2003"), 1);
  server.engine.Receive(Bytes{0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0xff, 0xff, 0xff});
  EXPECT_EQ(server.engine.state(), TlsState::kFailed);
  EXPECT_EQ(EventNamed(server.engine.TakeEvents(), "tls_failed")->fields["reason"],
            "handshake_message_too_long");
}

TEST(TlsServerEngineHostile, RandomInputNeverCrashesStallsOrAnswersWithMoreThanAnAlert) {
  DeterministicRandom input_source(2024);
  const Bytes valid = HelloRecordOffering({0x0005, 0x00ff});
  for (int round = 0; round < 400; ++round) {
    std::uint8_t knobs[4];
    input_source.Fill(knobs);
    Bytes input;
    if (knobs[0] % 3 == 0) {
      // A valid hello with a few bytes flipped.
      input = valid;
      for (int flips = 0; flips < 1 + knobs[1] % 4; ++flips) {
        std::uint8_t where[3];
        input_source.Fill(where);
        input[((std::size_t{where[0]} << 8) | where[1]) % input.size()] ^= where[2];
      }
    } else {
      input.resize((std::size_t{knobs[1]} << 4) + knobs[2] % 16);
      input_source.Fill(input);
      if (knobs[0] % 3 == 1 && input.size() >= 5) {
        // A plausible record header in front of random bytes.
        input[0] = static_cast<std::uint8_t>(20 + knobs[3] % 4);
        input[1] = 3;
        input[2] = 1;
      }
    }

    EngineUnderTest server(AlertingWin2003(), static_cast<std::uint64_t>(round));
    std::size_t offset = 0;
    while (offset < input.size()) {
      const std::size_t piece = std::min<std::size_t>(1 + knobs[3] % 97, input.size() - offset);
      server.engine.Receive(ByteView(input).subspan(offset, piece));
      offset += piece;
    }
    const Bytes output = server.engine.TakeOutput();
    server.engine.TakeEvents();
    if (server.engine.state() == TlsState::kFailed) {
      EXPECT_LE(output.size(), 7u + 16384u) << "round " << round;
    }
    EXPECT_NE(server.engine.state(), TlsState::kEstablished) << "round " << round;
  }
}

}  // namespace
}  // namespace schannel_emu::testing
