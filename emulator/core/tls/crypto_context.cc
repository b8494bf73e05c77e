#include "emulator/core/tls/crypto_context.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/provider.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace schannel_emu {
namespace {

// LastOpenSslError drains libcrypto's error queue of this thread and returns the
// most recent entry as text, so that an error message can say what libcrypto said.
std::string LastOpenSslError() {
  unsigned long code = 0;  // NOLINT(runtime/int): the type ERR_get_error returns
  unsigned long last = 0;  // NOLINT(runtime/int)
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return "no detail from libcrypto";
  char text[256];
  ERR_error_string_n(last, text, sizeof(text));
  return text;
}

struct CryptoState {
  CryptoAlgorithms algorithms;
  std::string error;  // non-empty when the default provider is unusable
};

std::string MissingAlgorithm(std::string_view name) {
  return "libcrypto's default provider has no " + std::string(name) + " (" + LastOpenSslError() +
         "); check that OpenSSL 3 is installed completely and OPENSSL_CONF does not disable it";
}

// Build loads both providers into a fresh library context and fetches everything.
// Both providers must sit in the same context: the legacy provider alone has no AES
// and no SHA-1, the default provider alone has no RC4 and no single DES.
CryptoState Build() {
  CryptoState state;
  CryptoAlgorithms& a = state.algorithms;

  a.library_context = OSSL_LIB_CTX_new();
  if (a.library_context == nullptr) {
    state.error = "cannot create a libcrypto library context (" + LastOpenSslError() + ")";
    return state;
  }

  if (OSSL_PROVIDER_load(a.library_context, "default") == nullptr) {
    state.error = "cannot load libcrypto's default provider (" + LastOpenSslError() +
                  "); check the OpenSSL 3 installation and OPENSSL_MODULES";
    return state;
  }

  struct DigestSlot {
    EVP_MD** slot;
    const char* name;
  };
  for (DigestSlot d : {DigestSlot{&a.md5, "MD5"}, DigestSlot{&a.sha1, "SHA1"}}) {
    *d.slot = EVP_MD_fetch(a.library_context, d.name, nullptr);
    if (*d.slot == nullptr) {
      state.error = MissingAlgorithm(d.name);
      return state;
    }
  }

  a.hmac = EVP_MAC_fetch(a.library_context, "HMAC", nullptr);
  if (a.hmac == nullptr) {
    state.error = MissingAlgorithm("HMAC");
    return state;
  }

  a.tls1_prf = EVP_KDF_fetch(a.library_context, "TLS1-PRF", nullptr);
  if (a.tls1_prf == nullptr) {
    state.error = MissingAlgorithm("TLS1-PRF");
    return state;
  }

  struct CipherSlot {
    EVP_CIPHER** slot;
    const char* name;
  };
  for (CipherSlot c :
       {CipherSlot{&a.des_ede3_cbc, "DES-EDE3-CBC"}, CipherSlot{&a.aes_128_cbc, "AES-128-CBC"},
        CipherSlot{&a.aes_256_cbc, "AES-256-CBC"}}) {
    *c.slot = EVP_CIPHER_fetch(a.library_context, c.name, nullptr);
    if (*c.slot == nullptr) {
      state.error = MissingAlgorithm(c.name);
      return state;
    }
  }

  // Without the legacy provider the AES and 3DES suites still work, so its absence
  // is recorded and reported only when an RC4 or DES suite is asked for.
  if (OSSL_PROVIDER_load(a.library_context, "legacy") == nullptr) {
    a.legacy_error = "cannot load libcrypto's legacy provider, which holds RC4 and DES (" +
                     LastOpenSslError() +
                     "); install it (Debian: package libssl3, file ossl-modules/legacy.so) "
                     "or point OPENSSL_MODULES at the folder that holds legacy.so";
    return state;
  }
  a.rc4 = EVP_CIPHER_fetch(a.library_context, "RC4", nullptr);
  a.des_cbc = EVP_CIPHER_fetch(a.library_context, "DES-CBC", nullptr);
  if (a.rc4 == nullptr || a.des_cbc == nullptr) {
    a.legacy_error = "libcrypto's legacy provider loaded but lacks RC4 or DES-CBC (" +
                     LastOpenSslError() + "); check the OpenSSL 3 installation";
  }
  return state;
}

const CryptoState& State() {
  // A function-local static is initialised exactly once even with concurrent
  // callers (C++11 and later), and is never destroyed before the last use at exit
  // because nothing frees it.
  static const CryptoState* const state = new CryptoState(Build());
  return *state;
}

}  // namespace

Expected<const CryptoAlgorithms*, std::string> TlsCrypto() {
  const CryptoState& state = State();
  if (!state.error.empty()) return Unexpected{state.error};
  return &state.algorithms;
}

const CryptoAlgorithms& RequireTlsCrypto() {
  auto crypto = TlsCrypto();
  if (!crypto) {
    std::fprintf(stderr, "schannel-emu: %s\n", crypto.error().c_str());
    std::abort();
  }
  return **crypto;
}

}  // namespace schannel_emu
