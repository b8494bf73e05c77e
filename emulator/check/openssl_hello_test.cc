#include "emulator/check/openssl_hello.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "emulator/core/base/tls_constants.h"
#include "emulator/core/hello/client_hello.h"

namespace schannel_emu {
namespace {

std::vector<std::uint16_t> SuitesOf(const OpenSslSenderConfig& config) {
  auto built = BuildOpenSslHello(config);
  EXPECT_TRUE(built) << built.error();
  if (!built) return {};
  auto hello = ReadClientHello(built.value().record);
  EXPECT_TRUE(hello);
  return hello ? hello.value().TlsSuites() : std::vector<std::uint16_t>{};
}

bool Has(const std::vector<std::uint16_t>& suites, std::uint16_t suite) {
  return std::find(suites.begin(), suites.end(), suite) != suites.end();
}

TEST(OpenSslHello, AppendsExclusionsTheWayPostfixDoes) {
  EXPECT_EQ(PostfixCipherList("HIGH:MEDIUM", {"MD5", "aDSS"}), "HIGH:MEDIUM:!MD5:!aDSS");
  EXPECT_EQ(SplitWordList("MD5, aDSS kECDH:kDH"),
            (std::vector<std::string>{"MD5", "aDSS", "kECDH", "kDH"}));
}

TEST(OpenSslHello, BuildsTheHelloLibsslSendsAndHonoursExclusions) {
  OpenSslSenderConfig sender;
  sender.cipher_list = "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH";
  const auto all = SuitesOf(sender);
  ASSERT_TRUE(Has(all, 0x0035));
  sender.exclude = {"AES256"};
  const auto fewer = SuitesOf(sender);
  EXPECT_FALSE(Has(fewer, 0x0035));
  EXPECT_LT(fewer.size(), all.size());
}

TEST(OpenSslHello, TurnsPostfixProtocolListsIntoARange) {
  auto range = ParsePostfixProtocols("!SSLv2, !SSLv3");
  ASSERT_TRUE(range);
  EXPECT_EQ(range.value().first, kTls10);
  EXPECT_EQ(range.value().second, kTls13);
  range = ParsePostfixProtocols(">=TLSv1.2");
  ASSERT_TRUE(range);
  EXPECT_EQ(range.value().first, kTls12);
  range = ParsePostfixProtocols("TLSv1");
  ASSERT_TRUE(range);
  EXPECT_EQ(range.value().second, kTls10);
  EXPECT_FALSE(ParsePostfixProtocols("TLSv9"));
}

TEST(OpenSslHello, LimitsTheOfferedVersionToTheProtocolRange) {
  OpenSslSenderConfig sender;
  sender.cipher_list = "DEFAULT:@SECLEVEL=0";
  sender.protocols = "TLSv1";
  auto built = BuildOpenSslHello(sender);
  ASSERT_TRUE(built) << built.error();
  auto hello = ReadClientHello(built.value().record);
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello.value().client_version, kTls10);
}

TEST(OpenSslHello, FailsClearlyWhenTheCipherListSelectsNothing) {
  OpenSslSenderConfig sender;
  sender.cipher_list = "NOSUCHWORD";
  auto built = BuildOpenSslHello(sender);
  ASSERT_FALSE(built);
  EXPECT_NE(built.error().find("NOSUCHWORD"), std::string::npos);
}

TEST(OpenSslHello, NamesWeakWordsThisLibsslLacks) {
  const auto missing = WeakWordsMissingHere("HIGH:MEDIUM:+RC4:!3DES");
  // Debian's libssl has neither; other builds may have both.
  for (const std::string& word : missing) EXPECT_TRUE(word == "RC4" || word == "3DES") << word;
  EXPECT_TRUE(WeakWordsMissingHere("HIGH:MEDIUM").empty());
}

}  // namespace
}  // namespace schannel_emu
