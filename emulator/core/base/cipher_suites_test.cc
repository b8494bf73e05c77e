#include "emulator/core/base/cipher_suites.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace schannel_emu {
namespace {

TEST(FindCipherSuite, DescribesRc4Md5) {
  const auto suite = FindCipherSuite(0x0004);

  ASSERT_TRUE(suite);
  EXPECT_EQ(suite->openssl_name, "RC4-MD5");
  EXPECT_EQ(suite->iana_name, "TLS_RSA_WITH_RC4_128_MD5");
  EXPECT_EQ(suite->key_exchange, KeyExchange::kRsa);
  EXPECT_EQ(suite->cipher, BulkCipher::kRc4_128);
  EXPECT_EQ(suite->mac, MacAlgorithm::kMd5);
  EXPECT_EQ(suite->key_length, 16u);
  EXPECT_EQ(suite->iv_length, 0u);
  EXPECT_EQ(suite->block_length, 0u);
  EXPECT_FALSE(suite->is_export);
  EXPECT_TRUE(suite->negotiable);
}

TEST(FindCipherSuite, DescribesRc4Sha) {
  const auto suite = FindCipherSuite(0x0005);

  ASSERT_TRUE(suite);
  EXPECT_EQ(suite->openssl_name, "RC4-SHA");
  EXPECT_EQ(suite->cipher, BulkCipher::kRc4_128);
  EXPECT_EQ(suite->mac, MacAlgorithm::kSha1);
  EXPECT_EQ(suite->key_length, 16u);
  EXPECT_TRUE(suite->negotiable);
}

TEST(FindCipherSuite, DescribesTripleDes) {
  const auto suite = FindCipherSuite(0x000a);

  ASSERT_TRUE(suite);
  EXPECT_EQ(suite->openssl_name, "DES-CBC3-SHA");
  EXPECT_EQ(suite->cipher, BulkCipher::kTripleDes);
  EXPECT_EQ(suite->key_length, 24u);
  EXPECT_EQ(suite->iv_length, 8u);
  EXPECT_EQ(suite->block_length, 8u);
  EXPECT_EQ(suite->mac, MacAlgorithm::kSha1);
}

TEST(FindCipherSuite, DescribesBothAesSuitesOfTheHotfix) {
  const auto aes128 = FindCipherSuite(0x002f);
  const auto aes256 = FindCipherSuite(0x0035);

  ASSERT_TRUE(aes128 && aes256);
  EXPECT_EQ(aes128->openssl_name, "AES128-SHA");
  EXPECT_EQ(aes128->cipher, BulkCipher::kAes128);
  EXPECT_EQ(aes128->key_length, 16u);
  EXPECT_EQ(aes256->openssl_name, "AES256-SHA");
  EXPECT_EQ(aes256->iana_name, "TLS_RSA_WITH_AES_256_CBC_SHA");
  EXPECT_EQ(aes256->cipher, BulkCipher::kAes256);
  EXPECT_EQ(aes256->key_length, 32u);
  for (const auto& aes : {*aes128, *aes256}) {
    EXPECT_EQ(aes.key_exchange, KeyExchange::kRsa);
    EXPECT_EQ(aes.iv_length, 16u);
    EXPECT_EQ(aes.block_length, 16u);
    EXPECT_EQ(aes.mac, MacAlgorithm::kSha1);
    EXPECT_TRUE(aes.negotiable);
  }
}

TEST(FindCipherSuite, ReturnsNothingForSuitesTheLegacyPeerLacks) {
  EXPECT_FALSE(FindCipherSuite(0xc02f).has_value());  // ECDHE-RSA-AES128-GCM-SHA256
  EXPECT_FALSE(FindCipherSuite(0x009c).has_value());  // AES128-GCM-SHA256
  EXPECT_FALSE(FindCipherSuite(0x1301).has_value());  // TLS 1.3
  EXPECT_FALSE(FindCipherSuite(0x00ff).has_value());  // SCSV names no suite
  EXPECT_FALSE(FindCipherSuite(0x0000).has_value());
}

TEST(FindCipherSuite, MarksDssAndExportSuitesAsJudgedButNotNegotiated) {
  const auto dhe_dss = FindCipherSuite(0x0013);
  const auto export_rc4 = FindCipherSuite(0x0003);

  ASSERT_TRUE(dhe_dss && export_rc4);
  EXPECT_TRUE(NeedsDssCertificate(dhe_dss->key_exchange));
  EXPECT_FALSE(dhe_dss->negotiable);
  EXPECT_TRUE(export_rc4->is_export);
  EXPECT_FALSE(export_rc4->negotiable);
  EXPECT_FALSE(NeedsDssCertificate(KeyExchange::kRsa));
}

TEST(AllKnownCipherSuites, ListsEveryEntryOnceInCodeOrder) {
  const auto suites = AllKnownCipherSuites();

  ASSERT_FALSE(suites.empty());
  EXPECT_TRUE(std::is_sorted(suites.begin(), suites.end(),
                             [](const auto& a, const auto& b) { return a.code < b.code; }));
  EXPECT_EQ(std::adjacent_find(suites.begin(), suites.end(),
                               [](const auto& a, const auto& b) { return a.code == b.code; }),
            suites.end());
  for (const CipherSuiteInfo& suite : suites) {
    const auto found = FindCipherSuite(suite.code);
    ASSERT_TRUE(found) << suite.openssl_name;
    EXPECT_EQ(found->openssl_name, suite.openssl_name);
    // Block ciphers carry an IV of one block; stream and NULL ciphers carry neither.
    EXPECT_EQ(suite.iv_length, suite.block_length) << suite.openssl_name;
  }
}

TEST(MacLength, MatchesTheDigestSizes) {
  EXPECT_EQ(MacLength(MacAlgorithm::kMd5), 16u);
  EXPECT_EQ(MacLength(MacAlgorithm::kSha1), 20u);
}

TEST(IsSignallingSuite, RecognisesBothScsvsAndNothingElse) {
  EXPECT_TRUE(IsSignallingSuite(0x00ff));
  EXPECT_TRUE(IsSignallingSuite(0x5600));
  EXPECT_FALSE(IsSignallingSuite(0x0005));
  EXPECT_FALSE(IsSignallingSuite(0x00fe));
  EXPECT_FALSE(IsSignallingSuite(0x0056));
}

TEST(IsSsl2OnlySpec, SeparatesSsl2CiphersFromTlsSuites) {
  EXPECT_TRUE(IsSsl2OnlySpec(0x010080));   // SSL_CK_RC4_128_WITH_MD5
  EXPECT_TRUE(IsSsl2OnlySpec(0x0700c0));   // SSL_CK_DES_192_EDE3_CBC_WITH_MD5
  EXPECT_FALSE(IsSsl2OnlySpec(0x000004));  // RC4-MD5 as a TLS suite
  EXPECT_FALSE(IsSsl2OnlySpec(0x0000ff));
}

TEST(SuiteCodeText, WritesATlsSuiteAsFourLowercaseHexDigits) {
  EXPECT_EQ(SuiteCodeText(0x0005), "0x0005");
  EXPECT_EQ(SuiteCodeText(0xc02f), "0xc02f");
  EXPECT_EQ(SuiteCodeText(0x00ff), "0x00ff");
}

TEST(SuiteCodeText, WritesAnSsl2OnlySpecAsSixHexDigits) {
  EXPECT_EQ(SuiteCodeText(0x010080), "0x010080");
  EXPECT_EQ(SuiteCodeText(0x0700c0), "0x0700c0");
}

}  // namespace
}  // namespace schannel_emu
