// DecryptPreMasterSecret: RSA key exchange with the Bleichenbacher countermeasure.
#pragma once

#include <openssl/evp.h>

#include <cstdint>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/random.h"
#include "emulator/core/tls/rsa_decryption_pool.h"

namespace schannel_emu {

inline constexpr std::size_t kPreMasterSecretLength = 48;

struct PreMasterSecret {
  Bytes secret;  // always 48 bytes
  // substituted is true when the random stand-in was used. Nothing the peer can
  // observe depends on it before Finished fails; it is for events and tests only.
  bool substituted = false;
};

// DecryptPreMasterSecret decrypts the RSA-encrypted pre-master secret as RFC 2246
// 7.4.7.1 (and RFC 5246 7.4.7.1) asks of a server: 48 random bytes are drawn
// first, and whenever the PKCS#1 v1.5 block does not decrypt, has the wrong
// length, or carries a version other than the accepted ones, the random bytes are
// used instead, silently, so that the handshake fails only at Finished and a
// padding oracle learns nothing. OpenSSL 3.2 and later add implicit rejection
// inside EVP_PKEY_decrypt (a synthetic message instead of an error); 3.0 does
// not. Both end in the same place here, because any result that is not a 48-byte
// block with an accepted version is replaced.
//
// accepted_version_a is the ClientHello's client_version (the rollback check of
// RFC 2246). accepted_version_b is the negotiated version: some old clients put
// that instead, RFC 5246 7.4.7.1 allows a server to accept it, and how tolerant
// Windows was is not documented, so the emulator takes both.
//
// The decryption runs on a context leased from `pool`, which must have been made
// for private_key's credentials.
PreMasterSecret DecryptPreMasterSecret(EVP_PKEY* private_key, RsaDecryptionPool& pool,
                                       ByteView encrypted, std::uint16_t accepted_version_a,
                                       std::uint16_t accepted_version_b, RandomSource& random);

}  // namespace schannel_emu
