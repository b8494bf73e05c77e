#include "emulator/core/profile/verdict.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace schannel_emu {
namespace {

// kFiller is a real suite code (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) that no
// Windows Server 2003 profile implements, so it only fills window slots.
constexpr std::uint32_t kFiller = 0xc030;

const Profile& Builtin(std::string_view name) {
  const Profile* profile = FindBuiltinProfile(name);
  if (profile == nullptr) ADD_FAILURE() << "no built-in profile " << name;
  static const Profile kEmpty;
  return profile != nullptr ? *profile : kEmpty;
}

ClientHello TlsHello(std::vector<std::uint32_t> specs, std::uint16_t client_version = kTls12) {
  ClientHello hello;
  hello.format = HelloFormat::kTls;
  hello.record_version = kTls10;
  hello.client_version = client_version;
  hello.cipher_specs = std::move(specs);
  hello.compression_methods = {0};
  // A plausible message size: header, version, random, session id length, the
  // suites and the compression methods.
  hello.message.assign(4 + 2 + 32 + 1 + 2 + 2 * hello.cipher_specs.size() + 2, 0);
  return hello;
}

// WithSuiteAt builds a list of `count` fillers with `suite` placed at 1-based `position`.
std::vector<std::uint32_t> WithSuiteAt(std::uint32_t suite, std::size_t position,
                                       std::size_t count) {
  std::vector<std::uint32_t> specs(count, kFiller);
  specs[position - 1] = suite;
  return specs;
}

TEST(JudgeWindowTest, UsableSuiteInSlot64IsAccepted) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello(WithSuiteAt(0x0005, 64, 80)));
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.reason, VerdictReason::kAccepted);
  EXPECT_EQ(verdict.suite, 0x0005);
  EXPECT_EQ(verdict.position, 64u);
  EXPECT_EQ(verdict.window_last_position, 64u);
  EXPECT_EQ(verdict.offered_count, 80u);
}

TEST(JudgeWindowTest, UsableSuiteInSlot65IsRejectedAsOutsideTheWindow) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello(WithSuiteAt(0x0005, 65, 80)));
  EXPECT_FALSE(verdict.accepted);
  EXPECT_EQ(verdict.reason, VerdictReason::kNoSharedSuiteInWindow);
  EXPECT_EQ(verdict.first_usable_position, 65u);
  ASSERT_EQ(verdict.supported.size(), 1u);
  EXPECT_EQ(verdict.supported[0].slot, 65u);
  EXPECT_FALSE(verdict.supported[0].in_window);
  EXPECT_EQ(verdict.explanation,
            "rejected: the first suite profile win2003 can use, RC4-SHA (0x0005), is at position "
            "65 of 80, outside the 64-entry window (which ends at position 64)");
}

TEST(JudgeWindowTest, ScsvTakesASlotByDefault) {
  std::vector<std::uint32_t> specs = WithSuiteAt(0x0004, 65, 70);
  specs[9] = kEmptyRenegotiationInfoScsv;
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello(specs));
  EXPECT_EQ(verdict.reason, VerdictReason::kNoSharedSuiteInWindow);
}

TEST(JudgeWindowTest, SuiteAt65BehindOneUncountedScsvIsAccepted) {
  Profile profile = Builtin("win2003");
  profile.window.count_signalling = false;
  std::vector<std::uint32_t> specs = WithSuiteAt(0x0004, 65, 70);
  specs[9] = kEmptyRenegotiationInfoScsv;

  const Verdict verdict = Judge(profile, TlsHello(specs));
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.position, 65u);
  ASSERT_EQ(verdict.supported.size(), 1u);
  EXPECT_EQ(verdict.supported[0].slot, 64u);
  EXPECT_EQ(verdict.window_last_position, 65u);
}

TEST(JudgeWindowTest, UncountedEntryNeverTakesASlotAndFallbackScsvIsSignalling) {
  Profile profile = Builtin("win2003");
  profile.window.count_signalling = false;
  const Verdict verdict =
      Judge(profile, TlsHello({kFallbackScsv, 0x0004, kEmptyRenegotiationInfoScsv}));
  ASSERT_EQ(verdict.supported.size(), 1u);
  EXPECT_EQ(verdict.supported[0].slot, 1u);
}

