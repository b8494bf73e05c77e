#include "emulator/core/tls/server_credentials.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace schannel_emu {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};

std::unique_ptr<BIO, BioFree> ReadOnlyBio(std::string_view text) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

std::shared_ptr<EVP_PKEY> ShareKey(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, [](EVP_PKEY* owned) { EVP_PKEY_free(owned); });
}

Expected<ServerCredentials, std::string> LoadCredentialsPem(std::string_view cert_pem,
                                                            std::string_view key_pem) {
  auto cert_bio = ReadOnlyBio(cert_pem);
  std::unique_ptr<X509, X509Free> certificate(
      cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!certificate) {
    return Unexpected(
        std::string("the certificate is not a PEM certificate; give a file that starts with "
                    "-----BEGIN CERTIFICATE-----"));
  }

  auto key_bio = ReadOnlyBio(key_pem);
  // A null password callback with an empty password makes an encrypted key fail
  // instead of prompting on the terminal.
  char empty_password[] = "";
  EVP_PKEY* raw_key =
      key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, empty_password) : nullptr;
  if (raw_key == nullptr) {
    return Unexpected(std::string(
        "the private key is not an unencrypted PEM private key; give a file that starts with "
        "-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----"));
  }
  ServerCredentials credentials;
  credentials.private_key = ShareKey(raw_key);

  if (EVP_PKEY_is_a(raw_key, "RSA") != 1) {
    return Unexpected(std::string(
        "the private key is not an RSA key; the emulated server only does RSA key exchange, "
        "so give an RSA key and certificate"));
  }
  if (X509_check_private_key(certificate.get(), raw_key) != 1) {
    return Unexpected(std::string(
        "the private key does not belong to the certificate; give the key the certificate was "
        "issued for"));
  }

  const int der_length = i2d_X509(certificate.get(), nullptr);
  if (der_length <= 0) {
    return Unexpected(std::string("the certificate cannot be re-encoded as DER; reissue it"));
  }
  credentials.certificate_der.resize(static_cast<std::size_t>(der_length));
  unsigned char* cursor = credentials.certificate_der.data();
  i2d_X509(certificate.get(), &cursor);
  return credentials;
}

}  // namespace schannel_emu
