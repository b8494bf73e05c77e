// The record MAC of SSL 3.0 (RFC 6101 5.2.3.1) and TLS 1.0 (RFC 2246 6.2.3.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/tls/nested_hash.h"

namespace schannel_emu {

// RecordMac computes one direction's record MACs with a fixed key. The keyed part
// is prepared once in Create, so each record costs only the hashing of its header
// and fragment. Not thread safe: one object per direction of one connection.
class RecordMac {
 public:
  // Create prepares the MAC for `version` (0x0300: SSL 3.0's
  // hash(key || pad2 || hash(key || pad1 || seq || type || length || data)); any
  // other version: HMAC over seq || type || version || length || data).
  static RecordMac Create(std::uint16_t version, MacAlgorithm mac, ByteView key);

  // size is the MAC length in bytes: 16 for MD5, 20 for SHA-1.
  std::size_t size() const { return mac_.size(); }

  // Compute writes size() bytes of MAC for the record with sequence number `seq`,
  // content type `type` and plaintext `fragment` to `out`.
  void Compute(std::uint64_t seq, ContentType type, ByteView fragment, std::uint8_t* out);

 private:
  RecordMac(std::uint16_t version, NestedHash mac) : version_(version), mac_(std::move(mac)) {}

  std::uint16_t version_;
  // Keyed once in Create: HMAC for TLS, the pad construction for SSL 3.0.
  NestedHash mac_;
};

}  // namespace schannel_emu
