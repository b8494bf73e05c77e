// Wire constants of SSL 2.0 (hello only), SSL 3.0 and TLS 1.0-1.2 that the emulator reads or sends.
#pragma once

#include <cstdint>
#include <string>

namespace schannel_emu {

// Protocol versions as they appear on the wire (major << 8 | minor). SSL 2.0
// hellos carry 0x0002.
inline constexpr std::uint16_t kSsl2 = 0x0002;
inline constexpr std::uint16_t kSsl3 = 0x0300;
inline constexpr std::uint16_t kTls10 = 0x0301;
inline constexpr std::uint16_t kTls11 = 0x0302;
inline constexpr std::uint16_t kTls12 = 0x0303;
inline constexpr std::uint16_t kTls13 = 0x0304;

// VersionName gives "SSLv2", "SSLv3", "TLSv1.0" ... or "0xXXXX" for anything else.
std::string VersionName(std::uint16_t version);

enum class ContentType : std::uint8_t {
  kChangeCipherSpec = 20,
  kAlert = 21,
  kHandshake = 22,
  kApplicationData = 23,
};

enum class HandshakeType : std::uint8_t {
  kHelloRequest = 0,
  kClientHello = 1,
  kServerHello = 2,
  kCertificate = 11,
  kServerKeyExchange = 12,
  kCertificateRequest = 13,
  kServerHelloDone = 14,
  kCertificateVerify = 15,
  kClientKeyExchange = 16,
  kFinished = 20,
};

enum class AlertLevel : std::uint8_t { kWarning = 1, kFatal = 2 };

enum class AlertDescription : std::uint8_t {
  kCloseNotify = 0,
  kUnexpectedMessage = 10,
  kBadRecordMac = 20,
  kDecryptionFailed = 21,
  kRecordOverflow = 22,
  kDecompressionFailure = 30,
  kHandshakeFailure = 40,
  kNoCertificate = 41,  // SSL 3.0 only
  kBadCertificate = 42,
  kIllegalParameter = 47,
  kDecodeError = 50,
  kDecryptError = 51,
  kProtocolVersion = 70,
  kInternalError = 80,
  kUserCanceled = 90,
  kNoRenegotiation = 100,
};

// AlertName gives the RFC name ("handshake_failure") or "alert_<n>".
std::string AlertName(std::uint8_t description);

// Extension types the emulator looks at.
inline constexpr std::uint16_t kExtServerName = 0x0000;
inline constexpr std::uint16_t kExtRenegotiationInfo = 0xff01;

// Signalling suite values (not real suites).
inline constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00ff;  // RFC 5746
inline constexpr std::uint16_t kFallbackScsv = 0x5600;                // RFC 7507

// Largest plaintext fragment (2^14) and the largest ciphertext expansion the
// record layer accepts (2^14 + 2048), from RFC 2246 section 6.2.
inline constexpr std::size_t kMaxPlaintextFragment = 16384;
inline constexpr std::size_t kMaxCiphertextFragment = 16384 + 2048;

}  // namespace schannel_emu
