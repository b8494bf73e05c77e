// Key derivation of SSL 3.0 and TLS 1.0: PRF, master secret, key block and Finished.
#pragma once

#include <cstdint>
#include <string_view>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/tls/nested_hash.h"

namespace schannel_emu {

// Tls10Prf is PRF(secret, label, seed) of RFC 2246 section 5 (P_MD5 xor P_SHA1),
// computed with HMACs keyed once per call (NestedHash); it gives the same bytes as
// libcrypto's TLS1-PRF KDF with digest MD5-SHA1 at a fraction of the cost.
Bytes Tls10Prf(ByteView secret, std::string_view label, ByteView seed, std::size_t length);

// MasterSecret derives the 48-byte master secret from the pre-master secret, with
// SSL 3.0's MD5/SHA-1 construction (RFC 6101 6.1) when version is 0x0300 and the
// TLS 1.0 PRF otherwise.
Bytes MasterSecret(std::uint16_t version, ByteView pre_master_secret, ByteView client_random,
                   ByteView server_random);

// KeyBlock holds one connection's keys, split as RFC 2246 6.3 lays them out.
struct KeyBlock {
  Bytes client_mac_key;
  Bytes server_mac_key;
  Bytes client_key;
  Bytes server_key;
  Bytes client_iv;
  Bytes server_iv;
};

// DeriveKeyBlock expands the master secret for a suite (SSL 3.0 or TLS 1.0 rules).
// Export suites are not derived here: the engine does not negotiate them.
KeyBlock DeriveKeyBlock(std::uint16_t version, const CipherSuiteInfo& suite, ByteView master_secret,
                        ByteView client_random, ByteView server_random);

// HandshakeHash is the running MD5 and SHA-1 of the handshake messages so far:
// both versions' Finished are computed over exactly these two digests, so a
// server keeps them instead of the messages and hashes each message once.
class HandshakeHash {
 public:
  HandshakeHash() : md5_(MacAlgorithm::kMd5), sha1_(MacAlgorithm::kSha1) {}

  // Add hashes one more handshake message (its 4-byte header included).
  void Add(ByteView message) {
    md5_.Update(message);
    sha1_.Update(message);
  }

  const HashState& md5() const { return md5_; }
  const HashState& sha1() const { return sha1_; }

 private:
  HashState md5_;
  HashState sha1_;
};

// FinishedVerifyData computes the Finished payload over the handshake messages so
// far: 12 bytes of PRF output for TLS 1.0; 36 bytes (MD5 + SHA-1) for SSL 3.0.
Bytes FinishedVerifyData(std::uint16_t version, ByteView master_secret, bool from_client,
                         const HandshakeHash& handshake_messages);
// This form hashes the messages given whole.
Bytes FinishedVerifyData(std::uint16_t version, ByteView master_secret, bool from_client,
                         ByteView handshake_messages);

}  // namespace schannel_emu
