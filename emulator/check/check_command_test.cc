#include "emulator/check/check_command.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "emulator/check/test_support.h"

namespace schannel_emu {
namespace {

struct CommandRun {
  int status = 0;
  std::string out;
  std::string err;
};

CommandRun Check(std::vector<std::string> args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out;
  std::ostringstream err;
  CommandRun run;
  run.status = RunCheck(args, in, out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string Fixture(const std::string& name) {
  return std::string(SCHANNEL_EMU_SOURCE_DIR) + "/fixtures/customer/" + name;
}

const nlohmann::json* FindProfile(const nlohmann::json& hello, const std::string& name) {
  for (const auto& result : hello["profiles"]) {
    if (result["profile"] == name) return &result;
  }
  return nullptr;
}

class CustomerDissection : public ::testing::TestWithParam<std::string> {};

TEST_P(CustomerDissection, IsRejectedByWin2003AndAcceptedByWin2003AesAndGetsAShorterFix) {
  const CommandRun run =
      Check({Fixture(GetParam()), "--profile", "win2003", "--profile", "win2003-aes", "--json"});
  ASSERT_EQ(run.status, 1) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json["hellos"].size(), 1u);
  const auto& hello = json["hellos"][0];
  EXPECT_EQ(hello["format"], "wireshark");
  EXPECT_EQ(hello["offered_count"], 86);

  const auto* win2003 = FindProfile(hello, "win2003");
  ASSERT_NE(win2003, nullptr);
  EXPECT_FALSE((*win2003)["works"].get<bool>());
  EXPECT_EQ((*win2003)["verdict"]["reason"], "no_shared_suite_in_window");
  EXPECT_EQ((*win2003)["verdict"]["first_usable_position"], 75);
  EXPECT_EQ(hello["offered"][74]["name"], "TLS_RSA_WITH_RC4_128_SHA");

  const auto& fix = (*win2003)["fixes"][0];
  EXPECT_EQ(fix["method"], "modelled");
  ASSERT_TRUE(fix["found"].get<bool>());
  EXPECT_LT(fix["words"].size(), 8u);
  EXPECT_TRUE(fix["verdict"]["accepted"].get<bool>());

  const auto* aes = FindProfile(hello, "win2003-aes");
  ASSERT_NE(aes, nullptr);
  EXPECT_TRUE((*aes)["works"].get<bool>());
  EXPECT_EQ((*aes)["verdict"]["suite"], "0x0035");
  EXPECT_EQ((*aes)["verdict"]["position"], 31);
}

INSTANTIATE_TEST_SUITE_P(BothLayouts, CustomerDissection,
                         ::testing::Values("wireshark-multiline.txt", "wireshark-one-line.txt"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param == "wireshark-multiline.txt" ? "MultiLine"
                                                                                : "OneLine";
                         });

TEST(CheckCommand, PrintsTheWindowBoundaryAndTheFixInTheTextReport) {
  const CommandRun run = Check({"--profile", "win2003", "-"},
                               testing::ReadSourceFile("fixtures/customer/original-suites.txt"));
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("window ends"), std::string::npos);
  EXPECT_NE(run.out.find("smtp_tls_exclude_ciphers = "), std::string::npos);
  EXPECT_NE(run.out.find("[mx.example.com]:25 may exclude="), std::string::npos);
  EXPECT_NE(run.out.find("modelled, not verified"), std::string::npos);
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 80u) << line;
}

TEST(CheckCommand, AcceptsTheCustomersExcludedListWithExitZero) {
  const CommandRun run = Check({"--profile", "win2003", Fixture("excluded.hello.hex")});
  EXPECT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("ACCEPTED"), std::string::npos);
}

TEST(CheckCommand, UsesTheGivenDestinationInThePolicyMapLine) {
  const CommandRun run = Check({"--profile", "win2003", "--destination",
                                "[mail.customer.example]:25", Fixture("original-suites.txt")});
  EXPECT_NE(run.out.find("[mail.customer.example]:25 may exclude="), std::string::npos);
}

