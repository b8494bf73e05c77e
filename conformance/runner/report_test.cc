#include "conformance/runner/report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace schannel_emu::conform {
namespace {

ScenarioResult Result(const std::string& name, Outcome outcome, std::vector<Outcome> expect,
                      std::string expected_failure = "") {
  ScenarioResult result;
  result.scenario = name;
  result.outcome = outcome;
  result.expect = std::move(expect);
  result.meets_expectation = Satisfies(outcome, result.expect);
  result.expected_failure = std::move(expected_failure);
  result.detail = "detail <&> of " + name;
  return result;
}

SuiteReport Report() {
  SuiteReport report;
  report.client.name = "demo";
  report.client.version = "1.0";
  report.results = {Result("a", Outcome::kPass, {Outcome::kPass}),
                    Result("b", Outcome::kFail, {Outcome::kPass}, "known bug"),
                    Result("c", Outcome::kPassInClear, {Outcome::kPassInClear, Outcome::kPass})};
  return report;
}

TEST(ReportTest, ListedFailuresDoNotFailTheSuiteButUnlistedOnesDo) {
  SuiteReport report = Report();
  EXPECT_EQ(Status(report.results[1]), "XFAIL");
  EXPECT_TRUE(Passed(report));
  report.results[1].expected_failure.clear();
  EXPECT_EQ(Status(report.results[1]), "FAIL");
  EXPECT_FALSE(Passed(report));
}

TEST(ReportTest, AListedScenarioThatNowPassesIsFlaggedForRemoval) {
  EXPECT_EQ(Status(Result("x", Outcome::kPass, {Outcome::kPass}, "old reason")), "XPASS");
}

TEST(ReportTest, JUnitCountsFailuresAndEscapesText) {
  SuiteReport report = Report();
  report.results[1].expected_failure.clear();
  const std::string xml = JUnitXml({report});
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("detail &lt;&amp;&gt; of b"), std::string::npos) << xml;
}

TEST(ReportTest, JsonAndTableCarryOutcomeAndStatus) {
  const auto json = ReportJson({Report()});
  EXPECT_EQ(json["clients"][0]["results"][2]["outcome"], "pass-in-clear");
  EXPECT_EQ(json["clients"][0]["results"][1]["status"], "XFAIL");
  std::ostringstream table;
  PrintTable(table, Report());
  EXPECT_NE(table.str().find("pass-in-clear or pass"), std::string::npos) << table.str();
}

TEST(ReportTest, TheMatrixHasAColumnPerClientAndARowPerScenario) {
  Scenario a;
  a.name = "a";
  a.expect = {Outcome::kPass};
  SuiteReport missing;
  missing.client.name = "absent";
  missing.client.skip_reason = "absent is not installed";
  const std::string md = MatrixMarkdown({Report(), missing}, {a}, "schannel-conform --all");
  EXPECT_NE(md.find("| scenario | expected | demo | absent |"), std::string::npos) << md;
  EXPECT_NE(md.find("| a | pass | pass | — |"), std::string::npos) << md;
  EXPECT_NE(md.find("Not run: absent is not installed"), std::string::npos) << md;
}

}  // namespace
}  // namespace schannel_emu::conform
