#include "emulator/core/hello/client_hello.h"

#include <algorithm>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

constexpr std::size_t kRecordHeaderBytes = 5;
constexpr std::size_t kHandshakeHeaderBytes = 4;
constexpr std::size_t kSsl2HeaderBytes = 2;
constexpr std::size_t kRandomBytes = 32;
constexpr std::size_t kMaxSessionIdBytes = 32;
constexpr std::uint8_t kSsl2ClientHelloType = 1;
constexpr std::uint8_t kHandshakeType = static_cast<std::uint8_t>(ContentType::kHandshake);
constexpr std::uint8_t kClientHelloType = static_cast<std::uint8_t>(HandshakeType::kClientHello);

Unexpected<HelloError> Fail(HelloError error) { return Unexpected<HelloError>{error}; }

bool IsTlsContentType(std::uint8_t type) {
  return type >= static_cast<std::uint8_t>(ContentType::kChangeCipherSpec) &&
         type <= static_cast<std::uint8_t>(ContentType::kApplicationData);
}

std::uint16_t ReadU16At(ByteView bytes, std::size_t offset) {
  return static_cast<std::uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
}

// ParseExtensions splits an extensions block, which lies inside `message`, into its
// entries. The block must be exactly a sequence of (type, length, data); duplicates
// are kept as sent, since judging them is the caller's business.
Expected<std::vector<HelloExtension>, HelloError> ParseExtensions(ByteView message,
                                                                  ByteView block) {
  std::vector<HelloExtension> extensions;
  extensions.reserve(16);  // more than most clients send; a longer list just grows
  ByteReader reader(block);
  while (!reader.empty()) {
    const auto type = reader.U16();
    if (!type) return Fail(HelloError::kBadExtensions);
    const auto data = reader.Vector16();
    if (!data) return Fail(HelloError::kBadExtensions);
    const auto offset = static_cast<std::size_t>(data->data() - message.data());
    extensions.push_back({*type, offset, data->size()});
  }
  return extensions;
}

}  // namespace

std::string_view HelloErrorName(HelloError error) {
  switch (error) {
    case HelloError::kTruncated:
      return "truncated";
    case HelloError::kNotHandshakeRecord:
      return "not_handshake_record";
    case HelloError::kBadRecordVersion:
      return "bad_record_version";
    case HelloError::kRecordTooLong:
      return "record_too_long";
    case HelloError::kEmptyRecord:
      return "empty_record";
    case HelloError::kInterleavedRecord:
      return "interleaved_record";
    case HelloError::kNotClientHello:
      return "not_client_hello";
    case HelloError::kMessageTooLong:
      return "message_too_long";
    case HelloError::kBadLength:
      return "bad_length";
    case HelloError::kBadVersion:
      return "bad_version";
    case HelloError::kBadSessionId:
      return "bad_session_id";
    case HelloError::kBadCipherSuites:
      return "bad_cipher_suites";
    case HelloError::kBadCompressionMethods:
      return "bad_compression_methods";
    case HelloError::kBadExtensions:
      return "bad_extensions";
    case HelloError::kTrailingData:
      return "trailing_data";
    case HelloError::kBadSsl2Hello:
      return "bad_ssl2_hello";
  }
  return "unknown_hello_error";
}

std::string_view DescribeHelloError(HelloError error) {
  switch (error) {
    case HelloError::kTruncated:
      return "The input ended before the ClientHello was complete; capture the whole first "
             "flight of the client.";
    case HelloError::kNotHandshakeRecord:
      return "The first record is not a handshake record; check that the client really "
             "starts TLS here (for SMTP, only after the 220 reply to STARTTLS).";
    case HelloError::kBadRecordVersion:
      return "A record's version does not start with 3; the client is not speaking SSL 3.0 "
             "or TLS on this connection.";
    case HelloError::kRecordTooLong:
      return "A record is longer than 16384 bytes, which TLS forbids for plaintext; the "
             "client's record layer is broken or the stream is not TLS.";
    case HelloError::kEmptyRecord:
      return "The client sent an empty handshake record, which TLS forbids; fix the client's "
             "record layer.";
    case HelloError::kInterleavedRecord:
      return "Another record type arrived in the middle of the ClientHello fragments; the "
             "client must send the whole hello before anything else.";
    case HelloError::kNotClientHello:
      return "The first handshake message is not a ClientHello; the client has to open the "
             "handshake with one.";
    case HelloError::kMessageTooLong:
      return "The ClientHello declares a length over the reader's limit; raise the limit if "
             "the client is legitimate.";
    case HelloError::kBadLength:
      return "A length field inside the ClientHello does not match the bytes around it; the "
             "client built a malformed hello.";
    case HelloError::kBadVersion:
      return "The ClientHello's version is not an SSL 3.0/TLS version (nor SSL 2.0 in an "
             "SSLv2-format hello); the client must offer one of those.";
    case HelloError::kBadSessionId:
      return "The session id has an invalid length (over 32 bytes, or neither 0 nor 16 in an "
             "SSLv2-format hello); fix the client's session cache.";
    case HelloError::kBadCipherSuites:
      return "The cipher suite list is empty or not a whole number of entries; configure the "
             "client with at least one suite.";
    case HelloError::kBadCompressionMethods:
      return "The compression list is empty or lacks the null method; the client must "
             "always offer null compression.";
    case HelloError::kBadExtensions:
      return "The extensions block is not a well-formed list; the client built a malformed "
             "hello.";
    case HelloError::kTrailingData:
      return "Bytes follow the last field of the ClientHello (or the hello inside its last "
             "record); the client built a malformed hello.";
    case HelloError::kBadSsl2Hello:
      return "An SSLv2-format record is not a well-formed CLIENT-HELLO (wrong type, 3-byte "
             "header, or bad challenge length); configure the client to send a TLS hello.";
  }
  return "Unknown ClientHello error; report this as a bug in the emulator.";
}

