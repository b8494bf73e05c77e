#include "emulator/core/tls/record_protection.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>

#include "emulator/core/tls/crypto_context.h"
#include "emulator/core/tls/record_mac.h"

namespace schannel_emu {
namespace {

constexpr std::size_t kHeaderLength = 5;

[[noreturn]] void CryptoFailure(const char* step) {
  std::fprintf(stderr, "schannel-emu: libcrypto failed in %s; the OpenSSL installation is broken\n",
               step);
  std::abort();
}

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// SuiteCipher picks the libcrypto cipher of a suite; null for the NULL cipher.
Expected<const EVP_CIPHER*, std::string> SuiteCipher(const CryptoAlgorithms& crypto,
                                                     const CipherSuiteInfo& suite) {
  const EVP_CIPHER* legacy = nullptr;
  switch (suite.cipher) {
    case BulkCipher::kNull:
      return static_cast<const EVP_CIPHER*>(nullptr);
    case BulkCipher::kTripleDes:
      return static_cast<const EVP_CIPHER*>(crypto.des_ede3_cbc);
    case BulkCipher::kAes128:
      return static_cast<const EVP_CIPHER*>(crypto.aes_128_cbc);
    case BulkCipher::kAes256:
      return static_cast<const EVP_CIPHER*>(crypto.aes_256_cbc);
    case BulkCipher::kRc4_128:
      legacy = crypto.rc4;
      break;
    case BulkCipher::kDes:
      legacy = crypto.des_cbc;
      break;
    default:
      return Unexpected{std::string(suite.openssl_name) +
                        " uses an export cipher, which the record layer does not implement"};
  }
  if (legacy == nullptr) {
    return Unexpected{std::string(suite.openssl_name) + " needs " + crypto.legacy_error};
  }
  return legacy;
}

// MacThenEncrypt is the record protection of every SSL 3.0 / TLS 1.0 suite the
// engine negotiates: MAC over the plaintext, then the stream or CBC cipher over
// plaintext || MAC || padding. The cipher context runs for the whole connection,
// which gives RC4 its continuous key stream and CBC its implicit IV (the last
// ciphertext block of the previous record) without copying blocks around.
class MacThenEncrypt final : public RecordProtection {
 public:
  MacThenEncrypt(std::uint16_t version, RecordMac mac, CipherCtx cipher, std::size_t block_length)
      : version_(version),
        mac_(std::move(mac)),
        cipher_(std::move(cipher)),
        block_length_(block_length) {}

  void Seal(ContentType type, ByteView plaintext, Bytes& out) override;
  Expected<Bytes, AlertDescription> Open(ContentType type, ByteView fragment) override;

 private:
  // Crypt runs the cipher over `data` in place (CBC contexts have padding off,
  // so every whole block comes out at once).
  void Crypt(std::uint8_t* data, std::size_t length);

