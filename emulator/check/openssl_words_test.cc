#include "emulator/check/openssl_words.h"

#include <gtest/gtest.h>

#include "emulator/check/test_support.h"

namespace schannel_emu {
namespace {

TEST(OpenSslWords, ReproducesTheCustomersListAfterPostfixsExclusions) {
  const auto original = testing::ReadSuiteFile("fixtures/customer/original-suites.txt");
  const auto excluded = testing::ReadSuiteFile("fixtures/customer/excluded-suites.txt");
  const std::vector<std::string_view> words = {"MD5",  "aDSS", "kECDH", "kDH",
                                               "SEED", "IDEA", "RC2",   "RC5"};
  EXPECT_EQ(ApplyModelExclusions(original, words), excluded);
}

TEST(OpenSslWords, MatchesWordsByMacAuthenticationKeyExchangeAndCipher) {
  EXPECT_TRUE(ModelMatchesWord(0x0004, "MD5"));
  EXPECT_FALSE(ModelMatchesWord(0x0005, "MD5"));
  EXPECT_TRUE(ModelMatchesWord(0x00a3, "aDSS"));   // DHE-DSS
  EXPECT_FALSE(ModelMatchesWord(0x00a5, "aDSS"));  // static DH-DSS authenticates with DH
  EXPECT_TRUE(ModelMatchesWord(0x00a5, "kDH"));
  EXPECT_TRUE(ModelMatchesWord(0xc032, "kECDH"));
  EXPECT_FALSE(ModelMatchesWord(0xc030, "kECDH"));  // ECDHE is not static ECDH
  EXPECT_TRUE(ModelMatchesWord(0xc030, "ECDHE"));
  EXPECT_TRUE(ModelMatchesWord(0xc02c, "aECDSA"));
  EXPECT_TRUE(ModelMatchesWord(0x009d, "AESGCM"));
  EXPECT_FALSE(ModelMatchesWord(0x009d, "SHA384"));  // AEAD suites have no MAC
  EXPECT_TRUE(ModelMatchesWord(0x003d, "SHA256"));
  EXPECT_TRUE(ModelMatchesWord(0x000a, "3DES"));
  EXPECT_TRUE(ModelMatchesWord(0x0041, "CAMELLIA"));
}

TEST(OpenSslWords, LeavesTls13SuitesSignallingValuesAndUnknownWordsAlone) {
  EXPECT_FALSE(ModelMatchesWord(0x1301, "AESGCM"));
  EXPECT_FALSE(ModelMatchesWord(0x00ff, "MD5"));
  EXPECT_FALSE(ModelMatchesWord(0x0004, "NOSUCHWORD"));
  EXPECT_FALSE(ModelMatchesWord(0x0004, "RC5"));
}

}  // namespace
}  // namespace schannel_emu
