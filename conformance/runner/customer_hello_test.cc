// The customer's two ClientHellos through the suite: emulator on loopback, the raw-hello
// client as the sender, the judge reading only the emulator's events.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "conformance/runner/adapter.h"
#include "conformance/runner/scenario.h"
#include "conformance/runner/suite_runner.h"

namespace schannel_emu::conform {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = SCHANNEL_EMU_SOURCE_DIR;

class CustomerHelloTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (FindProgram("python3").empty()) GTEST_SKIP() << "python3 is not installed";
    std::string path = (fs::temp_directory_path() / "conform-customer.XXXXXX").string();
    ASSERT_NE(::mkdtemp(path.data()), nullptr);
    work_ = path;
  }
  void TearDown() override {
    std::error_code ignored;
    if (!work_.empty()) fs::remove_all(work_, ignored);
  }

  ScenarioResult Run(const std::string& adapter_name, const std::string& scenario_name) {
    auto adapter = LoadAdapterFile(kSource / "conformance" / "adapters" / (adapter_name + ".json"));
    EXPECT_TRUE(adapter) << adapter.error();
    auto scenarios = LoadScenarios(kSource / "conformance" / "scenarios");
    EXPECT_TRUE(scenarios) << scenarios.error();
    RunOptions options;
    options.timeout = std::chrono::seconds(15);
    options.work_root = work_;
    options.source_dir = kSource;
    SuiteRunner runner(*adapter, options);
    for (const Scenario& scenario : *scenarios) {
      if (scenario.name == scenario_name) return runner.Run(scenario);
    }
    ADD_FAILURE() << "no scenario " << scenario_name;
    return {};
  }

  fs::path work_;
};

TEST_F(CustomerHelloTest, TheOriginal86SuiteHelloFailsAgainstStockWindows2003AndTheClientGivesUp) {
  const ScenarioResult result = Run("customer-original", "delivery-win2003");
  EXPECT_EQ(result.outcome, Outcome::kFail) << result.detail;
  ASSERT_FALSE(result.judgement.hello_verdict.is_null()) << result.detail;
  EXPECT_EQ(result.judgement.hello_verdict["reason"], "no_shared_suite_in_window");
  EXPECT_EQ(result.judgement.hello_verdict["offered_count"], 86);
  EXPECT_EQ(result.judgement.hello_verdict["first_usable_position"], 75);
  EXPECT_EQ(result.judgement.next, "gave up");
}

TEST_F(CustomerHelloTest, TheHelloWithTheCustomersExclusionsPassesTheHandshakeWithRc4Sha) {
  const ScenarioResult result = Run("customer-excluded", "delivery-win2003");
  EXPECT_EQ(result.outcome, Outcome::kPassHandshake) << result.detail;
  EXPECT_TRUE(Satisfies(result.outcome, {Outcome::kPass}));
  EXPECT_EQ(result.judgement.hello_verdict["suite"], "0x0005");
  EXPECT_EQ(result.judgement.hello_verdict["position"], 31);
  EXPECT_NE(result.detail.find("ServerHello 0x0005"), std::string::npos) << result.detail;
}

TEST_F(CustomerHelloTest, TheOriginalHelloPassesTheHandshakeOnceTheAesUpdateIsInstalled) {
  const ScenarioResult result = Run("customer-original", "delivery-win2003-aes");
  EXPECT_EQ(result.outcome, Outcome::kPassHandshake) << result.detail;
  EXPECT_EQ(result.judgement.hello_verdict["suite"], "0x0035");
  EXPECT_EQ(result.judgement.hello_verdict["position"], 31);
}

TEST_F(CustomerHelloTest, TheWindowIsPlacedFromTheClientsOwnHello) {
  const ScenarioResult inside = Run("customer-excluded", "window-inside");
  EXPECT_EQ(inside.outcome, Outcome::kPassHandshake) << inside.detail;
  EXPECT_NE(inside.setup_note.find("slot 13"), std::string::npos) << inside.setup_note;

  const ScenarioResult outside = Run("customer-excluded", "window-outside");
  EXPECT_EQ(outside.outcome, Outcome::kFail) << outside.detail;
  EXPECT_EQ(outside.judgement.hello_verdict["reason"], "no_shared_suite_in_window");
}

}  // namespace
}  // namespace schannel_emu::conform
