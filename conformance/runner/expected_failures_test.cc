#include "conformance/runner/expected_failures.h"

#include <gtest/gtest.h>

namespace schannel_emu::conform {
namespace {

TEST(ExpectedFailuresTest, ReadsNamesAndReasonsAndIgnoresComments) {
  const auto failures = ParseExpectedFailures(
      "# swaks gives up after a failed handshake\n"
      "\n"
      "delivery-win2003   no suite in common; swaks does not retry  # upstream behaviour\n"
      "failure-*\tsame as above\n");
  ASSERT_TRUE(failures) << failures.error();
  ASSERT_EQ(failures->size(), 2u);
  EXPECT_EQ(FindExpectedFailure(*failures, "delivery-win2003"),
            "no suite in common; swaks does not retry");
  EXPECT_EQ(FindExpectedFailure(*failures, "failure-reset"), "same as above");
  EXPECT_EQ(FindExpectedFailure(*failures, "delivery-win2003-aes"), "");
}

TEST(ExpectedFailuresTest, AnEntryWithoutAReasonIsRefusedWithItsLineNumber) {
  const auto failures = ParseExpectedFailures("window-inside  ok\nwindow-outside\n");
  ASSERT_FALSE(failures);
  EXPECT_NE(failures.error().find("line 2"), std::string::npos) << failures.error();
}

}  // namespace
}  // namespace schannel_emu::conform
