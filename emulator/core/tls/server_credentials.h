// ServerCredentials: the RSA key and certificate the emulated server presents.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/tls/rsa_decryption_pool.h"

namespace schannel_emu {

// ServerCredentials is shared read-only by every connection. Only RSA keys: the
// Windows profiles negotiate RSA key exchange only (FACTS.md: "key exchange").
struct ServerCredentials {
  std::shared_ptr<EVP_PKEY> private_key;
  Bytes certificate_der;
  // Decryption contexts for private_key, shared by copies of these credentials
  // and by every connection that uses them (the pool is thread safe).
  std::shared_ptr<RsaDecryptionPool> decryption = std::make_shared<RsaDecryptionPool>();
};

// LoadCredentialsPem reads one PEM certificate and its PEM private key (PKCS#8
// or traditional RSA, unencrypted). On failure the error says which part is wrong
// and what to supply instead: an unreadable certificate or key, a key that is
// not RSA, or a key that does not belong to the certificate.
Expected<ServerCredentials, std::string> LoadCredentialsPem(std::string_view cert_pem,
                                                            std::string_view key_pem);

// ShareKey wraps a key the caller owns (one reference) into the shared pointer
// ServerCredentials holds.
std::shared_ptr<EVP_PKEY> ShareKey(EVP_PKEY* key);

}  // namespace schannel_emu
