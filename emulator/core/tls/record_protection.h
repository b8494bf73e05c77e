// Record protection of SSL 3.0 and TLS 1.0: MAC-then-encrypt with RC4, DES, 3DES or AES-CBC.
#pragma once

#include <cstdint>
#include <memory>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

// RecordProtection protects one direction of a connection after ChangeCipherSpec.
// The CBC suites use TLS 1.0's implicit IV (the last ciphertext block of the
// previous record) and the minimal padding; SSL 3.0 uses its own MAC (RFC 6101
// 5.2.3.1) and accepts any padding bytes, as RFC 6101 allows.
class RecordProtection {
 public:
  virtual ~RecordProtection() = default;

  // Create builds the protection for `suite`; an error text when libcrypto lacks a
  // cipher (for example the legacy provider cannot be loaded).
  static Expected<std::unique_ptr<RecordProtection>, std::string> Create(
      std::uint16_t version, const CipherSuiteInfo& suite, ByteView mac_key, ByteView key,
      ByteView iv, bool encrypt);

  // Seal appends one complete record (5-byte header and protected fragment) to
  // `out`. plaintext must be at most 2^14 bytes.
  virtual void Seal(ContentType type, ByteView plaintext, Bytes& out) = 0;

  // Open checks and decrypts a record's fragment. On failure it returns the alert
  // to send: bad_record_mac for a wrong MAC or wrong padding (the same answer for
  // both, to give no padding oracle), record_overflow for oversize input.
  virtual Expected<Bytes, AlertDescription> Open(ContentType type, ByteView fragment) = 0;
};

}  // namespace schannel_emu
