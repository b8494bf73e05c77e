#include "emulator/check/suite_list_input.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(SuiteListInput, ReadsCodesInARowWithOrWithoutPrefixes) {
  auto input = ReadSuiteList("0xc030, 0xc02c,0035\n# comment 0x1111\n000a");
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->hello.TlsSuites(), (std::vector<std::uint16_t>{0xc030, 0xc02c, 0x0035, 0x000a}));
  EXPECT_EQ(input->format, "suite-list");
}

TEST(SuiteListInput, RecognisesOnlyListsOfFourDigitCodes) {
  EXPECT_TRUE(LooksLikeSuiteList("c030\nc02c\n"));
  EXPECT_FALSE(LooksLikeSuiteList("16 03 01"));
  EXPECT_FALSE(LooksLikeSuiteList("hello"));
  EXPECT_FALSE(LooksLikeSuiteList(""));
}

TEST(SuiteListInput, NamesTheFirstTokenThatIsNotACode) {
  auto input = ReadSuiteList("c030 RC4-SHA");
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("'RC4-SHA'"), std::string::npos);
}

TEST(SuiteListInput, RefusesAnEmptyList) { EXPECT_FALSE(ReadSuiteList("# nothing\n")); }

}  // namespace
}  // namespace schannel_emu
