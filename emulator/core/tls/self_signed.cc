#include "emulator/core/tls/self_signed.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <memory>

namespace schannel_emu {
namespace {

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BnFree {
  void operator()(BIGNUM* number) const { BN_free(number); }
};
struct ExtensionFree {
  void operator()(X509_EXTENSION* extension) const { X509_EXTENSION_free(extension); }
};

std::string Failed(std::string_view step) {
  return "could not create the self-signed certificate (" + std::string(step) +
         "); check that libcrypto supports RSA and the chosen hash";
}

bool AddExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtensionFree> extension(
      X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

}  // namespace

Expected<SelfSignedCredentials, std::string> GenerateSelfSignedCredentials(
    unsigned key_bits, std::string_view hash, std::string_view common_name, RandomSource& random,
    std::int64_t now_seconds) {
  if (key_bits < 1024 || key_bits > 8192) {
    return Unexpected(std::string("the key size must be between 1024 and 8192 bits"));
  }
  const std::string hash_name(hash);
  const EVP_MD* digest = EVP_get_digestbyname(hash_name.c_str());
  if (digest == nullptr) {
    return Unexpected("unknown certificate hash \"" + hash_name + "\"; use sha1 or sha256");
  }
  if (common_name.empty() || common_name.size() > 64) {
    return Unexpected(std::string("the certificate name must be 1 to 64 characters"));
  }

  EVP_PKEY* raw_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{key_bits});
  if (raw_key == nullptr) return Unexpected(Failed("RSA key generation"));
  SelfSignedCredentials result;
  result.credentials.private_key = ShareKey(raw_key);

  std::unique_ptr<X509, X509Free> certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), 2) != 1) {
    return Unexpected(Failed("X509_new"));
  }

  // A positive 127-bit serial from the caller's randomness (RFC 5280 4.1.2.2
  // allows up to 20 octets and asks for positive numbers).
  std::array<std::uint8_t, 16> serial_bytes{};
  random.Fill(serial_bytes);
  serial_bytes[0] = static_cast<std::uint8_t>((serial_bytes[0] & 0x7f) | 0x01);
  std::unique_ptr<BIGNUM, BnFree> serial(
      BN_bin2bn(serial_bytes.data(), static_cast<int>(serial_bytes.size()), nullptr));
  if (!serial ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) == nullptr) {
    return Unexpected(Failed("serial number"));
  }

  const time_t not_before = static_cast<time_t>(now_seconds - 24 * 3600);
  const time_t not_after = static_cast<time_t>(now_seconds + std::int64_t{3650} * 24 * 3600);
  if (ASN1_TIME_set(X509_getm_notBefore(certificate.get()), not_before) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(certificate.get()), not_after) == nullptr) {
    return Unexpected(Failed("validity"));
  }

  X509_NAME* name = X509_get_subject_name(certificate.get());
  const std::string name_text(common_name);
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(name_text.c_str()), -1, -1,
                                 0) != 1 ||
      X509_set_issuer_name(certificate.get(), name) != 1 ||
      X509_set_pubkey(certificate.get(), raw_key) != 1) {
    return Unexpected(Failed("subject"));
  }

  const std::string alt_name = "DNS:" + name_text;
  if (!AddExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExtension(certificate.get(), NID_key_usage,
                    "critical,digitalSignature,keyEncipherment") ||
      !AddExtension(certificate.get(), NID_ext_key_usage, "serverAuth") ||
      !AddExtension(certificate.get(), NID_subject_alt_name, alt_name.c_str())) {
    return Unexpected(Failed("extensions; the name must be a valid DNS name"));
  }

  if (X509_sign(certificate.get(), raw_key, digest) <= 0) {
    return Unexpected(Failed("signing with " + hash_name));
  }

  const int der_length = i2d_X509(certificate.get(), nullptr);
  if (der_length <= 0) return Unexpected(Failed("DER encoding"));
  result.credentials.certificate_der.resize(static_cast<std::size_t>(der_length));
  unsigned char* cursor = result.credentials.certificate_der.data();
  i2d_X509(certificate.get(), &cursor);

  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), certificate.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), raw_key, nullptr, nullptr, 0, nullptr, nullptr) !=
          1) {
    return Unexpected(Failed("PEM encoding"));
  }
  result.certificate_pem = BioText(cert_bio.get());
  result.private_key_pem = BioText(key_bio.get());
  return result;
}

}  // namespace schannel_emu
