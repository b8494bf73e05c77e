// Handshake messages the server builds (ServerHello, Certificate, ServerHelloDone,
// Finished) and reads (ClientKeyExchange), and the reassembly of handshake messages
// from records.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

// BuildHandshake frames a body as a handshake message (type, 24-bit length, body).
Bytes BuildHandshake(HandshakeType type, ByteView body);

struct ServerHelloFields {
  std::uint16_t version = 0;
  std::array<std::uint8_t, 32> random{};
  Bytes session_id;  // at most 32 bytes
  std::uint16_t suite = 0;
  // Send an empty renegotiation_info extension (RFC 5746 3.6). When false the
  // ServerHello has no extensions block at all, as SSL 3.0-era servers sent it.
  bool renegotiation_info = false;
};

// BuildServerHello returns the complete ServerHello message with null compression.
Bytes BuildServerHello(const ServerHelloFields& fields);

// BuildCertificate returns a Certificate message carrying one DER certificate.
Bytes BuildCertificate(ByteView certificate_der);

Bytes BuildServerHelloDone();
Bytes BuildFinished(ByteView verify_data);

// ReadEncryptedPreMaster takes the RSA-encrypted pre-master secret out of a
// ClientKeyExchange body. TLS puts a 2-byte length in front of it; SSL 3.0 does
// not (RFC 6101 5.6.7.1 vs RFC 2246 7.4.7.1). decode_error when the length does
// not match the body.
Expected<ByteView, AlertDescription> ReadEncryptedPreMaster(std::uint16_t version, ByteView body);

struct HandshakeMessage {
  HandshakeType type = HandshakeType::kHelloRequest;
  Bytes bytes;                   // header and body, as the message enters the Finished hash
  std::size_t record_count = 0;  // records the message was spread over
  ByteView body() const { return ByteView(bytes).subspan(4); }
};

enum class AssemblyError {
  kTooLong,  // the declared length is over the limit
};

// HandshakeAssembler joins handshake records into messages: one record may hold
// several messages and one message may span several records.
class HandshakeAssembler {
 public:
  // AddRecord appends the payload of one handshake record.
  void AddRecord(ByteView payload);

  // Next returns the next complete message, nullopt when it is not complete yet,
  // or kTooLong when its header declares more than max_body_bytes (the reader
  // refuses to buffer it).
  Expected<std::optional<HandshakeMessage>, AssemblyError> Next(std::size_t max_body_bytes);

  // partial is true while bytes of an incomplete message are buffered; another
  // content type arriving then is unexpected (RFC 2246 7.4 forbids interleaving).
  bool partial() const { return !buffer_.empty(); }

 private:
  Bytes buffer_;
  // Records that contributed to the first buffered message so far.
  std::size_t records_in_first_ = 0;
};

}  // namespace schannel_emu