const HelloExtension* ClientHello::FindExtension(std::uint16_t type) const {
  const auto found = std::find_if(extensions.begin(), extensions.end(),
                                  [type](const HelloExtension& ext) { return ext.type == type; });
  return found == extensions.end() ? nullptr : &*found;
}

ByteView ClientHello::ExtensionData(const HelloExtension& extension) const {
  if (extension.offset > message.size() || extension.length > message.size() - extension.offset) {
    return {};
  }
  return ByteView(message).subspan(extension.offset, extension.length);
}

std::vector<std::uint16_t> ClientHello::TlsSuites() const {
  std::vector<std::uint16_t> suites;
  suites.reserve(cipher_specs.size());
  for (const std::uint32_t spec : cipher_specs) {
    if (!IsSsl2OnlySpec(spec)) suites.push_back(static_cast<std::uint16_t>(spec));
  }
  return suites;
}

namespace {

// ParseTlsHello reads every field of a TLS ClientHello message into a hello whose
// `message` the caller fills: the reader moves its own buffer in, so the bytes
// are not copied a second time.
Expected<ClientHello, HelloError> ParseTlsHello(ByteView message) {
  ByteReader reader(message);
  const auto type = reader.U8();
  if (!type) return Fail(HelloError::kBadLength);
  if (*type != kClientHelloType) return Fail(HelloError::kNotClientHello);
  const auto length = reader.U24();
  if (!length || *length != reader.remaining()) return Fail(HelloError::kBadLength);

  ClientHello hello;
  hello.format = HelloFormat::kTls;

  const auto version = reader.U16();
  if (!version) return Fail(HelloError::kBadLength);
  if ((*version >> 8) != 3) return Fail(HelloError::kBadVersion);
  hello.client_version = *version;

  const auto random = reader.Take(kRandomBytes);
  if (!random) return Fail(HelloError::kBadLength);
  std::copy(random->begin(), random->end(), hello.random.begin());

  const auto session_id = reader.Vector8();
  if (!session_id) return Fail(HelloError::kBadLength);
  if (session_id->size() > kMaxSessionIdBytes) return Fail(HelloError::kBadSessionId);
  hello.session_id.assign(session_id->begin(), session_id->end());

  const auto suites = reader.Vector16();
  if (!suites) return Fail(HelloError::kBadLength);
  if (suites->empty() || suites->size() % 2 != 0) return Fail(HelloError::kBadCipherSuites);
  // Decoded in place rather than through a reader: a modern list has 80 or more
  // entries, and this loop is most of the cost of reading a hello.
  const std::size_t suite_count = suites->size() / 2;
  hello.cipher_specs.resize(suite_count);
  const std::uint8_t* in = suites->data();
  std::uint32_t* out = hello.cipher_specs.data();
  for (std::size_t i = 0; i < suite_count; ++i) {
    out[i] = (std::uint32_t{in[2 * i]} << 8) | in[2 * i + 1];
  }

  const auto compression = reader.Vector8();
  if (!compression) return Fail(HelloError::kBadLength);
  if (std::find(compression->begin(), compression->end(), 0) == compression->end()) {
    return Fail(HelloError::kBadCompressionMethods);
  }
  hello.compression_methods.assign(compression->begin(), compression->end());

  // SSL 3.0 and early TLS clients end the hello here; RFC 2246 7.4.1.2 allows it.
  if (reader.empty()) return hello;

  const auto block = reader.Vector16();
  if (!block) return Fail(HelloError::kBadExtensions);
  if (!reader.empty()) return Fail(HelloError::kTrailingData);
  auto extensions = ParseExtensions(message, *block);
  if (!extensions) return Fail(extensions.error());
  hello.has_extensions_block = true;
  hello.extensions = std::move(extensions.value());
  return hello;
}

}  // namespace

