#include "emulator/core/tls/prf.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <string>
#include <vector>

#include "emulator/core/base/tls_constants.h"
#include "emulator/core/tls/crypto_context.h"
#include "emulator/core/tls/kat_inputs.h"

namespace schannel_emu {
namespace {

// Expected values come from testdata/make_kat.py, an independent Python
// implementation (hashlib and hmac only) of RFC 2246 and RFC 6101; its output is
// pasted below unchanged. Rerun `python3 testdata/make_kat.py` to recheck them.
constexpr char kPrfOutput[] =
    "b864a133cbe0ab812843ed7bda6e13986935b8b37f697c606bd6ebea16e22fbfdbeb9e33ef14b218"
    "b32450f7d4427adff80ac2f1ad1f100012683899bd83d88b972604783a6956622092f89b6d4b3a8b"
    "d539a03bf77bca3523315457eb3d8b798a66dfff";
constexpr char kTlsMaster[] =
    "f17390b64c5713e8f45fc63114a4ae8adb9fdabb2434fbb1df6f0d7b83fe327a349f971ffb862cdb"
    "99d595ad600e3e1e";
constexpr char kSsl3Master[] =
    "73e11759aac2d5c0ba3966535281b4fb6fc554429afe8471ec7e1965a21ee36e76d0faef230a322c"
    "fac2acc1b169c33c";
constexpr char kTlsKeyBlockAes256Sha[] =
    "6553d2dd5a4caad42efd8c90c66cc35649e4fcfd81c925ad9d7425d85996f0ffd2f4abd7fd5c18b7"
    "523ba293fcd0ff8ee93d5c9af3c7ce5313e518f8c0b624b0a0be3ea8110b4aa46bcd5522dfc9c5f4"
    "4a225bb8a8999edc5791175db008b800f91d6507820d6b8d873195405fb0ed2ed9bfdb1a0acba447"
    "27b57e288b7b6ff65524c26e5719ead1";
constexpr char kTlsKeyBlockRc4Md5[] =
    "6553d2dd5a4caad42efd8c90c66cc35649e4fcfd81c925ad9d7425d85996f0ffd2f4abd7fd5c18b7"
    "523ba293fcd0ff8ee93d5c9af3c7ce5313e518f8c0b624b0";
constexpr char kTlsFinishedClient[] = "cdee434123b0c4f58a6d9fa6";
constexpr char kTlsFinishedServer[] = "e5a7c3b3d62e80230786ebd5";
constexpr char kSsl3KeyBlockAes256Sha[] =
    "bf385d6085465132556d12f10cd355dc38deca86e06bef241db79aa74deb12acedbbf85ebef10a0a"
    "3b9c614d32b815f73055504fa95100d30c9412ab2c29021b13e61b966afff38e6adf78feb79cd486"
    "c5af7db3236f1f40ef2a2ed206223889ff2939776ff8ac73cf6af925e9a8e2537daa322eed960d83"
    "9ae194554c6fa1162042c26afe8c9420";
constexpr char kSsl3KeyBlockRc4Md5[] =
    "bf385d6085465132556d12f10cd355dc38deca86e06bef241db79aa74deb12acedbbf85ebef10a0a"
    "3b9c614d32b815f73055504fa95100d30c9412ab2c29021b";
constexpr char kSsl3FinishedClient[] =
    "f93fcd8b3a9f191819384b53b88f311b5ffd729b763ff335576b427da6cdbadaefbc57e5";
constexpr char kSsl3FinishedServer[] =
    "cf0c0ba6d1d5b724a194f5859ff80b64acec980ba60a5ce80684a19aca59dc8391b914c7";

using kat::Hex;
using kat::Sequence;

Bytes PreMaster() {
  Bytes pre{0x03, 0x01};
  Bytes rest = Sequence(0x03, 46, 7);
  pre.insert(pre.end(), rest.begin(), rest.end());
  return pre;
}

const Bytes kClientRandom = Sequence(0x10, 32);
const Bytes kServerRandom = Sequence(0x80, 32);

Bytes Joined(const KeyBlock& keys) {
  Bytes all;
  for (const Bytes* part : {&keys.client_mac_key, &keys.server_mac_key, &keys.client_key,
                            &keys.server_key, &keys.client_iv, &keys.server_iv}) {
    all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

CipherSuiteInfo Suite(std::uint16_t code) {
  auto suite = FindCipherSuite(code);
  EXPECT_TRUE(suite.has_value());
  return *suite;
}

TEST(Tls10PrfTest, MatchesTheIndependentImplementationForAnOddLengthSecret) {
  Bytes out = Tls10Prf(Sequence(0x00, 47), "test label", Sequence(0xa0, 32), 100);
  EXPECT_EQ(ToHex(out), kPrfOutput);
}

TEST(Tls10PrfTest, ShorterOutputIsAPrefixOfLongerOutput) {
  Bytes long_out = Tls10Prf(Sequence(0x00, 47), "test label", Sequence(0xa0, 32), 100);
  Bytes short_out = Tls10Prf(Sequence(0x00, 47), "test label", Sequence(0xa0, 32), 13);
  EXPECT_EQ(short_out, Bytes(long_out.begin(), long_out.begin() + 13));
}

// LibcryptoPrf asks libcrypto's TLS1-PRF KDF (digest MD5-SHA1) for the same PRF.
Bytes LibcryptoPrf(ByteView secret, std::string label, ByteView seed, std::size_t length) {
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(RequireTlsCrypto().tls1_prf);
  Bytes label_and_seed(label.begin(), label.end());
  label_and_seed.insert(label_and_seed.end(), seed.begin(), seed.end());
  char digest[] = "MD5-SHA1";
  std::array<OSSL_PARAM, 4> params{
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
                                        const_cast<std::uint8_t*>(secret.data()), secret.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, label_and_seed.data(),
                                        label_and_seed.size()),
      OSSL_PARAM_construct_end()};
  Bytes out(length);
  EXPECT_EQ(EVP_KDF_derive(ctx, out.data(), out.size(), params.data()), 1);
  EVP_KDF_CTX_free(ctx);
  return out;
}

TEST(Tls10PrfTest, AgreesWithLibcryptosTls1PrfKdfForManySecretAndOutputLengths) {
  for (std::size_t secret_length : std::vector<std::size_t>{1, 2, 16, 47, 48, 64, 65, 200}) {
    for (std::size_t length : std::vector<std::size_t>{1, 12, 16, 20, 21, 48, 104, 136, 400}) {
      Bytes secret = Sequence(static_cast<std::uint8_t>(secret_length), secret_length, 5);
      Bytes seed = Sequence(static_cast<std::uint8_t>(length), 64, 3);
      EXPECT_EQ(Tls10Prf(secret, "key expansion", seed, length),
                LibcryptoPrf(secret, "key expansion", seed, length))
          << secret_length << " " << length;
    }
  }
}

TEST(MasterSecretTest, TlsUsesThePrfWithTheMasterSecretLabel) {
  EXPECT_EQ(ToHex(MasterSecret(kTls10, PreMaster(), kClientRandom, kServerRandom)), kTlsMaster);
}

TEST(MasterSecretTest, Ssl3UsesTheMd5Sha1Construction) {
  EXPECT_EQ(ToHex(MasterSecret(kSsl3, PreMaster(), kClientRandom, kServerRandom)), kSsl3Master);
}

TEST(MasterSecretTest, SwappingTheRandomsChangesTheSecret) {
  EXPECT_NE(MasterSecret(kTls10, PreMaster(), kServerRandom, kClientRandom),
            MasterSecret(kTls10, PreMaster(), kClientRandom, kServerRandom));
}

TEST(DeriveKeyBlockTest, TlsAes256ShaSplitsMacKeyAndIvInRfcOrder) {
  KeyBlock keys =
      DeriveKeyBlock(kTls10, Suite(0x0035), Hex(kTlsMaster), kClientRandom, kServerRandom);
  EXPECT_EQ(keys.client_mac_key.size(), 20u);
  EXPECT_EQ(keys.server_key.size(), 32u);
  EXPECT_EQ(keys.server_iv.size(), 16u);
  EXPECT_EQ(ToHex(Joined(keys)), kTlsKeyBlockAes256Sha);
}

TEST(DeriveKeyBlockTest, TlsRc4Md5HasNoIvs) {
  KeyBlock keys =
      DeriveKeyBlock(kTls10, Suite(0x0004), Hex(kTlsMaster), kClientRandom, kServerRandom);
  EXPECT_EQ(keys.client_mac_key.size(), 16u);
  EXPECT_EQ(keys.client_key.size(), 16u);
  EXPECT_TRUE(keys.client_iv.empty());
  EXPECT_TRUE(keys.server_iv.empty());
  EXPECT_EQ(ToHex(Joined(keys)), kTlsKeyBlockRc4Md5);
}

TEST(DeriveKeyBlockTest, Ssl3Aes256ShaUsesTheSsl3Expansion) {
  KeyBlock keys =
      DeriveKeyBlock(kSsl3, Suite(0x0035), Hex(kSsl3Master), kClientRandom, kServerRandom);
  EXPECT_EQ(ToHex(Joined(keys)), kSsl3KeyBlockAes256Sha);
}

TEST(DeriveKeyBlockTest, Ssl3Rc4Md5UsesTheSsl3Expansion) {
  KeyBlock keys =
      DeriveKeyBlock(kSsl3, Suite(0x0004), Hex(kSsl3Master), kClientRandom, kServerRandom);
  EXPECT_EQ(ToHex(Joined(keys)), kSsl3KeyBlockRc4Md5);
}

TEST(FinishedVerifyDataTest, TlsClientAndServerGiveTwelveBytesEach) {
  Bytes messages = Sequence(0x00, 300, 13);
  Bytes client = FinishedVerifyData(kTls10, Hex(kTlsMaster), true, messages);
  Bytes server = FinishedVerifyData(kTls10, Hex(kTlsMaster), false, messages);
  EXPECT_EQ(ToHex(client), kTlsFinishedClient);
  EXPECT_EQ(ToHex(server), kTlsFinishedServer);
}

TEST(FinishedVerifyDataTest, Ssl3ClientAndServerGiveMd5AndSha1Hashes) {
  Bytes messages = Sequence(0x00, 300, 13);
  Bytes client = FinishedVerifyData(kSsl3, Hex(kSsl3Master), true, messages);
  Bytes server = FinishedVerifyData(kSsl3, Hex(kSsl3Master), false, messages);
  EXPECT_EQ(ToHex(client), kSsl3FinishedClient);
  EXPECT_EQ(ToHex(server), kSsl3FinishedServer);
}

TEST(FinishedVerifyDataTest, OneMoreHandshakeByteChangesTheResult) {
  Bytes messages = Sequence(0x00, 300, 13);
  Bytes longer = messages;
  longer.push_back(0);
  EXPECT_NE(FinishedVerifyData(kTls10, Hex(kTlsMaster), true, messages),
            FinishedVerifyData(kTls10, Hex(kTlsMaster), true, longer));
  EXPECT_NE(FinishedVerifyData(kSsl3, Hex(kSsl3Master), true, messages),
            FinishedVerifyData(kSsl3, Hex(kSsl3Master), true, longer));
}

}  // namespace
}  // namespace schannel_emu
