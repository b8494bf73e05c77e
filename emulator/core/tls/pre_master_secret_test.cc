#include "emulator/core/tls/pre_master_secret.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include <memory>
#include <thread>
#include <vector>

#include "emulator/core/base/tls_constants.h"
#include "emulator/core/tls/self_signed.h"

namespace schannel_emu {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

const ServerCredentials& TestCredentials() {
  static const ServerCredentials credentials = [] {
    DeterministicRandom random(41);
    auto made = GenerateSelfSignedCredentials(1024, "sha256", "mail.example.test", random, kNow);
    if (!made) std::abort();
    return made->credentials;
  }();
  return credentials;
}

// Encrypt is what a client sends in its ClientKeyExchange: `plaintext` in a PKCS#1
// v1.5 block under the server's public key.
Bytes Encrypt(EVP_PKEY* key, const Bytes& plaintext) {
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  std::size_t length = 0;
  Bytes out;
  if (context != nullptr && EVP_PKEY_encrypt_init(context) == 1 &&
      EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
      EVP_PKEY_encrypt(context, nullptr, &length, plaintext.data(), plaintext.size()) == 1) {
    out.resize(length);
    if (EVP_PKEY_encrypt(context, out.data(), &length, plaintext.data(), plaintext.size()) != 1) {
      out.clear();
    }
  }
  EVP_PKEY_CTX_free(context);
  return out;
}

Bytes PreMaster(std::uint16_t version) {
  Bytes secret(kPreMasterSecretLength);
  secret[0] = static_cast<std::uint8_t>(version >> 8);
  secret[1] = static_cast<std::uint8_t>(version);
  for (std::size_t i = 2; i < secret.size(); ++i) secret[i] = static_cast<std::uint8_t>(i * 7);
  return secret;
}

TEST(DecryptPreMasterSecret, ReturnsTheClientsSecretWhenBlockAndVersionAreRight) {
  const ServerCredentials& credentials = TestCredentials();
  EVP_PKEY* key = credentials.private_key.get();
  DeterministicRandom random(1);
  const Bytes secret = PreMaster(kTls10);

  const PreMasterSecret result = DecryptPreMasterSecret(
      key, *credentials.decryption, Encrypt(key, secret), kTls10, kTls10, random);
  EXPECT_FALSE(result.substituted);
  EXPECT_EQ(result.secret, secret);
}

TEST(DecryptPreMasterSecret, AcceptsTheNegotiatedVersionInPlaceOfTheClientVersion) {
  const ServerCredentials& credentials = TestCredentials();
  EVP_PKEY* key = credentials.private_key.get();
  DeterministicRandom random(2);
  const Bytes secret = PreMaster(kTls10);

  const PreMasterSecret result =
      DecryptPreMasterSecret(key, *credentials.decryption, Encrypt(key, secret),
                             /*client_version=*/0x0303, kTls10, random);
  EXPECT_FALSE(result.substituted);
  EXPECT_EQ(result.secret, secret);
}

TEST(DecryptPreMasterSecret, SubstitutesRandomBytesForAnotherVersion) {
  const ServerCredentials& credentials = TestCredentials();
  EVP_PKEY* key = credentials.private_key.get();
  DeterministicRandom random(3);

  const PreMasterSecret result = DecryptPreMasterSecret(
      key, *credentials.decryption, Encrypt(key, PreMaster(kSsl3)), kTls10, kTls10, random);
  EXPECT_TRUE(result.substituted);
  EXPECT_EQ(result.secret.size(), kPreMasterSecretLength);
  EXPECT_NE(result.secret, PreMaster(kSsl3));
}

TEST(DecryptPreMasterSecret, SubstitutesForABlockThatDoesNotDecryptAndLeavesNoError) {
  const ServerCredentials& credentials = TestCredentials();
  EVP_PKEY* key = credentials.private_key.get();
  DeterministicRandom random(4);
  Bytes damaged = Encrypt(key, PreMaster(kTls10));
  damaged[damaged.size() / 2] ^= 0x01;

  const PreMasterSecret result =
      DecryptPreMasterSecret(key, *credentials.decryption, damaged, kTls10, kTls10, random);
  EXPECT_TRUE(result.substituted);
  EXPECT_EQ(result.secret.size(), kPreMasterSecretLength);
  EXPECT_EQ(ERR_peek_error(), 0UL);

  // The context went back to the pool and still decrypts a good block.
  const Bytes secret = PreMaster(kTls10);
  const PreMasterSecret next = DecryptPreMasterSecret(key, *credentials.decryption,
                                                      Encrypt(key, secret), kTls10, kTls10, random);
  EXPECT_FALSE(next.substituted);
  EXPECT_EQ(next.secret, secret);
}

TEST(RsaDecryptionPool, ReusesAReturnedContextForTheSameKey) {
  const ServerCredentials& credentials = TestCredentials();
  RsaDecryptionPool pool;
  EVP_PKEY_CTX* first = nullptr;
  {
    const RsaDecryptionPool::Lease lease = pool.Take(credentials.private_key.get());
    first = lease.get();
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(pool.idle(), 0U);
  }
  EXPECT_EQ(pool.idle(), 1U);
  const RsaDecryptionPool::Lease again = pool.Take(credentials.private_key.get());
  EXPECT_EQ(again.get(), first);
}

TEST(RsaDecryptionPool, GivesLeasesHeldAtTheSameTimeDifferentContexts) {
  const ServerCredentials& credentials = TestCredentials();
  RsaDecryptionPool pool;
  const RsaDecryptionPool::Lease a = pool.Take(credentials.private_key.get());
  const RsaDecryptionPool::Lease b = pool.Take(credentials.private_key.get());
  EXPECT_NE(a.get(), b.get());
}

TEST(RsaDecryptionPool, DropsIdleContextsOfAnotherKey) {
  DeterministicRandom random(5);
  auto other = GenerateSelfSignedCredentials(1024, "sha256", "other.example.test", random, kNow);
  ASSERT_TRUE(other.has_value()) << other.error();
  const ServerCredentials& credentials = TestCredentials();
  RsaDecryptionPool pool;
  { const RsaDecryptionPool::Lease lease = pool.Take(other->credentials.private_key.get()); }
  ASSERT_EQ(pool.idle(), 1U);

  const RsaDecryptionPool::Lease lease = pool.Take(credentials.private_key.get());
  ASSERT_NE(lease.get(), nullptr);
  EXPECT_EQ(EVP_PKEY_CTX_get0_pkey(lease.get()), credentials.private_key.get());
  EXPECT_EQ(pool.idle(), 0U);
}

TEST(RsaDecryptionPool, KeepsNoMoreThanItsLimitOfIdleContexts) {
  const ServerCredentials& credentials = TestCredentials();
  RsaDecryptionPool pool;
  {
    std::vector<std::unique_ptr<RsaDecryptionPool::Lease>> leases;
    for (std::size_t i = 0; i < RsaDecryptionPool::kMaxIdle + 5; ++i) {
      leases.push_back(
          std::make_unique<RsaDecryptionPool::Lease>(pool.Take(credentials.private_key.get())));
    }
  }
  EXPECT_EQ(pool.idle(), RsaDecryptionPool::kMaxIdle);
}

TEST(DecryptPreMasterSecret, DecryptsCorrectlyFromSeveralThreadsSharingOnePool) {
  const ServerCredentials& credentials = TestCredentials();
  EVP_PKEY* key = credentials.private_key.get();
  const Bytes secret = PreMaster(kTls10);
  const Bytes block = Encrypt(key, secret);

  std::vector<int> correct(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < correct.size(); ++t) {
    threads.emplace_back([&, t] {
      DeterministicRandom random(100 + t);
      for (int i = 0; i < 25; ++i) {
        const PreMasterSecret result =
            DecryptPreMasterSecret(key, *credentials.decryption, block, kTls10, kTls10, random);
        if (!result.substituted && result.secret == secret) ++correct[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int count : correct) EXPECT_EQ(count, 25);
}

}  // namespace
}  // namespace schannel_emu