Expected<ClientHello, HelloError> ParseClientHelloMessage(ByteView message) {
  auto hello = ParseTlsHello(message);
  if (hello) hello->message.assign(message.begin(), message.end());
  return hello;
}

Expected<ClientHello, HelloError> ParseSsl2ClientHello(ByteView record) {
  ByteReader reader(record);
  const auto header = reader.U16();
  if (!header) return Fail(HelloError::kBadLength);
  if ((*header & 0x8000) == 0) return Fail(HelloError::kBadSsl2Hello);
  if ((*header & 0x7fff) != reader.remaining()) return Fail(HelloError::kBadLength);

  const auto type = reader.U8();
  if (!type) return Fail(HelloError::kBadLength);
  if (*type != kSsl2ClientHelloType) return Fail(HelloError::kBadSsl2Hello);
  const auto version = reader.U16();
  const auto spec_length = reader.U16();
  const auto session_id_length = reader.U16();
  const auto challenge_length = reader.U16();
  if (!version || !spec_length || !session_id_length || !challenge_length) {
    return Fail(HelloError::kBadLength);
  }

  if (*version != kSsl2 && (*version >> 8) != 3) return Fail(HelloError::kBadVersion);
  if (*spec_length == 0 || *spec_length % 3 != 0) return Fail(HelloError::kBadCipherSuites);
  // RFC 2246 E.1: the session id is empty or 16 bytes, the challenge 16 to 32 bytes.
  if (*session_id_length != 0 && *session_id_length != 16) return Fail(HelloError::kBadSessionId);
  if (*challenge_length < 16 || *challenge_length > kRandomBytes) {
    return Fail(HelloError::kBadSsl2Hello);
  }

  const auto specs = reader.Take(*spec_length);
  const auto session_id = reader.Take(*session_id_length);
  const auto challenge = reader.Take(*challenge_length);
  if (!specs || !session_id || !challenge) return Fail(HelloError::kBadLength);
  if (!reader.empty()) return Fail(HelloError::kTrailingData);

  ClientHello hello;
  hello.format = HelloFormat::kSsl2Compatible;
  hello.record_version = 0;
  hello.client_version = *version;
  ByteReader spec_reader(*specs);
  while (const auto spec = spec_reader.U24()) hello.cipher_specs.push_back(*spec);
  hello.session_id.assign(session_id->begin(), session_id->end());

  // RFC 2246 E.1: a shorter challenge becomes the right end of the 32-byte random,
  // with zeros in front, so both sides derive the same keys.
  std::copy(challenge->begin(), challenge->end(),
            hello.random.begin() + static_cast<std::ptrdiff_t>(kRandomBytes - challenge->size()));

  hello.message.assign(record.begin() + kSsl2HeaderBytes, record.end());
  hello.record_count = 1;
  return hello;
}

bool LooksLikeSsl2Hello(ByteView first_bytes) {
  return first_bytes.size() >= 3 && (first_bytes[0] & 0x80) != 0 &&
         first_bytes[2] == kSsl2ClientHelloType;
}

ClientHelloReader::Status ClientHelloReader::Feed(ByteView data) {
  // Most hellos are a few hundred bytes: one allocation up front holds the whole
  // record instead of a growth for the first byte, the header and the body.
  constexpr std::size_t kTypicalRecord = 512;
  if (buffer_.capacity() == 0) buffer_.reserve(kTypicalRecord);

  // Copy only what the step in progress needs, so a pipelined flight after the
  // hello (or a flood) never lands in the reader's memory.
  while (status_ == Status::kNeedMore && !data.empty()) {
    const std::size_t take = std::min(wanted_ - buffer_.size(), data.size());
    buffer_.insert(buffer_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(take));
    data = data.subspan(take);
    status_ = Advance();
  }
  return status_;
}

ClientHelloReader::Status ClientHelloReader::Finish(HelloError error) {
  error_ = error;
  buffer_.clear();
  message_.clear();
  return Status::kError;
}

ClientHelloReader::Status ClientHelloReader::Complete(Expected<ClientHello, HelloError> parsed) {
  buffer_.clear();
  message_.clear();
  if (!parsed) return Finish(parsed.error());
  hello_ = std::move(parsed.value());
  return Status::kComplete;
}

