#include "emulator/core/tls/prf.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>

#include "emulator/core/base/tls_constants.h"
#include "emulator/core/tls/crypto_context.h"

namespace schannel_emu {
namespace {

constexpr std::size_t kMasterSecretLength = 48;
constexpr std::size_t kMd5Length = 16;
constexpr std::size_t kSha1Length = 20;
constexpr std::size_t kTlsFinishedLength = 12;

// CryptoFailure ends the process when libcrypto fails on inputs that cannot make
// it fail (fixed algorithms, bounded lengths): only memory exhaustion or a broken
// installation gets here, and no peer input can trigger it.
[[noreturn]] void CryptoFailure(const char* step) {
  std::fprintf(stderr, "schannel-emu: libcrypto failed in %s; the OpenSSL installation is broken\n",
               step);
  std::abort();
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Digest hashes the concatenation of `parts` with `md` and appends the result to `out`.
void Digest(const EVP_MD* md, std::initializer_list<ByteView> parts, Bytes& out) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) CryptoFailure("digest init");
  for (ByteView part : parts) {
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) CryptoFailure("digest");
  }
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> value{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), value.data(), &length) != 1) CryptoFailure("digest final");
  out.insert(out.end(), value.begin(), value.begin() + length);
}

// Ssl3Expand is the key expansion of RFC 6101 sections 6.1 and 6.2.2: blocks of
// MD5(secret || SHA1(label || secret || seed)) with labels 'A', 'BB', 'CCC', ...
// until `length` bytes are produced.
Bytes Ssl3Expand(ByteView secret, ByteView seed, std::size_t length) {
  const CryptoAlgorithms& crypto = RequireTlsCrypto();
  Bytes out;
  out.reserve(length + kMd5Length);
  Bytes label;
  Bytes inner;
  // 26 letters give 26 * 16 = 416 bytes, far above the largest key block (136).
  for (std::uint8_t round = 0; out.size() < length && round < 26; ++round) {
    label.assign(static_cast<std::size_t>(round) + 1, static_cast<std::uint8_t>('A' + round));
    inner.clear();
    Digest(crypto.sha1, {label, secret, seed}, inner);
    Digest(crypto.md5, {secret, inner}, out);
  }
  out.resize(length);
  return out;
}

Bytes Concat(ByteView first, ByteView second) {
  Bytes joined(first.begin(), first.end());
  joined.insert(joined.end(), second.begin(), second.end());
  return joined;
}

// TakeFrom moves the next `count` bytes of the key block into a key.
Bytes TakeFrom(const Bytes& block, std::size_t& offset, std::size_t count) {
  Bytes part(block.begin() + static_cast<std::ptrdiff_t>(offset),
             block.begin() + static_cast<std::ptrdiff_t>(offset + count));
  offset += count;
  return part;
}

// PreparedHmac is HMAC (RFC 2104) over a digest fetched once, with the key's inner
// and outer pads computed once and one digest context reused for every MAC.
// libcrypto's EVP_MAC HMAC looks its digest up by name on every keyed init and
// allocates on every re-init (as does copying a digest state), which made the
// TLS 1.0 PRF cost a fifth of an RSA-1024 handshake. Hashing the 64-byte pad
// again per MAC is cheaper than any of that. prf_test.cc holds the result against
// libcrypto's own TLS1-PRF.
class PreparedHmac {
 public:
  PreparedHmac(const EVP_MD* md, ByteView key)
      : md_(md),
        block_size_(static_cast<std::size_t>(EVP_MD_get_block_size(md))),
        ctx_(EVP_MD_CTX_new()) {
    if (!ctx_) CryptoFailure("HMAC context");
    if (block_size_ > kMaxBlock) CryptoFailure("HMAC block size");

    // A key longer than the block is hashed first (RFC 2104 section 2).
    std::array<std::uint8_t, kMaxBlock> padded{};
    if (key.size() > block_size_) {
      Bytes hashed;
      Digest(md, {key}, hashed);
      std::copy(hashed.begin(), hashed.end(), padded.begin());
    } else {
      std::copy(key.begin(), key.end(), padded.begin());
    }
    for (std::size_t i = 0; i < block_size_; ++i) {
      inner_pad_[i] = padded[i] ^ 0x36;
      outer_pad_[i] = padded[i] ^ 0x5c;
    }
  }

  // Mac writes HMAC(key, concatenation of parts) to `out` and returns its length.
  std::size_t Mac(std::initializer_list<ByteView> parts,
                  std::array<std::uint8_t, EVP_MAX_MD_SIZE>& out) {
    EVP_MD_CTX* ctx = ctx_.get();
    unsigned int length = 0;
    if (EVP_DigestInit_ex(ctx, md_, nullptr) != 1 ||
        EVP_DigestUpdate(ctx, inner_pad_.data(), block_size_) != 1) {
      CryptoFailure("HMAC");
    }
    for (ByteView part : parts) {
      if (EVP_DigestUpdate(ctx, part.data(), part.size()) != 1) CryptoFailure("HMAC");
    }
    if (EVP_DigestFinal_ex(ctx, out.data(), &length) != 1 ||
        EVP_DigestInit_ex(ctx, md_, nullptr) != 1 ||
        EVP_DigestUpdate(ctx, outer_pad_.data(), block_size_) != 1 ||
        EVP_DigestUpdate(ctx, out.data(), length) != 1 ||
        EVP_DigestFinal_ex(ctx, out.data(), &length) != 1) {
      CryptoFailure("HMAC");
    }
    return length;
  }