TEST(CheckCommand, JudgesTheHelloThisMachinesOpenSslSends) {
  const CommandRun run = Check({"--openssl", "HIGH:MEDIUM:+RC4:@STRENGTH", "--exclude", "MD5, aDSS",
                                "--protocols", "!SSLv2, !SSLv3", "--profile", "win2003", "--json"});
  ASSERT_NE(run.status, 2) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["hellos"][0]["format"], "openssl");
  EXPECT_EQ(json["sender"]["effective_cipher_list"], "HIGH:MEDIUM:+RC4:@STRENGTH:!MD5:!aDSS");
  EXPECT_FALSE(json["hellos"][0]["wire_hex"].is_null());
}

TEST(CheckCommand, FailsWithOneLineForTextWithoutSuites) {
  const CommandRun run = Check({"-"}, "this is not a hello at all\n");
  EXPECT_EQ(run.status, 2);
  EXPECT_TRUE(run.out.empty());
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST(CheckCommand, RefusesUnknownOptionsAndProfiles) {
  EXPECT_EQ(Check({"--bogus"}).status, 2);
  const CommandRun run = Check({"--profile", "no-such-profile", "-"}, "0035");
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.err.find("win2003"), std::string::npos);
}

TEST(CheckCommand, PrintsHelp) {
  const CommandRun run = Check({"--help"});
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.out.find("Usage: schannel-emu check"), std::string::npos);
}

}  // namespace
}  // namespace schannel_emu

namespace schannel_emu {
namespace {

TEST(CheckCommand, SaysWhenTheSenderRefusesTheOnlyVersionTheServerSpeaks) {
  const CommandRun run = Check({"--openssl", "HIGH:MEDIUM", "--protocols", ">=TLSv1.2", "--profile",
                                "win2003-aes-first", "--json"});
  ASSERT_EQ(run.status, 1) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto& result = json["hellos"][0]["profiles"][0];
  EXPECT_TRUE(result["sender_refuses_version"].get<bool>());
  EXPECT_FALSE(result["works"].get<bool>());
  EXPECT_NE(result["advice"][0].get<std::string>().find("protocols=>=TLSv1"), std::string::npos);
}

TEST(CheckCommand, VerifiesAFixWithLibsslWhenTheSenderIsThisOpenSsl) {
  const CommandRun run = Check({"--openssl", "HIGH:MEDIUM", "--profile", "win2003-aes", "--json"});
  ASSERT_NE(run.status, 2) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto& result = json["hellos"][0]["profiles"][0];
  if (result["works"].get<bool>()) GTEST_SKIP() << "this libssl's list already fits the window";
  const auto& fix = result["fixes"][0];
  EXPECT_EQ(fix["method"], "verified");
  ASSERT_TRUE(fix["found"].get<bool>());
  EXPECT_TRUE(fix["verdict"]["accepted"].get<bool>());
}

}  // namespace
}  // namespace schannel_emu

namespace schannel_emu {
namespace {

TEST(CheckCommand, ListsSsl2SpecsAtTheirPositionsInSsl2FormatHellos) {
  // SSLv2 CLIENT-HELLO: type 1, version TLS 1.0, three specs, no session id,
  // a 16-byte challenge.
  const std::string body = "0103010009000000100100800000050000040123456789abcdef0123456789abcdef";
  std::array<char, 8> header{};
  std::snprintf(header.data(), header.size(), "80%02x", static_cast<unsigned>(body.size() / 2));
  const std::string record = header.data() + body;
  const CommandRun run = Check({"--profile", "win2003", "--json", "--format", "hex", "-"}, record);
  ASSERT_NE(run.status, 2) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto& hello = json["hellos"][0];
  ASSERT_EQ(hello["offered_count"], 3);
  EXPECT_EQ(hello["offered"][0]["suite"], "0x010080");
  EXPECT_EQ(hello["offered"][1]["name"], "TLS_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(hello["profiles"][0]["verdict"]["position"], 3);  // RC4-MD5, the server's first
}

}  // namespace
}  // namespace schannel_emu
