#include "emulator/core/tls/handshake_messages.h"

namespace schannel_emu {
namespace {

// FirstMessageComplete is true when the buffer starts with a whole message.
bool FirstMessageComplete(const Bytes& buffer) {
  if (buffer.size() < 4) return false;
  const std::size_t length =
      (std::size_t{buffer[1]} << 16) | (std::size_t{buffer[2]} << 8) | std::size_t{buffer[3]};
  return buffer.size() - 4 >= length;
}

}  // namespace

Bytes BuildHandshake(HandshakeType type, ByteView body) {
  Bytes message;
  message.reserve(4 + body.size());
  AppendU8(message, static_cast<std::uint8_t>(type));
  AppendVector24(message, body);
  return message;
}

Bytes BuildServerHello(const ServerHelloFields& fields) {
  Bytes body;
  AppendU16(body, fields.version);
  Append(body, fields.random);
  AppendVector8(body, fields.session_id);
  AppendU16(body, fields.suite);
  AppendU8(body, 0);  // compression_method: null

  if (fields.renegotiation_info) {
    // One extension: renegotiation_info whose renegotiated_connection is empty,
    // the form RFC 5746 3.6 prescribes for an initial handshake.
    Bytes extension;
    AppendU16(extension, kExtRenegotiationInfo);
    const std::uint8_t empty_renegotiated_connection[] = {0};
    AppendVector16(extension, empty_renegotiated_connection);
    AppendVector16(body, extension);
  }
  return BuildHandshake(HandshakeType::kServerHello, body);
}

Bytes BuildCertificate(ByteView certificate_der) {
  Bytes entry;
  AppendVector24(entry, certificate_der);
  Bytes body;
  AppendVector24(body, entry);
  return BuildHandshake(HandshakeType::kCertificate, body);
}

Bytes BuildServerHelloDone() { return BuildHandshake(HandshakeType::kServerHelloDone, {}); }

Bytes BuildFinished(ByteView verify_data) {
  return BuildHandshake(HandshakeType::kFinished, verify_data);
}

Expected<ByteView, AlertDescription> ReadEncryptedPreMaster(std::uint16_t version, ByteView body) {
  if (version == kSsl3) {
    if (body.empty()) return Unexpected(AlertDescription::kDecodeError);
    return body;
  }
  ByteReader reader(body);
  const auto encrypted = reader.Vector16();
  if (!encrypted || !reader.empty() || encrypted->empty()) {
    return Unexpected(AlertDescription::kDecodeError);
  }
  return *encrypted;
}

void HandshakeAssembler::AddRecord(ByteView payload) {
  if (buffer_.empty()) {
    records_in_first_ = 1;
  } else if (!FirstMessageComplete(buffer_)) {
    ++records_in_first_;
  }
  buffer_.insert(buffer_.end(), payload.begin(), payload.end());
}

Expected<std::optional<HandshakeMessage>, AssemblyError> HandshakeAssembler::Next(
    std::size_t max_body_bytes) {
  if (buffer_.size() < 4) return std::optional<HandshakeMessage>();
  const std::size_t length =
      (std::size_t{buffer_[1]} << 16) | (std::size_t{buffer_[2]} << 8) | std::size_t{buffer_[3]};
  if (length > max_body_bytes) return Unexpected(AssemblyError::kTooLong);
  if (buffer_.size() - 4 < length) return std::optional<HandshakeMessage>();

  HandshakeMessage message;
  message.type = static_cast<HandshakeType>(buffer_[0]);
  const auto end = buffer_.begin() + static_cast<std::ptrdiff_t>(4 + length);
  message.bytes.assign(buffer_.begin(), end);
  message.record_count = records_in_first_;
  buffer_.erase(buffer_.begin(), end);

  // Whatever is left came from the record that completed this message.
  records_in_first_ = buffer_.empty() ? 0 : 1;
  return std::optional<HandshakeMessage>(std::move(message));
}

}  // namespace schannel_emu
