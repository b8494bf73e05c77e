// The record MAC of SSL 3.0 (RFC 6101 5.2.3.1) and TLS 1.0 (RFC 2246 6.2.3.1).
#pragma once

#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

// RecordMac computes one direction's record MACs with a fixed key. The keyed part
// is prepared once in Create, so each record costs only the hashing of its header
// and fragment. Not thread safe: one object per direction of one connection.
class RecordMac {
 public:
  // Create prepares the MAC for `version` (0x0300: SSL 3.0's
  // hash(key || pad2 || hash(key || pad1 || seq || type || length || data)); any
  // other version: HMAC over seq || type || version || length || data). It returns
  // an error text when libcrypto is unusable.
  static Expected<RecordMac, std::string> Create(std::uint16_t version, MacAlgorithm mac,
                                                 ByteView key);

  RecordMac(RecordMac&&) noexcept;
  RecordMac& operator=(RecordMac&&) noexcept;
  ~RecordMac();

  // size is the MAC length in bytes: 16 for MD5, 20 for SHA-1.
  std::size_t size() const { return size_; }

  // Compute writes size() bytes of MAC for the record with sequence number `seq`,
  // content type `type` and plaintext `fragment` to `out`.
  void Compute(std::uint64_t seq, ContentType type, ByteView fragment, std::uint8_t* out);

 private:
  struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const;
  };
  struct MacCtxFree {
    void operator()(EVP_MAC_CTX* ctx) const;
  };

  RecordMac(std::uint16_t version, std::size_t size) : version_(version), size_(size) {}

  void ComputeSsl3(ByteView header, ByteView fragment, std::uint8_t* out);
  void ComputeHmac(ByteView header, ByteView fragment, std::uint8_t* out);

  std::uint16_t version_;
  std::size_t size_;
  // SSL 3.0: digest states after key || pad1 and key || pad2, copied for each record.
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> inner_template_;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> outer_template_;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> work_;
  // TLS 1.0: an HMAC context holding the key; re-initialised for each record.
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> hmac_;
};

}  // namespace schannel_emu
