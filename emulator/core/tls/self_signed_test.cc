#include "emulator/core/tls/self_signed.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace schannel_emu {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

std::unique_ptr<X509, decltype(&X509_free)> ParseDer(const Bytes& der) {
  const unsigned char* cursor = der.data();
  return {d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free};
}

TEST(GenerateSelfSignedCredentials, MakesAnRsaCertificateForTheNameSignedWithTheHash) {
  DeterministicRandom random(1);
  auto made = GenerateSelfSignedCredentials(1024, "sha1", "mail.example.test", random, kNow);
  ASSERT_TRUE(made.has_value()) << made.error();

  auto certificate = ParseDer(made->credentials.certificate_der);
  ASSERT_NE(certificate, nullptr);
  EXPECT_EQ(X509_get_signature_nid(certificate.get()), NID_sha1WithRSAEncryption);
  EXPECT_EQ(EVP_PKEY_get_bits(made->credentials.private_key.get()), 1024);
  EXPECT_EQ(X509_check_host(certificate.get(), "mail.example.test", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_verify(certificate.get(), X509_get0_pubkey(certificate.get())), 1);
  EXPECT_EQ(X509_cmp_time(X509_get0_notBefore(certificate.get()), nullptr), -1);
}

TEST(GenerateSelfSignedCredentials, ItsPemTextsLoadBackAsTheSameCredentials) {
  DeterministicRandom random(2);
  auto made = GenerateSelfSignedCredentials(1024, "sha256", "mx.example.test", random, kNow);
  ASSERT_TRUE(made.has_value()) << made.error();
  auto loaded = LoadCredentialsPem(made->certificate_pem, made->private_key_pem);
  ASSERT_TRUE(loaded.has_value()) << loaded.error();
  EXPECT_EQ(loaded->certificate_der, made->credentials.certificate_der);
  EXPECT_EQ(EVP_PKEY_eq(loaded->private_key.get(), made->credentials.private_key.get()), 1);
}

TEST(GenerateSelfSignedCredentials, RefusesBadParametersWithAMessage) {
  DeterministicRandom random(3);
  EXPECT_FALSE(GenerateSelfSignedCredentials(512, "sha256", "a.test", random, kNow).has_value());
  auto bad_hash = GenerateSelfSignedCredentials(1024, "nohash", "a.test", random, kNow);
  ASSERT_FALSE(bad_hash.has_value());
  EXPECT_NE(bad_hash.error().find("nohash"), std::string::npos);
  EXPECT_FALSE(GenerateSelfSignedCredentials(1024, "sha256", "", random, kNow).has_value());
}

}  // namespace
}  // namespace schannel_emu
