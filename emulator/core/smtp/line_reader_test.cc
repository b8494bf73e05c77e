#include "emulator/core/smtp/line_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace schannel_emu {
namespace {

TEST(LineReaderTest, ReturnsALineWithoutItsCrlf) {
  LineReader reader(512);
  const auto result = reader.Feed(AsBytes("NOOP\r\nRSET\r\n"));
  EXPECT_EQ(result.consumed, 6u);
  ASSERT_TRUE(result.line);
  EXPECT_EQ(*result.line, "NOOP");
}

TEST(LineReaderTest, AcceptsABareLfAsLineEnd) {
  LineReader reader(512);
  const auto result = reader.Feed(AsBytes("QUIT\n"));
  ASSERT_TRUE(result.line);
  EXPECT_EQ(*result.line, "QUIT");
}

TEST(LineReaderTest, JoinsALineSplitAcrossFeeds) {
  LineReader reader(512);
  EXPECT_FALSE(reader.Feed(AsBytes("EH")).line);
  EXPECT_FALSE(reader.Feed(AsBytes("LO x\r")).line);
  const auto result = reader.Feed(AsBytes("\n"));
  ASSERT_TRUE(result.line);
  EXPECT_EQ(*result.line, "EHLO x");
}

TEST(LineReaderTest, AcceptsALineOfExactlyTheLimitIncludingCrlf) {
  LineReader reader(16);
  const std::string line(14, 'a');
  const auto result = reader.Feed(AsBytes(line + "\r\n"));
  EXPECT_FALSE(result.too_long);
  ASSERT_TRUE(result.line);
  EXPECT_EQ(*result.line, line);
}

TEST(LineReaderTest, RejectsALineOneOctetOverTheLimit) {
  LineReader reader(16);
  const auto result = reader.Feed(AsBytes(std::string(15, 'a') + "\r\n"));
  EXPECT_TRUE(result.too_long);
  EXPECT_FALSE(result.line);
}

TEST(LineReaderTest, ReportsAnEndlessLineOnceAndDiscardsItUpToTheNextLf) {
  LineReader reader(512);
  const std::string chunk(64 * 1024, 'x');
  int reports = 0;
  for (int i = 0; i < 16; ++i) {  // 1 MB without a newline
    const auto result = reader.Feed(AsBytes(chunk));
    EXPECT_EQ(result.consumed, chunk.size());
    EXPECT_FALSE(result.line);
    reports += result.too_long ? 1 : 0;
  }
  EXPECT_EQ(reports, 1);

  const auto end = reader.Feed(AsBytes("tail\r\nNOOP\r\n"));
  EXPECT_EQ(end.consumed, 6u);
  EXPECT_FALSE(end.line);
  EXPECT_FALSE(end.too_long);
  const auto next = reader.Feed(AsBytes("NOOP\r\n"));
  ASSERT_TRUE(next.line);
  EXPECT_EQ(*next.line, "NOOP");
}

TEST(LineReaderTest, ResetForgetsAPartialLine) {
  LineReader reader(512);
  reader.Feed(AsBytes("MAIL FROM:<a>"));
  reader.Reset();
  const auto result = reader.Feed(AsBytes("NOOP\r\n"));
  ASSERT_TRUE(result.line);
  EXPECT_EQ(*result.line, "NOOP");
}

}  // namespace
}  // namespace schannel_emu
