#include "conformance/runner/scenario.h"

#include <gtest/gtest.h>

#include <fstream>

namespace schannel_emu::conform {
namespace {

const std::filesystem::path kFolder =
    std::filesystem::path(SCHANNEL_EMU_SOURCE_DIR) / "conformance" / "scenarios";

TEST(ScenarioTest, EveryShippedScenarioLoadsAndHasAReadableMessage) {
  const auto scenarios = LoadScenarios(kFolder);
  ASSERT_TRUE(scenarios) << scenarios.error();
  EXPECT_GE(scenarios->size(), 10u);
  for (const Scenario& scenario : *scenarios) {
    std::ifstream message(scenario.message_file);
    EXPECT_TRUE(message.good()) << scenario.name << ": " << scenario.message_file;
    EXPECT_FALSE(scenario.models.empty()) << scenario.name;
  }
}

TEST(ScenarioTest, ParseScenarioReadsWindowFitAndExpectations) {
  const auto scenario = ParseScenario(nlohmann::json::parse(R"({
    "title": "t", "models": "m", "profile": "win2003-aes", "window_fit": "one_past",
    "message": "messages/plain.eml", "expect": ["pass-in-clear", "pass"]})"),
                                      "window-outside", kFolder);
  ASSERT_TRUE(scenario) << scenario.error();
  EXPECT_EQ(scenario->window_fit, WindowFit::kOnePast);
  EXPECT_EQ(scenario->profile, nlohmann::json({{"base", "win2003-aes"}}));
  EXPECT_EQ(scenario->expect, (std::vector<Outcome>{Outcome::kPassInClear, Outcome::kPass}));
}

TEST(ScenarioTest, ParseScenarioSaysWhichKeyIsWrong) {
  const auto scenario = ParseScenario(nlohmann::json::parse(R"({
    "title": "t", "models": "m", "profile": "win2003", "message": "x", "expect": ["maybe"]})"),
                                      "x", kFolder);
  ASSERT_FALSE(scenario);
  EXPECT_NE(scenario.error().find("expect"), std::string::npos);
}

TEST(ScenarioTest, GlobsMatchLikeTheShell) {
  EXPECT_TRUE(MatchesGlob("failure-*", "failure-reset"));
  EXPECT_TRUE(MatchesGlob("window-?nside", "window-inside"));
  EXPECT_FALSE(MatchesGlob("failure-*", "delivery-win2003"));
}

}  // namespace
}  // namespace schannel_emu::conform
