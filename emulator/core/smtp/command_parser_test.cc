#include "emulator/core/smtp/command_parser.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(CommandParserTest, SplitUpperCasesTheVerbAndTrimsTheArgument) {
  const CommandLine command = SplitCommand("mail   FROM:<a@b>  ");
  EXPECT_EQ(command.verb, "MAIL");
  EXPECT_EQ(command.argument, "FROM:<a@b>");
}

TEST(CommandParserTest, SplitOfAnEmptyLineGivesAnEmptyVerb) {
  EXPECT_EQ(SplitCommand("").verb, "");
}

TEST(CommandParserTest, PathWithBracketsAndParameters) {
  const auto path = ParsePathArgument("from:<a@example.com> size=100 BODY=8BITMIME", "FROM");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->address, "a@example.com");
  ASSERT_EQ(path->parameters.size(), 2u);
  EXPECT_EQ(path->parameters[0].first, "SIZE");
  EXPECT_EQ(path->parameters[0].second, "100");
  EXPECT_EQ(path->parameters[1].first, "BODY");
  EXPECT_EQ(path->parameters[1].second, "8BITMIME");
}

TEST(CommandParserTest, NullSenderIsAnEmptyAddress) {
  const auto path = ParsePathArgument("FROM:<>", "FROM");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->address, "");
}

TEST(CommandParserTest, SpaceAfterTheColonAndMissingBracketsAreTolerated) {
  const auto spaced = ParsePathArgument("TO: <b@example.com>", "TO");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->address, "b@example.com");
  const auto bare = ParsePathArgument("TO:b@example.com", "TO");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->address, "b@example.com");
}

TEST(CommandParserTest, MalformedPathsAreRejected) {
  EXPECT_FALSE(ParsePathArgument("FROM <a@b>", "FROM"));
  EXPECT_FALSE(ParsePathArgument("TO:<a@b>", "FROM"));
  EXPECT_FALSE(ParsePathArgument("FROM:<a@b", "FROM"));
  EXPECT_FALSE(ParsePathArgument("FROM:<a b@c>", "FROM"));
  EXPECT_FALSE(ParsePathArgument("FROM:<a@b>x", "FROM"));
  EXPECT_FALSE(ParsePathArgument("FROM:<a@b> =1", "FROM"));
  EXPECT_FALSE(ParsePathArgument("FROM:", "FROM"));
}

TEST(CommandParserTest, BdatSizeAndLast) {
  const auto chunk = ParseBdatArgument("1024 last");
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->size, 1024u);
  EXPECT_TRUE(chunk->last);
  const auto middle = ParseBdatArgument("7");
  ASSERT_TRUE(middle);
  EXPECT_FALSE(middle->last);
}

TEST(CommandParserTest, BdatRejectsMissingNegativeHugeOrExtraArguments) {
  EXPECT_FALSE(ParseBdatArgument(""));
  EXPECT_FALSE(ParseBdatArgument("-1"));
  EXPECT_FALSE(ParseBdatArgument("99999999999999999999"));
  EXPECT_FALSE(ParseBdatArgument("5 FIRST"));
  EXPECT_FALSE(ParseBdatArgument("5 LAST x"));
}

TEST(CommandParserTest, DecimalAcceptsTheLargestValueAndNothingBeyond) {
  EXPECT_EQ(ParseDecimal("18446744073709551615"), 18446744073709551615u);
  EXPECT_FALSE(ParseDecimal("18446744073709551616"));
  EXPECT_FALSE(ParseDecimal("12a"));
}

}  // namespace
}  // namespace schannel_emu