ClientHelloReader::Status ClientHelloReader::StartFirstRecord() {
  const std::uint8_t first = buffer_[0];

  if ((first & 0x80) != 0) {
    if (buffer_.size() < 3) return NeedTotal(3);
    if (!LooksLikeSsl2Hello(buffer_)) return Finish(HelloError::kBadSsl2Hello);
    const std::size_t length = ReadU16At(buffer_, 0) & 0x7fff;
    if (length > max_message_bytes_) return Finish(HelloError::kMessageTooLong);
    if (buffer_.size() < kSsl2HeaderBytes + length) return NeedTotal(kSsl2HeaderBytes + length);
    consumed_ = buffer_.size();
    return Complete(ParseSsl2ClientHello(buffer_));
  }

  if (first == kHandshakeType) {
    reading_tls_ = true;
    return NeedTotal(kRecordHeaderBytes);
  }
  if (IsTlsContentType(first)) return Finish(HelloError::kNotHandshakeRecord);

  // Neither TLS nor a 2-byte SSLv2 header: an SSLv2 record with a 3-byte header
  // (padding) carrying a CLIENT-HELLO in its fourth byte. RFC 2246 E.1 requires
  // the 2-byte form for a compatible hello, so it is named as such rather than
  // lumped in with garbage.
  if (buffer_.size() < 4) return NeedTotal(4);
  if (buffer_[3] == kSsl2ClientHelloType) return Finish(HelloError::kBadSsl2Hello);
  return Finish(HelloError::kNotHandshakeRecord);
}

ClientHelloReader::Status ClientHelloReader::NeedTotal(std::size_t total) {
  wanted_ = total;
  // Every caller has bounded `total` (a record, or a header), so reserving it is safe
  // and saves growing the buffer a few bytes at a time.
  buffer_.reserve(total);
  return Status::kNeedMore;
}

ClientHelloReader::Status ClientHelloReader::Advance() {
  if (buffer_.size() < wanted_) return Status::kNeedMore;
  if (!reading_tls_) return StartFirstRecord();
  if (buffer_.size() < kRecordHeaderBytes) return NeedTotal(kRecordHeaderBytes);

  // Judge the header before its body arrives, so a bad record costs no memory.
  const std::uint8_t type = buffer_[0];
  const std::uint16_t version = ReadU16At(buffer_, 1);
  const std::size_t length = ReadU16At(buffer_, 3);
  if (type != kHandshakeType) {
    return Finish(record_count_ == 0 ? HelloError::kNotHandshakeRecord
                                     : HelloError::kInterleavedRecord);
  }
  if ((version >> 8) != 3) return Finish(HelloError::kBadRecordVersion);
  if (length > kMaxPlaintextFragment) return Finish(HelloError::kRecordTooLong);
  if (length == 0) return Finish(HelloError::kEmptyRecord);
  if (buffer_.size() < kRecordHeaderBytes + length) {
    return NeedTotal(kRecordHeaderBytes + length);
  }

  if (record_count_ == 0) first_record_version_ = version;
  ++record_count_;
  consumed_ += buffer_.size();
  if (message_.empty()) {
    // Most hellos fit one record: its buffer becomes the message without a copy.
    buffer_.erase(buffer_.begin(), buffer_.begin() + kRecordHeaderBytes);
    message_.swap(buffer_);
  } else {
    message_.insert(message_.end(), buffer_.begin() + kRecordHeaderBytes, buffer_.end());
  }
  buffer_.clear();

  if (message_[0] != kClientHelloType) return Finish(HelloError::kNotClientHello);
  if (message_.size() < kHandshakeHeaderBytes) return NeedTotal(kRecordHeaderBytes);
  const std::size_t total = kHandshakeHeaderBytes + ((std::size_t{message_[1]} << 16) |
                                                     (std::size_t{message_[2]} << 8) | message_[3]);
  if (total > max_message_bytes_) return Finish(HelloError::kMessageTooLong);
  if (message_.size() < total) return NeedTotal(kRecordHeaderBytes);
  // A client sends nothing after its hello until the server answers, so handshake
  // bytes sharing the hello's last record are malformed input, not a next message.
  if (message_.size() > total) return Finish(HelloError::kTrailingData);

  auto parsed = ParseTlsHello(message_);
  if (parsed) {
    parsed->message = std::move(message_);
    parsed->record_version = first_record_version_;
    parsed->record_count = record_count_;
  }
  return Complete(std::move(parsed));
}

Expected<ClientHello, HelloError> ReadClientHello(ByteView stream) {
  ClientHelloReader reader;
  switch (reader.Feed(stream)) {
    case ClientHelloReader::Status::kComplete:
      return std::move(reader).TakeHello();
    case ClientHelloReader::Status::kError:
      return Fail(reader.error());
    case ClientHelloReader::Status::kNeedMore:
      break;
  }
  return Fail(HelloError::kTruncated);
}

}  // namespace schannel_emu