TEST(JudgeWindowTest, UncountedEntriesRightAfterTheLastSlotAreStillInsideTheWindow) {
  Profile profile = Builtin("win2003");
  profile.window.count_signalling = false;
  std::vector<std::uint32_t> specs(64, kFiller);
  specs.push_back(kEmptyRenegotiationInfoScsv);  // position 65: takes no slot
  specs.push_back(kFiller);                      // position 66: would take slot 65
  const Verdict verdict = Judge(profile, TlsHello(specs));
  EXPECT_EQ(verdict.window_last_position, 65u);
}

TEST(JudgeWindowTest, UncountedUnknownCodesLetALaterSuiteIn) {
  Profile profile = Builtin("win2003");
  profile.window.count_unknown = false;
  const Verdict verdict = Judge(profile, TlsHello(WithSuiteAt(0x000a, 100, 120)));
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.supported[0].slot, 1u);
}

TEST(JudgeWindowTest, KnownButDisabledSuitesAlwaysTakeASlot) {
  Profile profile = Builtin("win2003");
  profile.window.count_unknown = false;
  // AES256-SHA is implemented but not enabled in win2003: it still counts.
  const Verdict verdict = Judge(profile, TlsHello(std::vector<std::uint32_t>(64, 0x0035)));
  EXPECT_EQ(verdict.window_last_position, 64u);
  std::vector<std::uint32_t> specs(64, 0x0035);
  specs.push_back(0x0004);
  EXPECT_EQ(Judge(profile, TlsHello(specs)).reason, VerdictReason::kNoSharedSuiteInWindow);
}

TEST(JudgeWindowTest, Ssl2OnlySpecsCountAsUnknown) {
  Profile profile = Builtin("win2003");
  std::vector<std::uint32_t> specs(64, 0x010080);  // SSL2_RC4_128_WITH_MD5
  specs.push_back(0x000004);
  ClientHello hello = TlsHello(specs, kTls10);
  hello.format = HelloFormat::kSsl2Compatible;
  hello.record_version = 0;
  EXPECT_EQ(Judge(profile, hello).reason, VerdictReason::kNoSharedSuiteInWindow);

  profile.window.count_unknown = false;
  const Verdict verdict = Judge(profile, hello);
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.suite, 0x0004);
  EXPECT_EQ(verdict.position, 65u);
}

TEST(JudgeWindowTest, WindowSizeZeroConsidersTheWholeList) {
  Profile profile = Builtin("win2003");
  profile.window.size = 0;
  const Verdict verdict = Judge(profile, TlsHello(WithSuiteAt(0x0004, 200, 200)));
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.window_last_position, 200u);
}

TEST(JudgeWindowTest, ShortListLiesWhollyInsideTheWindow) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({kFiller, kFiller, 0x0004}));
  EXPECT_EQ(verdict.window_last_position, 3u);
}

TEST(JudgeSelectionTest, ServerOrderWinsOverClientOrder) {
  const ClientHello hello = TlsHello({0x0035, 0x002f, 0x0005, 0x0004});
  const Verdict verdict = Judge(Builtin("win2003-aes"), hello);
  ASSERT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.suite, 0x0004);
  EXPECT_EQ(verdict.position, 4u);
  EXPECT_TRUE(verdict.negotiable);
  EXPECT_EQ(verdict.explanation,
            "accepted: RC4-MD5 (0x0004) at position 4 of 4 is the first suite in profile "
            "win2003-aes's order offered inside the 64-entry window; answered with TLSv1.0");

  const Verdict aes_first = Judge(Builtin("win2003-aes-first"), hello);
  EXPECT_EQ(aes_first.suite, 0x002f);
  EXPECT_EQ(aes_first.position, 2u);
}

TEST(JudgeSelectionTest, ServerOrderOnlyLooksInsideTheWindow) {
  std::vector<std::uint32_t> specs = WithSuiteAt(0x000a, 10, 70);
  specs[69] = 0x0004;
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello(specs));
  EXPECT_EQ(verdict.suite, 0x000a);
  ASSERT_EQ(verdict.supported.size(), 2u);
  EXPECT_TRUE(verdict.supported[0].in_window);
  EXPECT_FALSE(verdict.supported[1].in_window);
}

TEST(JudgeSelectionTest, DssSuitesAreSeenButNotUsable) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({0x0013, 0x000a}));
  EXPECT_EQ(verdict.suite, 0x000a);
  EXPECT_EQ(verdict.position, 2u);
  ASSERT_EQ(verdict.supported.size(), 2u);
  EXPECT_FALSE(verdict.supported[0].usable);
  EXPECT_TRUE(verdict.supported[1].usable);
  EXPECT_EQ(verdict.first_usable_position, 2u);
}

