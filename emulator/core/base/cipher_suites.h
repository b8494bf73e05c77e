// What the emulator knows about each cipher suite a Windows Server 2003 peer can enable.
//
// This is the engine's table, not a name directory: it lists the suites whose
// key exchange, cipher and MAC the legacy peer implements. Display names for
// every IANA code point live in the generated IANA table (see check/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schannel_emu {

enum class KeyExchange { kRsa, kRsaExport1024, kRsaExport512, kDheDss, kDheDssExport1024 };
enum class BulkCipher {
  kNull,
  kRc4_128,
  kRc4_40,
  kRc4_56,
  kRc2_40,
  kDes40,
  kDes,
  kTripleDes,
  kAes128,
  kAes256
};
enum class MacAlgorithm { kMd5, kSha1 };

struct CipherSuiteInfo {
  std::uint16_t code;
  std::string_view openssl_name;  // "RC4-MD5": what OpenSSL and Postfix logs call it
  std::string_view iana_name;     // "TLS_RSA_WITH_RC4_128_MD5"
  KeyExchange key_exchange;
  BulkCipher cipher;
  MacAlgorithm mac;
  std::size_t key_length;    // bytes of key material drawn from the key block per direction
  std::size_t iv_length;     // 0 for stream ciphers
  std::size_t block_length;  // 0 for stream ciphers
  bool is_export;            // RFC 2246 export key derivation and key-size limits apply
  // negotiable is true when the engine can complete a handshake with this suite
  // and an RSA certificate. Export suites and DHE-DSS suites are judged by the
  // verdict but not negotiated; the engine says so in its events.
  bool negotiable;
};

// FindCipherSuite returns the table entry for a TLS cipher suite code, or nullopt
// for codes the legacy peer has no implementation of.
std::optional<CipherSuiteInfo> FindCipherSuite(std::uint16_t code);
// LookupCipherSuite is the same lookup without the copy: a pointer into the
// static table, or nullptr.
const CipherSuiteInfo* LookupCipherSuite(std::uint16_t code);

// SuiteCodeText renders an offered entry as reports and events write it: "0x0005"
// for a TLS suite code, "0x010080" for an SSL 2.0-only cipher spec.
std::string SuiteCodeText(std::uint32_t spec);

// AllKnownCipherSuites lists every entry of the table, in code order.
std::span<const CipherSuiteInfo> AllKnownCipherSuites();

std::size_t MacLength(MacAlgorithm mac);
bool NeedsDssCertificate(KeyExchange key_exchange);

// IsSignallingSuite is true for the SCSV values (0x00ff, 0x5600): entries in the
// cipher suite list that name no cipher suite.
inline constexpr bool IsSignallingSuite(std::uint16_t code) {
  return code == 0x00ff || code == 0x5600;
}

// SSLv2-compatible ClientHellos carry 3-byte cipher specs. TLS suites appear as
// 0x00XXYY; specs whose first byte is non-zero are SSL 2.0-only ciphers.
inline constexpr bool IsSsl2OnlySpec(std::uint32_t spec) { return (spec >> 16) != 0; }

}  // namespace schannel_emu
