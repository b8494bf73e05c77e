#include "emulator/core/smtp/message_buffer.h"

#include <gtest/gtest.h>

#include <string>

namespace schannel_emu {
namespace {

TEST(MessageBufferTest, KeepsContentWithinTheLimits) {
  MessageBuffer buffer(100, 50);
  buffer.Append(AsBytes("Subject: x\r\n\r\nbody\r\n"));
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kNone);
  EXPECT_EQ(AsText(buffer.content()), "Subject: x\r\n\r\nbody\r\n");
}

TEST(MessageBufferTest, AcceptsExactlyTheMessageLimit) {
  MessageBuffer buffer(20, 10);
  buffer.Append(AsBytes("\r\n" + std::string(18, 'b')));
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kNone);
  buffer.Append(std::uint8_t{'b'});
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kMessage);
}

TEST(MessageBufferTest, StopsStoringButKeepsCountingPastTheLimit) {
  MessageBuffer buffer(10, 10);
  for (int i = 0; i < 1000; ++i) buffer.Append(AsBytes("0123456789"));
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kHeader);
  EXPECT_EQ(buffer.size(), 10000u);
  EXPECT_TRUE(buffer.content().empty());
}

TEST(MessageBufferTest, HeaderWithoutEmptyLineWithinItsLimitOverflows) {
  MessageBuffer buffer(1000, 20);
  buffer.Append(AsBytes("X-Long: " + std::string(30, 'h') + "\r\n\r\nbody"));
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kHeader);
}

TEST(MessageBufferTest, EmptyLineEndsTheHeaderSoTheBodyMayBeLonger) {
  MessageBuffer buffer(1000, 20);
  buffer.Append(AsBytes("A: b\r\n\r\n" + std::string(500, 'x')));
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kNone);
}

TEST(MessageBufferTest, ResetStartsAFreshMessage) {
  MessageBuffer buffer(4, 4);
  buffer.Append(AsBytes("too long"));
  buffer.Reset();
  buffer.Append(AsBytes("\r\nok"));
  EXPECT_EQ(buffer.overflow(), MessageOverflow::kNone);
  EXPECT_EQ(AsText(buffer.content()), "\r\nok");
}

}  // namespace
}  // namespace schannel_emu