// A profile built in code may list a code the suite table does not have (profile files
// cannot). It is seen where offered, counted as unknown, and never selected.
TEST(JudgeSelectionTest, AnEnabledCodeWithoutAnImplementationIsSeenButNotUsable) {
  Profile profile = Builtin("win2003");
  profile.suites.insert(profile.suites.begin(), 0xc013);
  const Verdict verdict = Judge(profile, TlsHello({0xc013, kFiller, 0x0005}));
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.suite, 0x0005);
  ASSERT_EQ(verdict.supported.size(), 2u);
  EXPECT_EQ(verdict.supported[0].suite, 0xc013);
  EXPECT_EQ(verdict.supported[0].slot, 1u);
  EXPECT_FALSE(verdict.supported[0].usable);
  EXPECT_EQ(verdict.first_usable_position, 3u);

  profile.window.count_unknown = false;
  const Verdict uncounted = Judge(profile, TlsHello({0xc013, 0x0005}));
  ASSERT_EQ(uncounted.supported.size(), 2u);
  EXPECT_FALSE(uncounted.supported[0].slot);
  EXPECT_EQ(uncounted.supported[1].slot, 1u);
}

TEST(JudgeSelectionTest, OnlyDssSuitesOfferedIsNoSharedSuite) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({kFiller, 0x0013, 0x0012, 0x0063}));
  EXPECT_FALSE(verdict.accepted);
  EXPECT_EQ(verdict.reason, VerdictReason::kNoSharedSuite);
  EXPECT_EQ(verdict.supported.size(), 3u);
  EXPECT_FALSE(verdict.first_usable_position);
  EXPECT_NE(verdict.explanation.find("DSS certificate"), std::string::npos);
}

TEST(JudgeSelectionTest, DssInsideAndRsaOutsideTheWindowIsOutsideTheWindow) {
  std::vector<std::uint32_t> specs = WithSuiteAt(0x0013, 1, 70);
  specs[66] = 0x000a;
  EXPECT_EQ(Judge(Builtin("win2003"), TlsHello(specs)).reason,
            VerdictReason::kNoSharedSuiteInWindow);
}

TEST(JudgeSelectionTest, ExportSuiteIsAcceptedButNotNegotiable) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({kFiller, 0x0003}, kTls10));
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.suite, 0x0003);
  EXPECT_FALSE(verdict.negotiable);
  EXPECT_NE(verdict.explanation.find("cannot negotiate"), std::string::npos);
}

TEST(JudgeSelectionTest, NothingEnabledOfferedIsNoSharedSuite) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({kFiller, 0x002f, 0x0035}));
  EXPECT_EQ(verdict.reason, VerdictReason::kNoSharedSuite);
  EXPECT_TRUE(verdict.supported.empty());
  EXPECT_EQ(verdict.explanation,
            "rejected: none of the 3 offered suites is enabled in profile "
            "win2003");
}

TEST(JudgeSelectionTest, RepeatedSuiteIsSeenAtEveryPosition) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({0x0005, kFiller, 0x0005}));
  EXPECT_EQ(verdict.supported.size(), 2u);
  EXPECT_EQ(verdict.position, 1u);
}

TEST(JudgeVersionTest, AnswerIsTheLowerOfClientVersionAndProfileMaximum) {
  const Profile& profile = Builtin("win2003");
  EXPECT_EQ(Judge(profile, TlsHello({0x0004}, kTls12)).version, kTls10);
  EXPECT_EQ(Judge(profile, TlsHello({0x0004}, kTls13)).version, kTls10);
  EXPECT_EQ(Judge(profile, TlsHello({0x0004}, kTls10)).version, kTls10);
  EXPECT_EQ(Judge(profile, TlsHello({0x0004}, kSsl3)).version, kSsl3);

  Profile ssl3_only = profile;
  ssl3_only.max_version = kSsl3;
  EXPECT_EQ(Judge(ssl3_only, TlsHello({0x0004}, kTls12)).version, kSsl3);
}

