// The low-level MD5_* and SHA1_* functions are deprecated in OpenSSL 3.0 in favour of
// EVP, but they are still part of libcrypto's API and they are the only way 3.0 offers
// to copy a digest state without an allocation (EVP_MD_CTX_copy_ex duplicates the
// provider context; 3.1 and later can copy in place). This file is the only user.
// Remove the suppression, and this file's use of them, when the project requires an
// OpenSSL whose EVP copies no longer allocate.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "emulator/core/tls/nested_hash.h"

#include <openssl/crypto.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace schannel_emu {
namespace {

constexpr std::size_t kMd5Length = 16;
constexpr std::size_t kSha1Length = 20;

// Ssl3Pad is `length` bytes of `fill`; RFC 6101's pads are 48 bytes for MD5, 40 for
// SHA-1, so that key, pad and the hash's block boundary line up as the RFC intends.
template <std::uint8_t kFill>
ByteView Ssl3Pad(MacAlgorithm algorithm) {
  static constexpr auto kPad = [] {
    std::array<std::uint8_t, 48> pad{};
    pad.fill(kFill);
    return pad;
  }();
  return ByteView(kPad.data(), algorithm == MacAlgorithm::kMd5 ? 48 : 40);
}

// The low-level functions return 0 only for a null argument, which cannot happen
// here; failing loudly beats computing a wrong MAC.
void Check(int result) {
  if (result != 1) {
    std::fprintf(stderr,
                 "schannel-emu: libcrypto's MD5/SHA-1 failed; the installation is broken\n");
    std::abort();
  }
}

}  // namespace

HashState::HashState(MacAlgorithm algorithm) {
  if (algorithm == MacAlgorithm::kMd5) {
    MD5_CTX md5;
    Check(MD5_Init(&md5));
    state_ = md5;
  } else {
    SHA_CTX sha1;
    Check(SHA1_Init(&sha1));
    state_ = sha1;
  }
}

void HashState::Update(ByteView data) {
  if (data.empty()) return;
  if (auto* md5 = std::get_if<MD5_CTX>(&state_)) {
    Check(MD5_Update(md5, data.data(), data.size()));
  } else {
    Check(SHA1_Update(&std::get<SHA_CTX>(state_), data.data(), data.size()));
  }
}

std::size_t HashState::Final(std::uint8_t* out) {
  if (auto* md5 = std::get_if<MD5_CTX>(&state_)) {
    Check(MD5_Final(out, md5));
    return kMd5Length;
  }
  Check(SHA1_Final(out, &std::get<SHA_CTX>(state_)));
  return kSha1Length;
}

std::size_t HashState::size() const {
  return std::holds_alternative<MD5_CTX>(state_) ? kMd5Length : kSha1Length;
}

MacAlgorithm HashState::algorithm() const {
  return std::holds_alternative<MD5_CTX>(state_) ? MacAlgorithm::kMd5 : MacAlgorithm::kSha1;
}

NestedHash::NestedHash(MacAlgorithm algorithm, ByteView inner_prefix_a, ByteView inner_prefix_b,
                       ByteView outer_prefix_a, ByteView outer_prefix_b)
    : inner_(algorithm), outer_(algorithm) {
  inner_.Update(inner_prefix_a);
  inner_.Update(inner_prefix_b);
  outer_.Update(outer_prefix_a);
  outer_.Update(outer_prefix_b);
}

NestedHash::~NestedHash() {
  // The states are keyed: a reader of freed memory must not find them.
  OPENSSL_cleanse(&inner_, sizeof inner_);
  OPENSSL_cleanse(&outer_, sizeof outer_);
}

std::size_t NestedHash::Mac(std::initializer_list<ByteView> parts, std::uint8_t* out) const {
  std::array<std::uint8_t, kMaxHashLength> inner_digest{};
  HashState inner = inner_;
  for (ByteView part : parts) inner.Update(part);
  const std::size_t length = inner.Final(inner_digest.data());

  HashState outer = outer_;
  outer.Update(ByteView(inner_digest.data(), length));
  // The copies are left as they are: Final has consumed them, and cleansing two
  // states per MAC cost more than a tenth of a handshake's key derivation. The
  // keyed states themselves are cleansed with the NestedHash.
  return outer.Final(out);
}

NestedHash MakeHmac(MacAlgorithm algorithm, ByteView key) {
  constexpr std::size_t kBlock = HashState::block_size();
  std::array<std::uint8_t, kBlock> padded{};
  if (key.size() > kBlock) {
    HashState hashed(algorithm);
    hashed.Update(key);
    hashed.Final(padded.data());
  } else {
    std::copy(key.begin(), key.end(), padded.begin());
  }
  std::array<std::uint8_t, kBlock> inner_pad{};
  std::array<std::uint8_t, kBlock> outer_pad{};
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner_pad[i] = static_cast<std::uint8_t>(padded[i] ^ 0x36);
    outer_pad[i] = static_cast<std::uint8_t>(padded[i] ^ 0x5c);
  }
  NestedHash hmac(algorithm, inner_pad, {}, outer_pad, {});
  OPENSSL_cleanse(padded.data(), padded.size());
  OPENSSL_cleanse(inner_pad.data(), inner_pad.size());
  OPENSSL_cleanse(outer_pad.data(), outer_pad.size());
  return hmac;
}

ByteView Ssl3Pad1(MacAlgorithm algorithm) { return Ssl3Pad<0x36>(algorithm); }
ByteView Ssl3Pad2(MacAlgorithm algorithm) { return Ssl3Pad<0x5c>(algorithm); }

NestedHash MakeSsl3Mac(MacAlgorithm algorithm, ByteView key) {
  return NestedHash(algorithm, key, Ssl3Pad1(algorithm), key, Ssl3Pad2(algorithm));
}

}  // namespace schannel_emu
