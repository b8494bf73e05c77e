#include "conformance/runner/outcome.h"

#include <gtest/gtest.h>

namespace schannel_emu::conform {
namespace {

TEST(OutcomeTest, NamesReadBackToTheSameOutcome) {
  for (const Outcome outcome :
       {Outcome::kPass, Outcome::kPassInClear, Outcome::kPassHandshake, Outcome::kFail,
        Outcome::kNotApplicable, Outcome::kSkipped, Outcome::kError}) {
    EXPECT_EQ(ParseOutcome(OutcomeName(outcome)), outcome);
  }
  EXPECT_FALSE(ParseOutcome("passed").has_value());
}

TEST(OutcomeTest, PassInClearMeetsOnlyAnExpectationThatListsIt) {
  EXPECT_FALSE(Satisfies(Outcome::kPassInClear, {Outcome::kPass}));
  EXPECT_TRUE(Satisfies(Outcome::kPassInClear, {Outcome::kPassInClear, Outcome::kPass}));
  EXPECT_FALSE(Satisfies(Outcome::kFail, {Outcome::kPassInClear, Outcome::kPass}));
}

TEST(OutcomeTest, AnAcceptedHandshakeStandsInForPassForHelloOnlyClients) {
  EXPECT_TRUE(Satisfies(Outcome::kPassHandshake, {Outcome::kPass}));
  EXPECT_FALSE(Satisfies(Outcome::kPassHandshake, {Outcome::kFail}));
}

}  // namespace
}  // namespace schannel_emu::conform
