#include "emulator/core/base/cipher_suites.h"

#include <array>

namespace schannel_emu {
namespace {

using enum KeyExchange;
using enum BulkCipher;
using enum MacAlgorithm;

// Key, IV and block lengths from RFC 2246 appendix C and RFC 3268 (AES). For export
// suites key_length is the secret part drawn from the key block (5 bytes, or 7 for
// the 1024-bit "56-bit" export suites of draft-ietf-tls-56-bit-ciphersuites).
constexpr std::array<CipherSuiteInfo, 15> kSuites{{
    {0x0001, "NULL-MD5", "TLS_RSA_WITH_NULL_MD5", kRsa, kNull, kMd5, 0, 0, 0, false, true},
    {0x0002, "NULL-SHA", "TLS_RSA_WITH_NULL_SHA", kRsa, kNull, kSha1, 0, 0, 0, false, true},
    {0x0003, "EXP-RC4-MD5", "TLS_RSA_EXPORT_WITH_RC4_40_MD5", kRsaExport512, kRc4_40, kMd5, 5, 0, 0,
     true, false},
    {0x0004, "RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5", kRsa, kRc4_128, kMd5, 16, 0, 0, false, true},
    {0x0005, "RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA", kRsa, kRc4_128, kSha1, 16, 0, 0, false, true},
    {0x0006, "EXP-RC2-CBC-MD5", "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", kRsaExport512, kRc2_40, kMd5,
     5, 8, 8, true, false},
    {0x0009, "DES-CBC-SHA", "TLS_RSA_WITH_DES_CBC_SHA", kRsa, kDes, kSha1, 8, 8, 8, false, true},
    {0x000a, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", kRsa, kTripleDes, kSha1, 24, 8, 8,
     false, true},
    {0x0012, "EDH-DSS-DES-CBC-SHA", "TLS_DHE_DSS_WITH_DES_CBC_SHA", kDheDss, kDes, kSha1, 8, 8, 8,
     false, false},
    {0x0013, "EDH-DSS-DES-CBC3-SHA", "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", kDheDss, kTripleDes,
     kSha1, 24, 8, 8, false, false},
    {0x002f, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", kRsa, kAes128, kSha1, 16, 16, 16, false,
     true},
    {0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", kRsa, kAes256, kSha1, 32, 16, 16, false,
     true},
    {0x0062, "EXP1024-DES-CBC-SHA", "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", kRsaExport1024, kDes,
     kSha1, 8, 8, 8, true, false},
    {0x0063, "EXP1024-DHE-DSS-DES-CBC-SHA", "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA",
     kDheDssExport1024, kDes, kSha1, 8, 8, 8, true, false},
    {0x0064, "EXP1024-RC4-SHA", "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", kRsaExport1024, kRc4_56,
     kSha1, 7, 0, 0, true, false},
}};

// Every code in the table is below 0x100, so a 256-slot index (table position + 1,
// 0 for "none") answers a lookup without a search; the verdict looks up every
// entry of a client's list several times.
constexpr std::size_t kIndexedCodes = 0x100;

constexpr std::array<std::uint8_t, kIndexedCodes> MakeIndex() {
  std::array<std::uint8_t, kIndexedCodes> index{};
  for (std::size_t i = 0; i < kSuites.size(); ++i) {
    index[kSuites[i].code] = static_cast<std::uint8_t>(i + 1);
  }
  return index;
}

constexpr std::array<std::uint8_t, kIndexedCodes> kIndex = MakeIndex();

static_assert(
    [] {
      for (const CipherSuiteInfo& suite : kSuites) {
        if (suite.code >= kIndexedCodes) return false;
      }
      return true;
    }(),
    "a suite at 0x100 or above needs a wider index");

}  // namespace

const CipherSuiteInfo* LookupCipherSuite(std::uint16_t code) {
  if (code >= kIndexedCodes || kIndex[code] == 0) return nullptr;
  return &kSuites[kIndex[code] - 1U];
}

std::string SuiteCodeText(std::uint32_t spec) {
  // Written digit by digit: a hello event names every offered entry, and snprintf
  // per entry was a visible share of a handshake.
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::size_t digits = IsSsl2OnlySpec(spec) ? 6 : 4;
  std::string text(2 + digits, '0');
  text[1] = 'x';
  for (std::size_t i = 0; i < digits; ++i) {
    text[text.size() - 1 - i] = kDigits[(spec >> (4 * i)) & 0xf];
  }
  return text;
}

std::optional<CipherSuiteInfo> FindCipherSuite(std::uint16_t code) {
  const CipherSuiteInfo* found = LookupCipherSuite(code);
  if (found == nullptr) return std::nullopt;
  return *found;
}

std::span<const CipherSuiteInfo> AllKnownCipherSuites() { return kSuites; }

std::size_t MacLength(MacAlgorithm mac) { return mac == kMd5 ? 16 : 20; }

bool NeedsDssCertificate(KeyExchange key_exchange) {
  return key_exchange == kDheDss || key_exchange == kDheDssExport1024;
}

}  // namespace schannel_emu
