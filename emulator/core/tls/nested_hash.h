// MD5 and SHA-1 states that copy without allocating, and the two-level keyed hashes
// TLS 1.0 and SSL 3.0 build from them: HMAC and SSL 3.0's pad MAC.
#pragma once

#include <openssl/md5.h>
#include <openssl/sha.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <variant>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"

namespace schannel_emu {

// kMaxHashLength is the longest digest a HashState gives (SHA-1).
inline constexpr std::size_t kMaxHashLength = 20;

// HashState is a running MD5 or SHA-1 over libcrypto's low-level digest functions.
// Their state is a plain struct, so a prepared state (the key's pad already hashed,
// or a handshake transcript so far) is copied by value. OpenSSL 3.0's EVP_MD_CTX
// copies allocate a new provider context each time, which made key derivation a
// fifth of a TLS 1.0 handshake with an RSA-1024 key.
class HashState {
 public:
  explicit HashState(MacAlgorithm algorithm);

  void Update(ByteView data);
  // Final writes size() bytes to `out` and returns size(); the state is spent and
  // must not be updated again. Finish a copy to keep going.
  std::size_t Final(std::uint8_t* out);
  std::size_t size() const;
  MacAlgorithm algorithm() const;
  // block_size is the digest's input block: 64 bytes for both.
  static constexpr std::size_t block_size() { return 64; }

 private:
  std::variant<MD5_CTX, SHA_CTX> state_;
};

// Ssl3Pad1 and Ssl3Pad2 are RFC 6101's pads for `algorithm`: 0x36 and 0x5c bytes,
// 48 of them for MD5 and 40 for SHA-1. The record MAC (5.2.3.1) and Finished (5.6.9)
// both use them.
ByteView Ssl3Pad1(MacAlgorithm algorithm);
ByteView Ssl3Pad2(MacAlgorithm algorithm);

// NestedHash computes hash(outer_prefix || hash(inner_prefix || message)) with both
// prefixes hashed once up front. With the key's pads as prefixes it is HMAC
// (RFC 2104); with key || pad1 and key || pad2 it is SSL 3.0's record MAC (RFC 6101
// 5.2.3.1).
class NestedHash {
 public:
  NestedHash(MacAlgorithm algorithm, ByteView inner_prefix_a, ByteView inner_prefix_b,
             ByteView outer_prefix_a, ByteView outer_prefix_b);
  ~NestedHash();
  NestedHash(const NestedHash&) = default;
  NestedHash& operator=(const NestedHash&) = default;

  // Mac writes size() bytes of hash(outer || hash(inner || parts...)) to `out`.
  std::size_t Mac(std::initializer_list<ByteView> parts, std::uint8_t* out) const;
  std::size_t size() const { return inner_.size(); }

 private:
  HashState inner_;
  HashState outer_;
};

// MakeHmac keys HMAC-MD5 or HMAC-SHA-1 with `key` (hashed first when longer than
// a block, as RFC 2104 section 2 says).
NestedHash MakeHmac(MacAlgorithm algorithm, ByteView key);

// MakeSsl3Mac keys SSL 3.0's MAC: hash(key || pad2 || hash(key || pad1 || ...)),
// with 48-byte pads for MD5 and 40-byte pads for SHA-1.
NestedHash MakeSsl3Mac(MacAlgorithm algorithm, ByteView key);

}  // namespace schannel_emu
