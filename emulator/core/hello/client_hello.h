// ClientHello reader: TLS-record and SSLv2-compatible hellos, split over any number of
// records and reads, with a precise error for anything malformed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

enum class HelloFormat {
  kTls,             // a handshake message inside TLS records (RFC 2246 7.4.1.2)
  kSsl2Compatible,  // an SSL 2.0 CLIENT-HELLO record (RFC 2246 appendix E.1)
};

// HelloExtension is one entry of the extensions block. Its data stays in the hello's
// `message` (read it with ClientHello::ExtensionData): a modern hello carries ten or
// more extensions, and a copy of each was a large share of reading one.
struct HelloExtension {
  std::uint16_t type = 0;
  std::size_t offset = 0;  // where the extension's data starts in ClientHello::message
  std::size_t length = 0;  // bytes of data
};

struct ClientHello {
  HelloFormat format = HelloFormat::kTls;
  // Version field of the first record carrying the hello; 0 for SSLv2 format.
  std::uint16_t record_version = 0;
  // Highest version the client offers (for SSLv2 format, the CLIENT-HELLO version).
  std::uint16_t client_version = 0;
  // For SSLv2 format: the challenge, right-aligned and zero-padded on the left as
  // RFC 2246 appendix E.1 requires when the server answers in SSL 3.0 / TLS.
  std::array<std::uint8_t, 32> random{};
  Bytes session_id;
  // The offered list in the client's order. TLS suites are 0x0000XXYY; an
  // SSLv2-format hello carries 3-byte specs, and those whose first byte is
  // non-zero are SSL 2.0-only ciphers (see IsSsl2OnlySpec).
  std::vector<std::uint32_t> cipher_specs;
  Bytes compression_methods;          // empty for SSLv2 format
  bool has_extensions_block = false;  // present, even when it holds no extension
  std::vector<HelloExtension> extensions;
  // The handshake message exactly as it enters the Finished hash: for TLS the
  // 4-byte handshake header and body; for SSLv2 the record without its 2-byte header.
  Bytes message;
  // How many TLS records the message was spread over (1 for SSLv2 format). More than
  // one means the hello was fragmented, which some legacy peers refuse.
  std::size_t record_count = 1;

  const HelloExtension* FindExtension(std::uint16_t type) const;
  // ExtensionData is the data of one of this hello's extensions (empty for an
  // extension whose place does not lie inside `message`).
  ByteView ExtensionData(const HelloExtension& extension) const;
  // TlsSuites returns the offered entries that are TLS suite codes, in order,
  // dropping SSL 2.0-only specs.
  std::vector<std::uint16_t> TlsSuites() const;
};

enum class HelloError {
  kTruncated,              // the input ended before the hello was complete
  kNotHandshakeRecord,     // the first record is not of type handshake (22)
  kBadRecordVersion,       // a record's major version is not 3
  kRecordTooLong,          // a plaintext record is longer than 2^14 bytes
  kEmptyRecord,            // a handshake record with no bytes (RFC 2246 6.2.1 forbids it)
  kInterleavedRecord,      // another content type arrived between hello fragments
  kNotClientHello,         // the first handshake message is not a ClientHello
  kMessageTooLong,         // the declared handshake length is over the reader's limit
  kBadLength,              // a length field does not fit the bytes around it
  kBadVersion,             // client_version major is not 3 (or 0/2 for SSLv2 format)
  kBadSessionId,           // longer than 32 bytes (SSLv2 format: neither 0 nor 16)
  kBadCipherSuites,        // empty, or not a whole number of entries
  kBadCompressionMethods,  // empty, or without the null method
  kBadExtensions,          // the extensions block is not a well-formed list
  kTrailingData,           // bytes after the last field inside the message
  kBadSsl2Hello,           // an SSLv2 record that is not a well-formed CLIENT-HELLO
};

// HelloErrorName gives a stable snake_case identifier ("bad_cipher_suites") used in
// events and JSON output.
std::string_view HelloErrorName(HelloError error);
// DescribeHelloError gives one sentence a person can act on.
std::string_view DescribeHelloError(HelloError error);

// ParseClientHelloMessage parses one complete handshake message (4-byte header and
// body). record_version and record_count are left for the caller to fill in.
Expected<ClientHello, HelloError> ParseClientHelloMessage(ByteView message);

// ParseSsl2ClientHello parses one complete SSLv2 record including its 2-byte header.
// Besides the shared errors (kBadLength, kBadVersion, kBadCipherSuites, kBadSessionId,
// kTrailingData) it fails with kBadSsl2Hello for a wrong message type, a header without
// the 2-byte marker, or a challenge outside 16..32 bytes.
Expected<ClientHello, HelloError> ParseSsl2ClientHello(ByteView record);

// LooksLikeSsl2Hello is true when `first_bytes` (at least 3) start an SSLv2 record
// with a 2-byte header whose message type is CLIENT-HELLO.
bool LooksLikeSsl2Hello(ByteView first_bytes);

// ClientHelloReader assembles the first ClientHello of a connection from bytes that
// arrive in any split. It owns copies of what it was fed.
class ClientHelloReader {
 public:
  enum class Status { kNeedMore, kComplete, kError };

  // max_message_bytes bounds the memory a hostile peer can make the reader hold.
  explicit ClientHelloReader(std::size_t max_message_bytes = 1 << 17)
      : max_message_bytes_(max_message_bytes) {}

  // Feed appends bytes. Once it returns kComplete or kError, later calls return
  // the same status and ignore their input.
  Status Feed(ByteView data);

  Status status() const { return status_; }
  const ClientHello& hello() const { return hello_; }  // valid after kComplete
  // TakeHello moves the hello out of a reader that is done with it.
  ClientHello TakeHello() && { return std::move(hello_); }
  HelloError error() const { return error_; }  // valid after kError
  // consumed is the number of fed bytes that belonged to the records carrying the
  // hello; bytes after that (a pipelined next flight) are not part of it.
  std::size_t consumed() const { return consumed_; }

 private:
  // Advance takes apart what buffer_ holds once it has reached wanted_ bytes: it
  // either asks for more (raising wanted_), finishes a record, or ends the read.
  Status Advance();
  Status StartFirstRecord();
  Status NeedTotal(std::size_t total);
  Status Finish(HelloError error);
  Status Complete(Expected<ClientHello, HelloError> parsed);

  std::size_t max_message_bytes_;
  Status status_ = Status::kNeedMore;
  // buffer_ holds only the record (or header) in progress; Feed copies no more
  // than wanted_ bytes into it, so input after the hello is never stored.
  Bytes buffer_;
  std::size_t wanted_ = 1;    // buffer_ size at which Advance can take the next step
  bool reading_tls_ = false;  // the first byte announced TLS records
  Bytes message_;             // handshake bytes gathered so far
  std::uint16_t first_record_version_ = 0;
  std::size_t record_count_ = 0;
  ClientHello hello_;
  HelloError error_ = HelloError::kTruncated;
  std::size_t consumed_ = 0;
};

// ReadClientHello reads the first hello from a complete byte stream (a capture, a
// hex dump); kTruncated when the stream ends first.
Expected<ClientHello, HelloError> ReadClientHello(ByteView stream);

}  // namespace schannel_emu
