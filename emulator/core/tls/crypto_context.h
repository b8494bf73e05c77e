// The libcrypto library context of the TLS layer and the algorithms fetched from it once.
#pragma once

#include <openssl/types.h>

#include <string>

#include "emulator/core/base/expected.h"

namespace schannel_emu {

// CryptoAlgorithms are the libcrypto algorithm objects the record layer and the key
// derivation use. Fetching an algorithm costs a provider lookup, so each is fetched
// once and shared; the objects are immutable and safe to use from any thread.
// The legacy entries (rc4, des_cbc) are null when the legacy provider could not be
// loaded; legacy_error then says why.
struct CryptoAlgorithms {
  OSSL_LIB_CTX* library_context = nullptr;
  EVP_MD* md5 = nullptr;
  EVP_MD* sha1 = nullptr;
  EVP_MAC* hmac = nullptr;
  EVP_KDF* tls1_prf = nullptr;
  EVP_CIPHER* des_ede3_cbc = nullptr;
  EVP_CIPHER* aes_128_cbc = nullptr;
  EVP_CIPHER* aes_256_cbc = nullptr;
  EVP_CIPHER* rc4 = nullptr;      // legacy provider
  EVP_CIPHER* des_cbc = nullptr;  // legacy provider
  std::string legacy_error;       // empty when rc4 and des_cbc are available
};

// TlsCrypto returns the process-wide library context, created on first use (thread
// safe) with the default and the legacy provider, and every algorithm fetched. It
// returns an error text when the default provider or one of its algorithms is
// missing: then no suite works. A missing legacy provider is not an error here; it
// only disables RC4 and DES, and RecordProtection::Create reports it for those.
// The context lives until the process exits.
Expected<const CryptoAlgorithms*, std::string> TlsCrypto();

// RequireTlsCrypto is TlsCrypto for code that has no way to report the failure
// (key derivation): it aborts the process with the error text on stderr. A start-up
// check that calls TlsCrypto first turns that abort into a clear message.
const CryptoAlgorithms& RequireTlsCrypto();

}  // namespace schannel_emu