TEST(JudgeVersionTest, ClientBelowTheMinimumIsTooLow) {
  Profile profile = Builtin("win2003");
  profile.min_version = kTls10;
  const Verdict verdict = Judge(profile, TlsHello({0x0004}, kSsl3));
  EXPECT_EQ(verdict.reason, VerdictReason::kVersionTooLow);
  EXPECT_EQ(verdict.explanation,
            "rejected: the client's highest version, SSLv3, is below TLSv1.0, the oldest profile "
            "win2003 answers");
}

TEST(JudgeVersionTest, Ssl2OnlyClientIsTooLowAndSaysSsl2IsNotEmulated) {
  ClientHello hello = TlsHello({0x010080, 0x000004}, kSsl2);
  hello.format = HelloFormat::kSsl2Compatible;
  const Verdict verdict = Judge(Builtin("win2003"), hello);
  EXPECT_EQ(verdict.reason, VerdictReason::kVersionTooLow);
  EXPECT_NE(verdict.explanation.find("SSL 2.0 protocol itself is not emulated"), std::string::npos);
  // The list is still analysed for reports.
  EXPECT_EQ(verdict.first_usable_position, 2u);
}

TEST(JudgeSsl2HelloTest, Ssl2FormatHelloOfferingTlsIsAnsweredByDefault) {
  ClientHello hello = TlsHello({0x010080, 0x000005}, kTls10);
  hello.format = HelloFormat::kSsl2Compatible;
  const Verdict verdict = Judge(Builtin("win2003"), hello);
  EXPECT_TRUE(verdict.accepted);
  EXPECT_EQ(verdict.suite, 0x0005);
  EXPECT_EQ(verdict.version, kTls10);
}

TEST(JudgeSsl2HelloTest, Ssl2FormatHelloIsRefusedWhenTheProfileDoesNotReadThem) {
  Profile profile = Builtin("win2003");
  profile.accept_ssl2_hello = false;
  ClientHello hello = TlsHello({0x000005}, kTls10);
  hello.format = HelloFormat::kSsl2Compatible;
  EXPECT_EQ(Judge(profile, hello).reason, VerdictReason::kSsl2HelloRefused);
  EXPECT_TRUE(Judge(profile, TlsHello({0x0005}, kTls10)).accepted);
}

TEST(JudgeIntoleranceTest, HangsOnlyOnHellosOf256To511Bytes) {
  const Profile& profile = Builtin("f5-hello-hang");
  ClientHello hello = TlsHello({0x002f});
  for (const std::size_t size : {255u, 512u, 100u}) {
    hello.message.assign(size, 0);
    EXPECT_TRUE(Judge(profile, hello).accepted) << size;
  }
  for (const std::size_t size : {256u, 400u, 511u}) {
    hello.message.assign(size, 0);
    const Verdict verdict = Judge(profile, hello);
    EXPECT_EQ(verdict.reason, VerdictReason::kHangOnHelloSize) << size;
  }
  hello.message.assign(300, 0);
  EXPECT_TRUE(Judge(Builtin("win2003-aes"), hello).accepted);
}

TEST(JudgeIntoleranceTest, RefusesMoreSuitesThanTheLimit) {
  const Profile& profile = Builtin("asa-128-suites");
  Profile no_window = profile;
  no_window.window.size = 0;
  EXPECT_TRUE(Judge(no_window, TlsHello(WithSuiteAt(0x002f, 1, 128))).accepted);
  const Verdict verdict = Judge(profile, TlsHello(WithSuiteAt(0x002f, 1, 129)));
  EXPECT_EQ(verdict.reason, VerdictReason::kTooManySuites);
  EXPECT_NE(verdict.explanation.find("129"), std::string::npos);
}

TEST(JudgeIntoleranceTest, VersionIntolerantProfileRefusesNewerClients) {
  const Profile& profile = Builtin("tls12-intolerant");
  EXPECT_EQ(Judge(profile, TlsHello({0x002f}, kTls12)).reason, VerdictReason::kVersionIntolerant);
  EXPECT_EQ(Judge(profile, TlsHello({0x002f}, kTls11)).reason, VerdictReason::kVersionIntolerant);
  EXPECT_TRUE(Judge(profile, TlsHello({0x002f}, kTls10)).accepted);
}

