#include "emulator/core/base/tls_constants.h"

#include <cstdio>

namespace schannel_emu {

std::string VersionName(std::uint16_t version) {
  switch (version) {
    case kSsl2:
      return "SSLv2";
    case kSsl3:
      return "SSLv3";
    case kTls10:
      return "TLSv1.0";
    case kTls11:
      return "TLSv1.1";
    case kTls12:
      return "TLSv1.2";
    case kTls13:
      return "TLSv1.3";
    default: {
      char text[8];
      std::snprintf(text, sizeof text, "0x%04x", version);
      return text;
    }
  }
}

std::string AlertName(std::uint8_t description) {
  switch (static_cast<AlertDescription>(description)) {
    case AlertDescription::kCloseNotify:
      return "close_notify";
    case AlertDescription::kUnexpectedMessage:
      return "unexpected_message";
    case AlertDescription::kBadRecordMac:
      return "bad_record_mac";
    case AlertDescription::kDecryptionFailed:
      return "decryption_failed";
    case AlertDescription::kRecordOverflow:
      return "record_overflow";
    case AlertDescription::kDecompressionFailure:
      return "decompression_failure";
    case AlertDescription::kHandshakeFailure:
      return "handshake_failure";
    case AlertDescription::kNoCertificate:
      return "no_certificate";
    case AlertDescription::kBadCertificate:
      return "bad_certificate";
    case AlertDescription::kIllegalParameter:
      return "illegal_parameter";
    case AlertDescription::kDecodeError:
      return "decode_error";
    case AlertDescription::kDecryptError:
      return "decrypt_error";
    case AlertDescription::kProtocolVersion:
      return "protocol_version";
    case AlertDescription::kInternalError:
      return "internal_error";
    case AlertDescription::kUserCanceled:
      return "user_canceled";
    case AlertDescription::kNoRenegotiation:
      return "no_renegotiation";
  }
  return "alert_" + std::to_string(description);
}

}  // namespace schannel_emu
