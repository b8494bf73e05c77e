// schannel-emu replay and check against the running emulator: the replayed customer hello
// is answered per --failure, and a hello captured on loopback judges like its hex.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "emulator/testing/child_process.h"
#include "emulator/testing/emulator_process.h"

namespace schannel_emu {
namespace {

using std::chrono::seconds;
using testing::CommandResult;
using testing::EmulatorBinary;
using testing::EmulatorProcess;
using testing::RunCommand;

const std::string kCustomerHello =
    std::string(SCHANNEL_EMU_SOURCE_DIR) + "/fixtures/customer/original.hello.hex";

struct ReplayCase {
  std::string profile;
  std::string failure;
  int exit_code;
  std::string result;  // the start of the "result:" line
};

void PrintTo(const ReplayCase& replay_case, std::ostream* out) {
  *out << replay_case.profile << " " << replay_case.failure;
}

class ReplayOfTheCustomerHello : public ::testing::TestWithParam<ReplayCase> {};

TEST_P(ReplayOfTheCustomerHello, ReportsWhatTheEmulatorDid) {
  std::string error;
  auto emulator = EmulatorProcess::Start(
      {"--profile", GetParam().profile, "--failure", GetParam().failure}, &error);
  ASSERT_NE(emulator, nullptr) << error;
  const CommandResult replay =
      RunCommand({EmulatorBinary(), "replay", "--to",
                  "127.0.0.1:" + std::to_string(emulator->port()), kCustomerHello},
                 "", seconds(20));
  EXPECT_EQ(replay.exit_code, GetParam().exit_code) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("\nresult: " + GetParam().result), std::string::npos) << replay.out;
  EXPECT_EQ(emulator->Stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    ProfilesAndFailureModes, ReplayOfTheCustomerHello,
    ::testing::Values(ReplayCase{"win2003", "close", 1, "closed:"},
                      ReplayCase{"win2003", "reset", 1, "reset:"},
                      ReplayCase{"win2003", "alert", 1, "alert: level 2"},
                      ReplayCase{"win2003-aes", "close", 0,
                                 "server_hello: the server accepted with TLSv1.0 and AES256-SHA "
                                 "0x0035"}),
    [](const ::testing::TestParamInfo<ReplayCase>& param_info) {
      std::string name = param_info.param.profile + "_" + param_info.param.failure;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

// JudgeOnAes runs `check INPUT --json` for win2003-aes and returns the parsed report.
nlohmann::json JudgeOnAes(const std::string& input) {
  const CommandResult check = RunCommand(
      {EmulatorBinary(), "check", input, "--json", "--no-fix", "--profile", "win2003-aes"}, "",
      seconds(20));
  auto report = nlohmann::json::parse(check.out, nullptr, false);
  EXPECT_FALSE(report.is_discarded()) << check.out << check.err;
  return report;
}

TEST(CapturedHello, JudgesLikeTheSameHelloGivenAsHex) {
  if (!testing::ProgramOnPath("tcpdump")) GTEST_SKIP() << "tcpdump is not installed";
  if (::geteuid() != 0) GTEST_SKIP() << "capturing on lo needs root";
  if (!testing::ProgramOnPath("openssl")) GTEST_SKIP() << "openssl is not installed";

  std::string error;
  auto emulator = EmulatorProcess::Start({"--profile", "win2003-aes"}, &error);
  ASSERT_NE(emulator, nullptr) << error;
  testing::TempDir dir;
  const auto capture = dir.path() / "session.pcap";

  // tcpdump ends itself after a few seconds (timeout sends SIGINT, so the file is complete).
  CommandResult tcpdump;
  std::thread recorder([&] {
    tcpdump = RunCommand({"timeout", "-s", "INT", "4", "tcpdump", "-i", "lo", "-U", "-w",
                          capture.string(), "tcp", "port", std::to_string(emulator->port())},
                         "", seconds(15));
  });
  const auto deadline = std::chrono::steady_clock::now() + seconds(3);
  while (testing::ReadFileText(capture).size() < 24 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // tcpdump attaches after writing

  const CommandResult client =
      RunCommand({"openssl", "s_client", "-connect",
                  "127.0.0.1:" + std::to_string(emulator->port()), "-starttls", "smtp", "-tls1",
                  "-cipher", "AES128-SHA:@SECLEVEL=0", "-ign_eof", "-nocommands"},
                 "QUIT\r\n", seconds(15));
  recorder.join();
  EXPECT_EQ(client.exit_code, 0) << client.out << client.err;
  EXPECT_EQ(emulator->Stop(), 0);

  const nlohmann::json captured = JudgeOnAes(capture.string());
  ASSERT_EQ(captured["hellos"].size(), 1u) << tcpdump.err << captured.dump(2);
  const auto& hello = captured["hellos"][0];
  const auto hex_file = dir.path() / "hello.hex";
  ASSERT_TRUE(testing::WriteFileText(hex_file, hello["wire_hex"].get<std::string>()));
  const nlohmann::json from_hex = JudgeOnAes(hex_file.string());
  ASSERT_EQ(from_hex["hellos"].size(), 1u);

  const auto& verdict = hello["profiles"][0]["verdict"];
  EXPECT_EQ(verdict, from_hex["hellos"][0]["profiles"][0]["verdict"]);
  EXPECT_EQ(verdict["accepted"], true);
  EXPECT_EQ(verdict["suite"], "0x002f");

  // The server saw the same hello: its event lists the same suites.
  const auto events = emulator->EventsNamed("hello");
  ASSERT_EQ(events.size(), 1u);
  std::vector<std::string> offered;
  for (const auto& entry : hello["offered"]) offered.push_back(entry["suite"]);
  EXPECT_EQ(events[0]["offered"].get<std::vector<std::string>>(), offered);
  EXPECT_EQ(events[0]["verdict"]["suite"], verdict["suite"]);
}

}  // namespace
}  // namespace schannel_emu