TEST(JudgeIntoleranceTest, ExtensionIntolerantProfileRefusesUnknownExtensions) {
  const Profile& profile = Builtin("extension-intolerant");
  ClientHello hello = TlsHello({0x002f});
  hello.has_extensions_block = true;
  hello.extensions = {{kExtServerName, {}}, {kExtRenegotiationInfo, {0}}};
  EXPECT_TRUE(Judge(profile, hello).accepted);

  hello.extensions.push_back({0x0023, {}});
  const Verdict verdict = Judge(profile, hello);
  EXPECT_EQ(verdict.reason, VerdictReason::kExtensionIntolerant);
  EXPECT_NE(verdict.explanation.find("0x0023 session_ticket"), std::string::npos);
  EXPECT_TRUE(Judge(Builtin("win2003-aes"), hello).accepted);
}

TEST(JudgeLimitTest, HelloOverTheSizeLimitIsTooLarge) {
  Profile profile = Builtin("win2003");
  profile.max_client_hello_bytes = 100;
  ClientHello hello = TlsHello({0x0004});
  hello.message.assign(100, 0);
  EXPECT_TRUE(Judge(profile, hello).accepted);
  hello.message.assign(101, 0);
  EXPECT_EQ(Judge(profile, hello).reason, VerdictReason::kHelloTooLarge);
}

TEST(JudgeTest, RejectionCarriesTheProfilesFailureMode) {
  Profile profile = Builtin("win2003");
  profile.failure = FailureMode::kReset;
  EXPECT_EQ(Judge(profile, TlsHello({kFiller})).failure, FailureMode::kReset);
  EXPECT_EQ(Judge(Builtin("win2003"), TlsHello({kFiller})).failure, FailureMode::kClose);
}

TEST(VerdictReasonNameTest, EveryReasonHasADistinctSnakeCaseName) {
  const std::vector<std::pair<VerdictReason, std::string_view>> expected = {
      {VerdictReason::kAccepted, "accepted"},
      {VerdictReason::kNoSharedSuiteInWindow, "no_shared_suite_in_window"},
      {VerdictReason::kNoSharedSuite, "no_shared_suite"},
      {VerdictReason::kVersionTooLow, "version_too_low"},
      {VerdictReason::kSsl2HelloRefused, "ssl2_hello_refused"},
      {VerdictReason::kHelloTooLarge, "hello_too_large"},
      {VerdictReason::kTooManySuites, "too_many_suites"},
      {VerdictReason::kVersionIntolerant, "version_intolerant"},
      {VerdictReason::kExtensionIntolerant, "extension_intolerant"},
      {VerdictReason::kHangOnHelloSize, "hang_on_hello_size"},
  };
  for (const auto& [reason, name] : expected) EXPECT_EQ(VerdictReasonName(reason), name);
}

TEST(VerdictToJsonTest, AcceptedVerdictHasEveryKeyInOrder) {
  const Verdict verdict = Judge(Builtin("win2003"), TlsHello({kFiller, 0x0005}));
  const nlohmann::ordered_json json = VerdictToJson(verdict);
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"accepted", "reason", "explanation", "version", "suite",
                                            "suite_name", "position", "negotiable", "offered_count",
                                            "window_last_position", "first_usable_position",
                                            "failure", "supported"}));
  EXPECT_EQ(json["reason"], "accepted");
  EXPECT_EQ(json["version"], "TLSv1.0");
  EXPECT_EQ(json["suite"], "0x0005");
  EXPECT_EQ(json["suite_name"], "RC4-SHA");
  EXPECT_EQ(json["position"], 2);
  EXPECT_EQ(json["supported"][0]["slot"], 2);
  EXPECT_EQ(json["supported"][0]["in_window"], true);
}

TEST(VerdictToJsonTest, RejectedVerdictHasNullsWhereNothingWasChosen) {
  Profile profile = Builtin("win2003");
  profile.window.count_signalling = false;
  const nlohmann::ordered_json json =
      VerdictToJson(Judge(profile, TlsHello({kEmptyRenegotiationInfoScsv, 0x0013})));
  EXPECT_EQ(json["accepted"], false);
  EXPECT_EQ(json["reason"], "no_shared_suite");
  EXPECT_TRUE(json["version"].is_null());
  EXPECT_TRUE(json["suite"].is_null());
  EXPECT_TRUE(json["position"].is_null());
  EXPECT_TRUE(json["first_usable_position"].is_null());
  EXPECT_EQ(json["failure"], "close");
  EXPECT_EQ(json["supported"][0]["usable"], false);
  EXPECT_EQ(json["supported"][0]["slot"], 1);
}

}  // namespace
}  // namespace schannel_emu