  std::uint16_t version_;
  RecordMac mac_;
  CipherCtx cipher_;          // null for the NULL cipher
  std::size_t block_length_;  // 0 for stream ciphers and NULL
  std::uint64_t sequence_ = 0;
};

void MacThenEncrypt::Crypt(std::uint8_t* data, std::size_t length) {
  if (!cipher_ || length == 0) return;
  if (length > static_cast<std::size_t>(std::numeric_limits<int>::max())) CryptoFailure("cipher");
  int written = 0;
  if (EVP_CipherUpdate(cipher_.get(), data, &written, data, static_cast<int>(length)) != 1 ||
      static_cast<std::size_t>(written) != length) {
    CryptoFailure("the record cipher");
  }
}

void MacThenEncrypt::Seal(ContentType type, ByteView plaintext, Bytes& out) {
  // A larger plaintext is a bug in the caller, which must fragment first; sending
  // it would make every conforming peer close with record_overflow.
  if (plaintext.size() > kMaxPlaintextFragment) {
    std::fprintf(stderr, "schannel-emu: RecordProtection::Seal given %zu bytes (max 16384)\n",
                 plaintext.size());
    std::abort();
  }

  // Minimal padding: padding_length + 1 bytes bring plaintext || MAC to a whole
  // number of blocks; TLS 1.0 fills them with padding_length, and SSL 3.0 (whose
  // padding bytes are arbitrary) gets the same bytes.
  std::size_t mac_length = mac_.size();
  std::size_t padding_length = 0;
  std::size_t fragment_length = plaintext.size() + mac_length;
  if (block_length_ != 0) {
    padding_length = (block_length_ - (fragment_length + 1) % block_length_) % block_length_;
    fragment_length += padding_length + 1;
  }

  std::size_t start = out.size();
  out.resize(start + kHeaderLength + fragment_length);
  std::uint8_t* record = out.data() + start;
  record[0] = static_cast<std::uint8_t>(type);
  record[1] = static_cast<std::uint8_t>(version_ >> 8);
  record[2] = static_cast<std::uint8_t>(version_);
  record[3] = static_cast<std::uint8_t>(fragment_length >> 8);
  record[4] = static_cast<std::uint8_t>(fragment_length);

  std::uint8_t* body = record + kHeaderLength;
  std::copy(plaintext.begin(), plaintext.end(), body);
  mac_.Compute(sequence_, type, plaintext, body + plaintext.size());
  if (block_length_ != 0) {
    std::uint8_t* padding = body + plaintext.size() + mac_length;
    std::fill(padding, padding + padding_length + 1, static_cast<std::uint8_t>(padding_length));
  }

  Crypt(body, fragment_length);
  ++sequence_;
}

Expected<Bytes, AlertDescription> MacThenEncrypt::Open(ContentType type, ByteView fragment) {
  std::size_t mac_length = mac_.size();
  if (fragment.size() > kMaxCiphertextFragment) {
    return Unexpected{AlertDescription::kRecordOverflow};
  }
  // Too short to hold a MAC (and a padding-length byte), or not whole blocks: the
  // record cannot have come from a peer with our keys. TLS 1.0 would allow
  // decryption_failed here; bad_record_mac gives away less.
  std::size_t minimum = mac_length + (block_length_ != 0 ? 1 : 0);
  if (fragment.size() < minimum || (block_length_ != 0 && fragment.size() % block_length_ != 0)) {
    return Unexpected{AlertDescription::kBadRecordMac};
  }

  Bytes data(fragment.begin(), fragment.end());
  Crypt(data.data(), data.size());
  std::uint64_t sequence = sequence_++;

  // Padding check without an early exit, and on failure the MAC is still
  // computed (as if no padding were there), so that bad padding and a bad MAC
  // take similar time and get the same alert. This is not fully constant time
  // (the MAC length still depends on the padding length; see Lucky Thirteen).
  std::size_t strip = 0;
  unsigned padding_ok = 1;
  if (block_length_ != 0) {
    std::size_t padding_length = data.back();
    std::size_t available = data.size() - mac_length;  // at least 1 by the check above
    padding_ok = padding_length + 1 <= available ? 1U : 0U;
    if (version_ == kSsl3) {
      // RFC 6101 5.2.3.2: the padding is shorter than a block; its bytes are arbitrary.
      padding_ok &= padding_length < block_length_ ? 1U : 0U;
    } else {
      // RFC 2246 6.2.3.2: every padding byte equals padding_length.
      std::uint8_t difference = 0;
      std::size_t checked = padding_length + 1 <= available ? padding_length + 1 : available;
      for (std::size_t i = 1; i <= checked; ++i) {
        difference |= static_cast<std::uint8_t>(data[data.size() - i] ^ padding_length);
      }
      padding_ok &= difference == 0 ? 1U : 0U;
    }
    strip = padding_ok != 0 ? padding_length + 1 : 1;
  }

  std::size_t plaintext_length = data.size() - strip - mac_length;
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> expected{};
  mac_.Compute(sequence, type, ByteView(data.data(), plaintext_length), expected.data());
  bool mac_ok = CRYPTO_memcmp(expected.data(), data.data() + plaintext_length, mac_length) == 0;
  if (!mac_ok || padding_ok == 0) return Unexpected{AlertDescription::kBadRecordMac};

  // Checked after the MAC so that only an authentic record can draw this alert.
  if (plaintext_length > kMaxPlaintextFragment) {
    return Unexpected{AlertDescription::kRecordOverflow};
  }
  data.resize(plaintext_length);
  return data;
}

}  // namespace

Expected<std::unique_ptr<RecordProtection>, std::string> RecordProtection::Create(
    std::uint16_t version, const CipherSuiteInfo& suite, ByteView mac_key, ByteView key,
    ByteView iv, bool encrypt) {
  if (version != kSsl3 && version != kTls10) {
    return Unexpected{"record protection supports SSL 3.0 and TLS 1.0 only, not " +
                      VersionName(version)};
  }
  if (!suite.negotiable) {
    return Unexpected{std::string(suite.openssl_name) +
                      " is an export or DSS suite, which the engine does not negotiate"};
  }
  if (mac_key.size() != MacLength(suite.mac) || key.size() != suite.key_length ||
      iv.size() != suite.iv_length) {
    return Unexpected{"key material of the wrong size for " + std::string(suite.openssl_name) +
                      "; derive it with DeriveKeyBlock for the same suite"};
  }

  auto crypto = TlsCrypto();
  if (!crypto) return Unexpected{crypto.error()};
  auto cipher = SuiteCipher(**crypto, suite);
  if (!cipher) return Unexpected{cipher.error()};
  RecordMac mac = RecordMac::Create(version, suite.mac, mac_key);

  CipherCtx context;
  if (*cipher != nullptr) {
    context.reset(EVP_CIPHER_CTX_new());
    if (!context ||
        EVP_CipherInit_ex2(context.get(), *cipher, key.data(), iv.empty() ? nullptr : iv.data(),
                           encrypt ? 1 : 0, nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(context.get(), 0) != 1 ||
        static_cast<std::size_t>(EVP_CIPHER_CTX_get_key_length(context.get())) != key.size()) {
      return Unexpected{"libcrypto cannot set up the cipher of " + std::string(suite.openssl_name)};
    }
  }

  std::unique_ptr<RecordProtection> protection = std::make_unique<MacThenEncrypt>(
      version, std::move(mac), std::move(context), suite.block_length);
  return protection;
}

}  // namespace schannel_emu
