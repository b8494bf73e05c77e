#include "fuzz/tls_fixture.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace schannel_emu::fuzz {
namespace {

constexpr int kPrimeBits = 512;
constexpr unsigned long kPublicExponent = 65537;

struct BnFree {
  void operator()(BIGNUM* number) const { BN_clear_free(number); }
};
struct CtxFree {
  void operator()(BN_CTX* context) const { BN_CTX_free(context); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

[[noreturn]] void Die(std::string_view step) {
  std::fprintf(stderr, "fuzz credentials: %.*s failed; libcrypto must support RSA\n",
               static_cast<int>(step.size()), step.data());
  std::abort();
}

Bn NewBn() {
  Bn number(BN_new());
  if (!number) Die("BN_new");
  return number;
}

// NextPrime draws a 512-bit odd candidate with its top two bits set (so p*q has
// exactly 1024 bits) and walks up by two until it is a prime with gcd(p-1, e) = 1.
Bn NextPrime(RandomSource& random, BN_CTX* context) {
  std::array<std::uint8_t, kPrimeBits / 8> bytes{};
  random.Fill(bytes);
  bytes[0] |= 0xc0;
  bytes[bytes.size() - 1] |= 0x01;
  Bn candidate(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!candidate) Die("BN_bin2bn");

  Bn minus_one = NewBn();
  Bn gcd = NewBn();
  Bn exponent = NewBn();
  BN_set_word(exponent.get(), kPublicExponent);
  for (int tries = 0; tries < 100000; ++tries) {
    if (BN_check_prime(candidate.get(), context, nullptr) == 1) {
      BN_copy(minus_one.get(), candidate.get());
      BN_sub_word(minus_one.get(), 1);
      BN_gcd(gcd.get(), minus_one.get(), exponent.get(), context);
      if (BN_is_one(gcd.get())) return candidate;
    }
    BN_add_word(candidate.get(), 2);
  }
  Die("the prime search");
}

EVP_PKEY* BuildKey() {
  std::unique_ptr<BN_CTX, CtxFree> context(BN_CTX_new());
  if (!context) Die("BN_CTX_new");
  DeterministicRandom random(0xf022'4e75);
  const Bn p = NextPrime(random, context.get());
  const Bn q = NextPrime(random, context.get());

  Bn n = NewBn(), e = NewBn(), d = NewBn(), p1 = NewBn(), q1 = NewBn(), phi = NewBn();
  Bn dmp1 = NewBn(), dmq1 = NewBn(), iqmp = NewBn();
  BN_set_word(e.get(), kPublicExponent);
  BN_mul(n.get(), p.get(), q.get(), context.get());
  BN_sub(p1.get(), p.get(), BN_value_one());
  BN_sub(q1.get(), q.get(), BN_value_one());
  BN_mul(phi.get(), p1.get(), q1.get(), context.get());
  if (BN_mod_inverse(d.get(), e.get(), phi.get(), context.get()) == nullptr ||
      BN_mod(dmp1.get(), d.get(), p1.get(), context.get()) != 1 ||
      BN_mod(dmq1.get(), d.get(), q1.get(), context.get()) != 1 ||
      BN_mod_inverse(iqmp.get(), q.get(), p.get(), context.get()) == nullptr) {
    Die("the RSA exponents");
  }

  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  if (builder == nullptr) Die("OSSL_PARAM_BLD_new");
  const bool pushed =
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, n.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, e.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_D, d.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_EXPONENT1, dmp1.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_EXPONENT2, dmq1.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, iqmp.get()) == 1;
  OSSL_PARAM* params = pushed ? OSSL_PARAM_BLD_to_param(builder) : nullptr;
  OSSL_PARAM_BLD_free(builder);
  if (params == nullptr) Die("the RSA parameters");

  EVP_PKEY_CTX* key_context = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  const bool built = key_context != nullptr && EVP_PKEY_fromdata_init(key_context) == 1 &&
                     EVP_PKEY_fromdata(key_context, &key, EVP_PKEY_KEYPAIR, params) == 1;
  EVP_PKEY_CTX_free(key_context);
  OSSL_PARAM_free(params);
  if (!built) Die("EVP_PKEY_fromdata");
  return key;
}

// BuildCertificate signs a fixed certificate for the key: serial 1, CN
// fuzz.schannel-emu.invalid, valid for ten years from kFuzzNow. PKCS #1 v1.5
// signatures are deterministic, so the DER is the same in every process.
Bytes BuildCertificate(EVP_PKEY* key) {
  X509* certificate = X509_new();
  if (certificate == nullptr) Die("X509_new");
  X509_NAME* name = X509_get_subject_name(certificate);
  const auto* common_name = reinterpret_cast<const unsigned char*>("fuzz.schannel-emu.invalid");
  constexpr std::int64_t kTenYears = 10LL * 365 * 24 * 3600;
  const bool filled =
      X509_set_version(certificate, 2) == 1 &&
      ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0) == 1 &&
      X509_set_issuer_name(certificate, name) == 1 &&
      ASN1_TIME_set(X509_getm_notBefore(certificate), static_cast<time_t>(kFuzzNow)) != nullptr &&
      ASN1_TIME_set(X509_getm_notAfter(certificate), static_cast<time_t>(kFuzzNow + kTenYears)) !=
          nullptr &&
      X509_set_pubkey(certificate, key) == 1 && X509_sign(certificate, key, EVP_sha256()) > 0;
  unsigned char* der = nullptr;
  const int length = filled ? i2d_X509(certificate, &der) : -1;
  X509_free(certificate);
  if (length <= 0) Die("signing the certificate");
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

ServerCredentials MakeCredentials() {
  ServerCredentials credentials;
  EVP_PKEY* key = BuildKey();
  credentials.certificate_der = BuildCertificate(key);
  credentials.private_key = ShareKey(key);
  return credentials;
}

TlsEngineOptions Options(const Profile& profile, RandomSource& random, SessionCache& cache) {
  TlsEngineOptions options;
  options.profile = &profile;
  options.credentials = &FuzzCredentials();
  options.random = &random;
  options.cache = &cache;
  options.now_seconds = kFuzzNow;
  return options;
}

}  // namespace

const ServerCredentials& FuzzCredentials() {
  static const ServerCredentials credentials = MakeCredentials();
  return credentials;
}

FuzzEngine::FuzzEngine(const Profile& profile) : engine(Options(profile, random, cache)) {}

const Profile& ProfileForSelector(unsigned selector) {
  const auto& profiles = BuiltinProfiles();
  return profiles[selector % profiles.size()];
}

unsigned SelectorForProfile(const char* name) {
  const auto& profiles = BuiltinProfiles();
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    if (profiles[i].name == name) return static_cast<unsigned>(i);
  }
  return 0;
}

}  // namespace schannel_emu::fuzz
