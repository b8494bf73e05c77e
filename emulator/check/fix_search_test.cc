#include "emulator/check/fix_search.h"

#include <gtest/gtest.h>

#include "emulator/check/check_input.h"
#include "emulator/check/test_support.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

const Profile& Win2003() { return *FindBuiltinProfile("win2003"); }

TEST(FixSearch, FindsAModelledFixForTheCustomerNoLongerThanTheirOwn) {
  const auto original = testing::ReadSuiteFile("fixtures/customer/original-suites.txt");
  const ClientHello hello = HelloFromSuites(original, kTls12);
  ASSERT_FALSE(Judge(Win2003(), hello).accepted);

  const Fix fix = SearchModelledFix(hello, Win2003());
  EXPECT_EQ(fix.method, "modelled");
  ASSERT_FALSE(fix.words.empty());
  EXPECT_LT(fix.words.size(), 8u);  // the customer needed eight words
  ASSERT_TRUE(fix.verdict.has_value());

  // Judge the fixed list independently of the search.
  const Verdict after = Judge(Win2003(), HelloFromSuites(fix.suites, kTls12));
  EXPECT_TRUE(after.accepted) << after.explanation;
  EXPECT_LE(after.position, 64u);
}

TEST(FixSearch, FindsNoModelledFixWhenNothingIsInCommon) {
  const ClientHello hello = HelloFromSuites({0xc030, 0xc02f, 0x009d}, kTls12);
  const Fix fix = SearchModelledFix(hello, Win2003());
  EXPECT_TRUE(fix.words.empty());
  EXPECT_FALSE(fix.verdict.has_value());
}

TEST(FixSearch, VerifiesFixesWithTheRealLibssl) {
  // A sender whose long list pushes AES256-SHA past slot 64 of a 64-slot window;
  // the profile's window is shortened to make the point with this libssl's list.
  OpenSslSenderConfig sender;
  sender.cipher_list = "ALL:@SECLEVEL=0";
  auto built = BuildOpenSslHello(sender);
  ASSERT_TRUE(built) << built.error();
  auto hello = ReadClientHello(built.value().record);
  ASSERT_TRUE(hello);
  const auto suites = hello.value().TlsSuites();
  const auto aes = std::find(suites.begin(), suites.end(), std::uint16_t{0x0035});
  ASSERT_NE(aes, suites.end());

  Profile profile = *FindBuiltinProfile("win2003-aes");
  profile.window.size = static_cast<std::size_t>(aes - suites.begin()) - 5;
  ASSERT_FALSE(Judge(profile, hello.value()).accepted);

  OpenSslHelloCache cache;
  const Fix fix = SearchOpenSslFix(sender, profile, cache);
  EXPECT_EQ(fix.method, "verified");
  ASSERT_FALSE(fix.words.empty());
  ASSERT_TRUE(fix.verdict.has_value());

  // Rebuild with the fix applied and judge again.
  sender.exclude = fix.words;
  auto fixed = BuildOpenSslHello(sender);
  ASSERT_TRUE(fixed);
  auto fixed_hello = ReadClientHello(fixed.value().record);
  ASSERT_TRUE(fixed_hello);
  EXPECT_TRUE(Judge(profile, fixed_hello.value()).accepted);
}

TEST(FixSearch, RendersPostfixSettings) {
  EXPECT_EQ(ExcludeSetting({"MD5", "aDSS"}), "smtp_tls_exclude_ciphers = MD5, aDSS");
  EXPECT_EQ(PolicyMapLine("[mx.example.com]:25", {"MD5", "aDSS"}),
            "[mx.example.com]:25 may exclude=MD5:aDSS");
}

}  // namespace
}  // namespace schannel_emu
