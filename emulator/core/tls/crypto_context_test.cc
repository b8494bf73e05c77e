#include "emulator/core/tls/crypto_context.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(TlsCryptoTest, FetchesEveryAlgorithmFromDefaultAndLegacyProviders) {
  auto crypto = TlsCrypto();
  ASSERT_TRUE(crypto.has_value()) << crypto.error();
  const CryptoAlgorithms& a = **crypto;
  EXPECT_NE(a.md5, nullptr);
  EXPECT_NE(a.sha1, nullptr);
  EXPECT_NE(a.hmac, nullptr);
  EXPECT_NE(a.tls1_prf, nullptr);
  EXPECT_NE(a.des_ede3_cbc, nullptr);
  EXPECT_NE(a.aes_128_cbc, nullptr);
  EXPECT_NE(a.aes_256_cbc, nullptr);
  EXPECT_NE(a.rc4, nullptr) << a.legacy_error;
  EXPECT_NE(a.des_cbc, nullptr) << a.legacy_error;
  EXPECT_TRUE(a.legacy_error.empty()) << a.legacy_error;
}

TEST(TlsCryptoTest, ReturnsTheSameContextOnEveryCall) {
  auto first = TlsCrypto();
  auto second = TlsCrypto();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ((*first)->library_context, (*second)->library_context);
}

}  // namespace
}  // namespace schannel_emu
