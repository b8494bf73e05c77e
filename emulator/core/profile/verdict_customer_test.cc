// The customer report's two ClientHellos judged by win2003 and win2003-aes, against the
// outcomes fixtures/customer/expected.json records.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu {
namespace {

std::string ReadFixture(const std::string& name) {
  const std::string path = std::string(SCHANNEL_EMU_SOURCE_DIR) + "/fixtures/customer/" + name;
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << "cannot open " << path;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// HelloFromSuiteList builds the hello the report describes (client version TLS 1.2
// in a TLS 1.0 record) from the fixture's list of suite codes.
ClientHello HelloFromSuiteList(const std::string& name) {
  ClientHello hello;
  hello.record_version = kTls10;
  hello.client_version = kTls12;
  std::istringstream codes(ReadFixture(name));
  std::string code;
  while (codes >> code)
    hello.cipher_specs.push_back(static_cast<std::uint32_t>(std::stoul(code, nullptr, 16)));
  return hello;
}

// HelloFromCapture reads the fixture's complete hello record with the hello reader.
ClientHello HelloFromCapture(const std::string& name) {
  std::string text = ReadFixture(name);
  std::erase_if(text, [](char c) { return c == '\n' || c == '\r' || c == ' '; });
  const auto bytes = FromHex(text);
  EXPECT_TRUE(bytes) << name << " is not hex";
  const auto hello = ReadClientHello(bytes.value_or(Bytes{}));
  EXPECT_TRUE(hello) << name << " does not hold a ClientHello";
  return hello ? *hello : ClientHello{};
}

nlohmann::json Expected() { return nlohmann::json::parse(ReadFixture("expected.json")); }

// ExpectMatches compares every field expected.json records with the verdict's JSON.
void ExpectMatches(const nlohmann::json& expected, const Verdict& verdict,
                   const std::string& where) {
  const nlohmann::json actual = nlohmann::json::parse(VerdictToJson(verdict).dump());
  for (const char* key : {"accepted", "reason", "suite", "position", "window_last_position",
                          "first_usable_position"}) {
    EXPECT_EQ(actual[key], expected.at(key)) << where << ": " << key;
  }
  if (expected.contains("version")) {
    EXPECT_EQ(actual["version"], expected["version"]) << where;
  }

  const nlohmann::json& supported = expected.at("supported");
  ASSERT_EQ(actual["supported"].size(), supported.size()) << where;
  for (std::size_t i = 0; i < supported.size(); ++i) {
    for (const char* key : {"suite", "position", "in_window", "usable"}) {
      EXPECT_EQ(actual["supported"][i][key], supported[i].at(key))
          << where << ": supported[" << i << "]." << key;
    }
  }
  if (expected.contains("first_usable_suite")) {
    const auto first = std::find_if(verdict.supported.begin(), verdict.supported.end(),
                                    [](const SuiteSighting& sighting) { return sighting.usable; });
    ASSERT_NE(first, verdict.supported.end()) << where;
    EXPECT_EQ(
        actual["supported"][static_cast<std::size_t>(first - verdict.supported.begin())]["suite"],
        expected["first_usable_suite"])
        << where;
  }
}

TEST(CustomerFixtureTest, Win2003AndWin2003AesDecideAsTheReportImplies) {
  const nlohmann::json expected = Expected();
  std::size_t checked = 0;
  for (const char* list : {"original", "excluded"}) {
    const nlohmann::json& entry = expected.at(list);
    const ClientHello from_list = HelloFromSuiteList(entry.at("suites").get<std::string>());
    const ClientHello from_capture = HelloFromCapture(entry.at("hello").get<std::string>());
    EXPECT_EQ(from_list.cipher_specs, from_capture.cipher_specs) << list;

    for (const auto& [name, outcome] : entry.at("profiles").items()) {
      const Profile* profile = FindBuiltinProfile(name);
      ASSERT_NE(profile, nullptr) << name;
      for (const ClientHello* hello : {&from_list, &from_capture}) {
        const Verdict verdict = Judge(*profile, *hello);
        EXPECT_EQ(verdict.offered_count, entry.at("offered_count").get<std::size_t>());
        ExpectMatches(outcome, verdict, std::string(list) + " / " + name);
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 8u);
}

TEST(CustomerFixtureTest, ExplanationOfTheOriginalRejectionNamesRc4ShaAtPosition75) {
  const Verdict verdict =
      Judge(*FindBuiltinProfile("win2003"), HelloFromSuiteList("original-suites.txt"));
  EXPECT_EQ(verdict.explanation,
            "rejected: the first suite profile win2003 can use, RC4-SHA (0x0005), is at position "
            "75 of 86, outside the 64-entry window (which ends at position 64)");
}

TEST(CustomerFixtureTest, F5ProfileHangsOnTheOriginal332ByteHelloButNotTheExcludedOne) {
  const Profile& f5 = *FindBuiltinProfile("f5-hello-hang");
  const ClientHello original = HelloFromCapture("original.hello.hex");
  ASSERT_EQ(original.message.size(), 332u);
  EXPECT_EQ(Judge(f5, original).reason, VerdictReason::kHangOnHelloSize);
  EXPECT_EQ(Judge(f5, HelloFromCapture("excluded.hello.hex")).reason, VerdictReason::kAccepted);
}

TEST(CustomerFixtureTest, OtherIntoleranceProfilesRefuseTheOriginalHelloForTheirOwnReason) {
  const ClientHello original = HelloFromCapture("original.hello.hex");
  EXPECT_EQ(Judge(*FindBuiltinProfile("tls12-intolerant"), original).reason,
            VerdictReason::kVersionIntolerant);
  // The hello carries session_ticket, signature_algorithms and heartbeat.
  EXPECT_EQ(Judge(*FindBuiltinProfile("extension-intolerant"), original).reason,
            VerdictReason::kExtensionIntolerant);
  // 86 suites are within the ASA's 128, so the window decides as for win2003-aes.
  EXPECT_EQ(Judge(*FindBuiltinProfile("asa-128-suites"), original).reason,
            VerdictReason::kAccepted);
}

}  // namespace
}  // namespace schannel_emu
