#include "emulator/core/tls/prf.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <initializer_list>

#include "emulator/core/base/tls_constants.h"
#include "emulator/core/tls/nested_hash.h"

namespace schannel_emu {
namespace {

constexpr std::size_t kMasterSecretLength = 48;
constexpr std::size_t kMd5Length = 16;
constexpr std::size_t kSha1Length = 20;
constexpr std::size_t kTlsFinishedLength = 12;

// Digest hashes the concatenation of `parts` and appends the result to `out`.
void Digest(MacAlgorithm algorithm, std::initializer_list<ByteView> parts, Bytes& out) {
  HashState hash(algorithm);
  for (ByteView part : parts) hash.Update(part);
  std::array<std::uint8_t, kMaxHashLength> value{};
  const std::size_t length = hash.Final(value.data());
  out.insert(out.end(), value.begin(), value.begin() + static_cast<std::ptrdiff_t>(length));
}

// Ssl3Expand is the key expansion of RFC 6101 sections 6.1 and 6.2.2: blocks of
// MD5(secret || SHA1(label || secret || seed)) with labels 'A', 'BB', 'CCC', ...
// until `length` bytes are produced.
Bytes Ssl3Expand(ByteView secret, ByteView seed, std::size_t length) {
  Bytes out;
  out.reserve(length + kMd5Length);
  Bytes label;
  Bytes inner;
  // 26 letters give 26 * 16 = 416 bytes, far above the largest key block (136).
  for (std::uint8_t round = 0; out.size() < length && round < 26; ++round) {
    label.assign(static_cast<std::size_t>(round) + 1, static_cast<std::uint8_t>('A' + round));
    inner.clear();
    Digest(MacAlgorithm::kSha1, {label, secret, seed}, inner);
    Digest(MacAlgorithm::kMd5, {secret, inner}, out);
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

// XorPHash xors P_hash(secret, label + seed) of RFC 2246 section 5 into `out`:
// HMAC(secret, A(i) + label + seed) for A(1) = HMAC(secret, label + seed),
// A(i+1) = HMAC(secret, A(i)). The HMAC is keyed once for all steps.
void XorPHash(MacAlgorithm algorithm, ByteView secret, ByteView label, ByteView seed, Bytes& out) {
  const NestedHash hmac = MakeHmac(algorithm, secret);
  std::array<std::uint8_t, kMaxHashLength> a{};
  std::array<std::uint8_t, kMaxHashLength> block{};
  std::size_t a_length = hmac.Mac({label, seed}, a.data());

  for (std::size_t done = 0; done < out.size();) {
    const std::size_t block_length =
        hmac.Mac({ByteView(a.data(), a_length), label, seed}, block.data());
    for (std::size_t i = 0; i < block_length && done < out.size(); ++i, ++done) {
      out[done] ^= block[i];
    }
    if (done < out.size()) a_length = hmac.Mac({ByteView(a.data(), a_length)}, a.data());
  }
  OPENSSL_cleanse(a.data(), a.size());
  OPENSSL_cleanse(block.data(), block.size());
}

}  // namespace

Bytes Tls10Prf(ByteView secret, std::string_view label, ByteView seed, std::size_t length) {
  // RFC 2246 section 5: the secret's two halves (sharing the middle byte when its
  // length is odd) key P_MD5 and P_SHA-1, whose outputs are xored.
  std::size_t half = (secret.size() + 1) / 2;
  Bytes out(length, 0);
  XorPHash(MacAlgorithm::kMd5, secret.first(half), AsBytes(label), seed, out);
  XorPHash(MacAlgorithm::kSha1, secret.last(half), AsBytes(label), seed, out);
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
                         const HandshakeHash& handshake_messages) {
  std::array<std::uint8_t, kMd5Length + kSha1Length> hashes{};
  if (version != kSsl3) {
    HashState md5 = handshake_messages.md5();
    HashState sha1 = handshake_messages.sha1();
    md5.Final(hashes.data());
    sha1.Final(hashes.data() + kMd5Length);
    return Tls10Prf(master_secret, from_client ? "client finished" : "server finished", hashes,
                    kTlsFinishedLength);
  }

  // RFC 6101 5.6.9: hash(master || pad2 || hash(handshake || sender || master || pad1))
  // for MD5 and SHA-1; "CLNT" or "SRVR" as the sender. The inner hash continues the
  // running transcript, so unlike the record MAC the key and pad come last there.
  constexpr std::array<std::uint8_t, 4> kClient{0x43, 0x4c, 0x4e, 0x54};
  constexpr std::array<std::uint8_t, 4> kServer{0x53, 0x52, 0x56, 0x52};
  const ByteView sender = from_client ? ByteView(kClient) : ByteView(kServer);
  Bytes verify_data;
  for (const HashState* transcript : {&handshake_messages.md5(), &handshake_messages.sha1()}) {
    const MacAlgorithm algorithm = transcript->algorithm();
    HashState inner = *transcript;
    inner.Update(sender);
    inner.Update(master_secret);
    inner.Update(Ssl3Pad1(algorithm));
    std::array<std::uint8_t, kMaxHashLength> inner_digest{};
    const std::size_t inner_length = inner.Final(inner_digest.data());

    HashState outer(algorithm);
    outer.Update(master_secret);
    outer.Update(Ssl3Pad2(algorithm));
    outer.Update(ByteView(inner_digest.data(), inner_length));
    std::array<std::uint8_t, kMaxHashLength> digest{};
    const std::size_t length = outer.Final(digest.data());
    verify_data.insert(verify_data.end(), digest.begin(),
                       digest.begin() + static_cast<std::ptrdiff_t>(length));
  }
  static_assert(kMd5Length + kSha1Length == 36);
  return verify_data;
}

Bytes FinishedVerifyData(std::uint16_t version, ByteView master_secret, bool from_client,
                         ByteView handshake_messages) {
  HandshakeHash hash;
  hash.Add(handshake_messages);
  return FinishedVerifyData(version, master_secret, from_client, hash);
}

}  // namespace schannel_emu
