// RecordReader: cuts the SSL 3.0 / TLS 1.0 record stream into records, whatever the split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

// Record is one record as it came off the wire; the fragment is still protected
// when the peer has sent ChangeCipherSpec.
struct Record {
  std::uint8_t type = 0;
  std::uint16_t version = 0;
  Bytes fragment;
};

enum class RecordError {
  kBadContentType,  // not change_cipher_spec, alert, handshake or application_data
  kBadVersion,      // major version is not 3
  kTooLong,         // longer than 2^14 + 2048, the most any TLS 1.0 record may carry
};

// RecordReader holds only bytes not yet returned as records. A record header that
// declares more than 2^14 + 2048 bytes is an error at once, so a peer that keeps
// the caller draining Next cannot make the reader hold more than one record.
class RecordReader {
 public:
  // Feed appends bytes received from the peer.
  void Feed(ByteView data);

  // Next returns the next complete record, nullopt when more bytes are needed, or
  // an error when the header cannot start a valid record. After an error the
  // reader is unusable: the stream has lost its framing.
  Expected<std::optional<Record>, RecordError> Next();

  // buffered is the number of bytes fed but not yet returned as records.
  std::size_t buffered() const { return buffer_.size() - offset_; }
  // Peek shows the unread bytes (used to recognise an SSLv2-format hello).
  ByteView Peek() const { return ByteView(buffer_).subspan(offset_); }
  // Skip drops `count` unread bytes that the caller consumed through Peek.
  void Skip(std::size_t count);

 private:
  void Compact();

  Bytes buffer_;
  std::size_t offset_ = 0;
};

}  // namespace schannel_emu
