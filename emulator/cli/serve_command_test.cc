// The schannel-emu program as a user meets it: help, option errors, profiles, the
// certificate cache, stopping on SIGTERM and the deterministic mode.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "emulator/testing/child_process.h"
#include "emulator/testing/emulator_process.h"
#include "emulator/testing/loopback_client.h"

namespace schannel_emu {
namespace {

using std::chrono::seconds;
using testing::CommandResult;
using testing::EmulatorBinary;
using testing::EmulatorProcess;
using testing::LoopbackClient;
using testing::RunCommand;

CommandResult RunEmulator(std::vector<std::string> args) {
  args.insert(args.begin(), EmulatorBinary());
  return RunCommand(args, "", seconds(20));
}

TEST(SchannelEmuCli, HelpMentionsEveryServeOption) {
  const CommandResult help = RunEmulator({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* option :
       {"--listen", "--profile", "--failure", "--cert", "--key", "--cert-cache", "--hostname",
        "--spool", "--events", "--max-connections", "--max-connections-per-source",
        "--idle-timeout", "--stop-grace", "--deterministic", "--threads", "--quiet", "--help"}) {
    EXPECT_NE(help.out.find(option), std::string::npos) << option << " is not in --help";
  }
  for (const char* command : {"serve", "profiles", "check", "replay"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command << " is not in --help";
  }
}

class BadServeOption : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(BadServeOption, ExitsWithStatus2AndOneClearLine) {
  testing::TempDir dir;
  std::vector<std::string> args = GetParam();
  // Should the option be accepted after all, the server must not touch the user's files.
  for (const char* name : {"--spool", "--cert-cache"}) {
    args.push_back(name);
    args.push_back((dir.path() / name).string());
  }
  const CommandResult result = RunEmulator(args);
  EXPECT_FALSE(result.timed_out) << "the server started instead of refusing";
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.rfind("schannel-emu: ", 0), 0u) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(Examples, BadServeOption,
                         ::testing::Values(std::vector<std::string>{"--bogus"},
                                           std::vector<std::string>{"--failure", "explode"},
                                           std::vector<std::string>{"--max-connections", "0"},
                                           std::vector<std::string>{"--idle-timeout", "soon"},
                                           std::vector<std::string>{"--listen", "nowhere"},
                                           std::vector<std::string>{"--listen", "127.0.0.1:70000"},
                                           std::vector<std::string>{"--cert", "only-a-cert.pem"},
                                           std::vector<std::string>{"--profile", "no-such-profile"},
                                           std::vector<std::string>{"--deterministic", "-1"},
                                           std::vector<std::string>{"--threads", "0"},
                                           std::vector<std::string>{"--threads", "many"},
                                           std::vector<std::string>{"--events"}),
                         [](const ::testing::TestParamInfo<std::vector<std::string>>& param_info) {
                           std::string name;
                           for (const std::string& arg : param_info.param) {
                             for (const char c : arg) {
                               if (std::isalnum(static_cast<unsigned char>(c)) != 0)
                                 name.push_back(c);
                             }
                             name.push_back('_');
                           }
                           return name + std::to_string(param_info.index);
                         });

TEST(SchannelEmuCli, ProfilesListsTheWindows2003Profiles) {
  const CommandResult list = RunEmulator({"profiles"});
  EXPECT_EQ(list.exit_code, 0);
  std::istringstream lines(list.out);
  std::vector<std::string> names;
  std::string line;
  while (std::getline(lines, line)) names.push_back(line.substr(0, line.find(' ')));
  EXPECT_NE(std::find(names.begin(), names.end(), "win2003"), names.end()) << list.out;
  EXPECT_NE(std::find(names.begin(), names.end(), "win2003-aes"), names.end()) << list.out;
}

TEST(SchannelEmuCli, AProfilePrintedAsJsonLoadsBackWithProfileFile) {
  const CommandResult printed = RunEmulator({"profiles", "win2003-aes"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  const auto json = nlohmann::json::parse(printed.out, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << printed.out;
  testing::TempDir dir;
  const auto file = dir.path() / "mine.json";
  ASSERT_TRUE(testing::WriteFileText(file, printed.out));

  // The file prints back identically...
  EXPECT_EQ(RunEmulator({"profiles", file.string()}).out, printed.out);

  // ...and a server started from it behaves like the built-in: AES256-SHA for the customer.
  std::string error;
  auto emulator = EmulatorProcess::Start({"--profile", file.string()}, &error);
  ASSERT_NE(emulator, nullptr) << error;
  EXPECT_NE(emulator->log().find("profile win2003-aes,"), std::string::npos) << emulator->log();
  const CommandResult replay =
      RunEmulator({"replay", "--to", "127.0.0.1:" + std::to_string(emulator->port()),
                   std::string(SCHANNEL_EMU_SOURCE_DIR) + "/fixtures/customer/original.hello.hex"});
  EXPECT_EQ(replay.exit_code, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("AES256-SHA 0x0035"), std::string::npos) << replay.out;
  EXPECT_EQ(emulator->Stop(), 0);
}

// CachedCertificates reads every certificate file in the cache folder.
std::vector<std::string> CachedCertificates(const std::filesystem::path& dir) {
  std::vector<std::string> certificates;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().filename().string().rfind("cert-", 0) == 0) {
      certificates.push_back(testing::ReadFileText(entry.path()));
    }
  }
  return certificates;
}

TEST(SchannelEmuCli, TheGeneratedCertificateIsCachedAndReusedOnTheNextStart) {
  testing::TempDir cache;
  std::string error;
  auto first = EmulatorProcess::Start({}, &error, cache.path());
  ASSERT_NE(first, nullptr) << error;
  EXPECT_NE(first->log().find("generated a self-signed"), std::string::npos) << first->log();
  EXPECT_EQ(first->Stop(), 0);
  const std::vector<std::string> certificates = CachedCertificates(cache.path());
  ASSERT_EQ(certificates.size(), 1u);
  ASSERT_NE(certificates[0].find("BEGIN CERTIFICATE"), std::string::npos);

  auto second = EmulatorProcess::Start({}, &error, cache.path());
  ASSERT_NE(second, nullptr) << error;
  EXPECT_NE(second->log().find("cached self-signed certificate"), std::string::npos)
      << second->log();
  EXPECT_EQ(second->log().find("generated"), std::string::npos) << second->log();
  EXPECT_EQ(second->Stop(), 0);
  EXPECT_EQ(CachedCertificates(cache.path()), certificates);
}

TEST(SchannelEmuCli, AnIdleServerExitsAtOnceOnSigterm) {
  std::string error;
  auto emulator = EmulatorProcess::Start({"--stop-grace", "5"}, &error);
  ASSERT_NE(emulator, nullptr) << error;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(emulator->Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(3));
  EXPECT_NE(emulator->log().find("SIGTERM, stopping"), std::string::npos) << emulator->log();
}

TEST(SchannelEmuCli, SigtermGivesASessionTheGracePeriodThenA421) {
  std::string error;
  auto emulator = EmulatorProcess::Start({"--stop-grace", "1"}, &error);
  ASSERT_NE(emulator, nullptr) << error;
  auto client = LoopbackClient::Connect(emulator->port());
  ASSERT_TRUE(client);
  client->ReadReply();
  client->Dialog("EHLO client.example.org");
  EXPECT_EQ(client->Dialog("MAIL FROM:<a@example.org>"), "250 2.1.0 Sender OK\r\n");

  const auto signalled = std::chrono::steady_clock::now();
  emulator->Signal(SIGTERM);
  // Within the grace period the session still works.
  EXPECT_EQ(client->Dialog("RCPT TO:<b@example.net>"), "250 2.1.5 Recipient OK\r\n");
  EXPECT_EQ(client->ReadReply(seconds(5)),
            "421 4.3.2 Service not available, closing transmission channel\r\n");
  EXPECT_GE(std::chrono::steady_clock::now() - signalled, std::chrono::milliseconds(900));
  EXPECT_EQ(testing::EndingName(client->ReadUntilClosed(seconds(5)).ending), "eof");
  client.reset();
  EXPECT_EQ(emulator->WaitExit(seconds(5)), 0);
  EXPECT_TRUE(emulator->SpooledMessages().empty());
}

// Normalised replaces what differs between two runs by design: the ports, the temporary
// spool folder, and how the events of different connections interleave (the server's
// threads write them as they happen; within one connection the order is fixed).
std::vector<nlohmann::json> Normalised(std::vector<nlohmann::json> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const nlohmann::json& a, const nlohmann::json& b) {
                     return a.value("conn", 0) < b.value("conn", 0);
                   });
  for (auto& event : events) {
    if (event["event"] == "connect") {
      event["client"] = "client";
      event["server"] = "server";
    }
    if (event.contains("spool_file")) {
      event["spool_file"] =
          std::filesystem::path(event["spool_file"].get<std::string>()).filename().string();
    }
  }
  return events;
}

struct DeterministicRun {
  std::vector<nlohmann::json> events;
  std::string server_hello;
  std::vector<std::string> spooled;
};

// RunDeterministicSession runs one plain delivery and one accepted hello against a fresh
// server started with --deterministic 7 and the certificate in `cert_cache`.
DeterministicRun RunDeterministicSession(const std::filesystem::path& cert_cache) {
  DeterministicRun run;
  std::string error;
  auto emulator =
      EmulatorProcess::Start({"--profile", "win2003", "--deterministic", "7"}, &error, cert_cache);
  EXPECT_NE(emulator, nullptr) << error;
  if (emulator == nullptr) return run;

  auto plain = LoopbackClient::Connect(emulator->port());
  if (plain) {
    plain->ReadReply();
    plain->Dialog("EHLO client.example.org");
    plain->Dialog("MAIL FROM:<a@example.org>");
    plain->Dialog("RCPT TO:<b@example.net>");
    plain->Dialog("DATA");
    plain->Dialog("Subject: same\r\n\r\nsame bytes\r\n.");
    plain->Dialog("QUIT");
    plain->ReadUntilClosed(seconds(5));
  }
  plain.reset();

  // The hello with the customer's exclusions is accepted with RC4-SHA: the ServerHello
  // carries the server random, so identical bytes show the randomness is fixed.
  const std::string hello_hex = testing::ReadFileText(std::string(SCHANNEL_EMU_SOURCE_DIR) +
                                                      "/fixtures/customer/excluded.hello.hex");
  std::string hello;
  for (std::size_t i = 0; i + 1 < hello_hex.size(); i += 2) {
    if (std::isxdigit(static_cast<unsigned char>(hello_hex[i])) == 0) break;
    hello.push_back(static_cast<char>(std::stoi(hello_hex.substr(i, 2), nullptr, 16)));
  }
  auto tls = LoopbackClient::Connect(emulator->port());
  if (tls) {
    tls->ReadReply();
    tls->Dialog("EHLO client.example.org");
    tls->Dialog("STARTTLS");
    tls->Send(hello);
    run.server_hello = tls->ReadUntilClosed(std::chrono::milliseconds(1500)).bytes;
  }
  tls.reset();

  emulator->WaitForEvents("disconnect", 2, seconds(5));
  EXPECT_EQ(emulator->Stop(), 0);
  run.events = Normalised(emulator->Events());
  run.spooled = emulator->SpooledMessages();
  return run;
}

TEST(SchannelEmuCli, DeterministicModeGivesIdenticalEventsForIdenticalInput) {
  // The certificate is generated once per cache, so both runs share one cache.
  testing::TempDir cache;
  const DeterministicRun first = RunDeterministicSession(cache.path());
  const DeterministicRun second = RunDeterministicSession(cache.path());
  ASSERT_GT(first.events.size(), 10u);
  EXPECT_EQ(first.events, second.events);
  ASSERT_GT(first.server_hello.size(), 50u);
  EXPECT_EQ(first.server_hello[0], '\x16');
  EXPECT_EQ(first.server_hello, second.server_hello);
  ASSERT_EQ(first.spooled.size(), 1u);
  EXPECT_EQ(first.spooled, second.spooled);
}

}  // namespace
}  // namespace schannel_emu
