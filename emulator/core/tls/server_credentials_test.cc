#include "emulator/core/tls/server_credentials.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include "emulator/core/tls/self_signed.h"

namespace schannel_emu {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(LoadCredentialsPem, RefusesTextThatIsNotACertificate) {
  auto loaded = LoadCredentialsPem("hello", "world");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("BEGIN CERTIFICATE"), std::string::npos);
}

TEST(LoadCredentialsPem, RefusesAKeyThatDoesNotBelongToTheCertificate) {
  DeterministicRandom random(1);
  auto first = GenerateSelfSignedCredentials(1024, "sha256", "a.test", random, kNow);
  auto second = GenerateSelfSignedCredentials(1024, "sha256", "b.test", random, kNow);
  ASSERT_TRUE(first.has_value() && second.has_value());
  auto loaded = LoadCredentialsPem(first->certificate_pem, second->private_key_pem);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("does not belong"), std::string::npos);
}

TEST(LoadCredentialsPem, RefusesANonRsaKey) {
  EVP_PKEY* ec_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  ASSERT_NE(ec_key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, ec_key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  const std::string key_pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(ec_key);

  DeterministicRandom random(2);
  auto made = GenerateSelfSignedCredentials(1024, "sha256", "a.test", random, kNow);
  ASSERT_TRUE(made.has_value());
  auto loaded = LoadCredentialsPem(made->certificate_pem, key_pem);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().find("not an RSA key"), std::string::npos);
}

}  // namespace
}  // namespace schannel_emu