 private:
  static constexpr std::size_t kMaxBlock = 128;

  const EVP_MD* md_;
  std::size_t block_size_;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx_;
  std::array<std::uint8_t, kMaxBlock> inner_pad_{};
  std::array<std::uint8_t, kMaxBlock> outer_pad_{};
};

// XorPHash xors P_hash(secret, label + seed) of RFC 2246 section 5 into `out`:
// HMAC(secret, A(i) + label + seed) for A(1) = HMAC(secret, label + seed),
// A(i+1) = HMAC(secret, A(i)).
void XorPHash(const EVP_MD* md, ByteView secret, ByteView label, ByteView seed, Bytes& out) {
  PreparedHmac hmac(md, secret);
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> a{};
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> block{};
  std::size_t a_length = hmac.Mac({label, seed}, a);

  for (std::size_t done = 0; done < out.size();) {
    const std::size_t block_length = hmac.Mac({ByteView(a.data(), a_length), label, seed}, block);
    for (std::size_t i = 0; i < block_length && done < out.size(); ++i, ++done) {
      out[done] ^= block[i];
    }
    if (done < out.size()) a_length = hmac.Mac({ByteView(a.data(), a_length)}, a);
  }
}

}  // namespace

Bytes Tls10Prf(ByteView secret, std::string_view label, ByteView seed, std::size_t length) {
  // RFC 2246 section 5: the secret's two halves (sharing the middle byte when its
  // length is odd) key P_MD5 and P_SHA-1, whose outputs are xored.
  std::size_t half = (secret.size() + 1) / 2;
  const CryptoAlgorithms& crypto = RequireTlsCrypto();
  Bytes out(length, 0);
  XorPHash(crypto.md5, secret.first(half), AsBytes(label), seed, out);
  XorPHash(crypto.sha1, secret.last(half), AsBytes(label), seed, out);
  return out;
}

Bytes MasterSecret(std::uint16_t version, ByteView pre_master_secret, ByteView client_random,
                   ByteView server_random) {
  Bytes randoms = Concat(client_random, server_random);
  if (version == kSsl3) return Ssl3Expand(pre_master_secret, randoms, kMasterSecretLength);
  return Tls10Prf(pre_master_secret, "master secret", randoms, kMasterSecretLength);
}

KeyBlock DeriveKeyBlock(std::uint16_t version, const CipherSuiteInfo& suite, ByteView master_secret,
                        ByteView client_random, ByteView server_random) {
  // Both versions seed the key expansion with server_random first (the reverse of
  // the master secret). Export suites would need a further derivation of the
  // final keys (RFC 2246 6.3); they are not negotiated, so the split below is
  // their raw key material only.
  Bytes randoms = Concat(server_random, client_random);
  std::size_t mac_length = MacLength(suite.mac);
  std::size_t total = 2 * (mac_length + suite.key_length + suite.iv_length);
  Bytes block = version == kSsl3 ? Ssl3Expand(master_secret, randoms, total)
                                 : Tls10Prf(master_secret, "key expansion", randoms, total);

  KeyBlock keys;
  std::size_t offset = 0;
  keys.client_mac_key = TakeFrom(block, offset, mac_length);
  keys.server_mac_key = TakeFrom(block, offset, mac_length);
  keys.client_key = TakeFrom(block, offset, suite.key_length);
  keys.server_key = TakeFrom(block, offset, suite.key_length);
  keys.client_iv = TakeFrom(block, offset, suite.iv_length);
  keys.server_iv = TakeFrom(block, offset, suite.iv_length);
  return keys;
}

Bytes FinishedVerifyData(std::uint16_t version, ByteView master_secret, bool from_client,
                         ByteView handshake_messages) {
  const CryptoAlgorithms& crypto = RequireTlsCrypto();

  if (version != kSsl3) {
    Bytes hashes;
    Digest(crypto.md5, {handshake_messages}, hashes);
    Digest(crypto.sha1, {handshake_messages}, hashes);
    return Tls10Prf(master_secret, from_client ? "client finished" : "server finished", hashes,
                    kTlsFinishedLength);
  }

  // RFC 6101 5.6.9: hash(master || pad2 || hash(handshake || sender || master || pad1))
  // for MD5 (48-byte pads) and SHA-1 (40-byte pads); "CLNT" or "SRVR" as the sender.
  constexpr std::array<std::uint8_t, 4> kClient{0x43, 0x4c, 0x4e, 0x54};
  constexpr std::array<std::uint8_t, 4> kServer{0x53, 0x52, 0x56, 0x52};
  ByteView sender = from_client ? ByteView(kClient) : ByteView(kServer);
  Bytes pad1(48, 0x36);
  Bytes pad2(48, 0x5c);
  ByteView md5_pad1(pad1.data(), 48);
  ByteView md5_pad2(pad2.data(), 48);
  ByteView sha1_pad1(pad1.data(), 40);
  ByteView sha1_pad2(pad2.data(), 40);

  Bytes verify_data;
  Bytes inner;
  Digest(crypto.md5, {handshake_messages, sender, master_secret, md5_pad1}, inner);
  Digest(crypto.md5, {master_secret, md5_pad2, inner}, verify_data);
  inner.clear();
  Digest(crypto.sha1, {handshake_messages, sender, master_secret, sha1_pad1}, inner);
  Digest(crypto.sha1, {master_secret, sha1_pad2, inner}, verify_data);
  static_assert(kMd5Length + kSha1Length == 36);
  return verify_data;
}

}  // namespace schannel_emu
