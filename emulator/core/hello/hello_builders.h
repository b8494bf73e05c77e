// Test helpers for the ClientHello reader: hellos, records and SSLv2 hellos built field by
// field, feeding in pieces, and comparing two parsed hellos.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/hello/client_hello.h"

namespace schannel_emu::hello_testing {

struct HelloFields {
  std::uint16_t version = kTls12;
  Bytes session_id;
  Bytes suites = {0x00, 0x2f, 0x00, 0x35, 0x00, 0xff};  // raw list bytes, so tests can break it
  Bytes compression = {0x00};
  std::optional<Bytes> extensions_block;  // nullopt: the hello ends after compression
  Bytes trailing;                         // bytes after the last field
};

inline Bytes BuildBody(const HelloFields& fields) {
  Bytes body;
  AppendU16(body, fields.version);
  for (std::uint8_t i = 0; i < 32; ++i) AppendU8(body, static_cast<std::uint8_t>(0xa0 + i));
  AppendVector8(body, fields.session_id);
  AppendVector16(body, fields.suites);
  AppendVector8(body, fields.compression);
  if (fields.extensions_block) AppendVector16(body, *fields.extensions_block);
  Append(body, fields.trailing);
  return body;
}

inline Bytes HandshakeMessage(std::uint8_t type, ByteView body) {
  Bytes message;
  AppendU8(message, type);
  AppendVector24(message, body);
  return message;
}

inline Bytes HelloMessage(const HelloFields& fields = {}) {
  return HandshakeMessage(1, BuildBody(fields));
}

inline Bytes Record(std::uint8_t type, std::uint16_t version, ByteView payload) {
  Bytes record;
  AppendU8(record, type);
  AppendU16(record, version);
  AppendVector16(record, payload);
  return record;
}

inline Bytes HandshakeRecord(ByteView payload, std::uint16_t version = kTls10) {
  return Record(22, version, payload);
}

// Fragment spreads a message over records of the given sizes (the last takes the rest).
inline Bytes Fragment(ByteView message, const std::vector<std::size_t>& sizes,
                      std::uint16_t first_version = kTls10, std::uint16_t later_version = kTls12) {
  Bytes stream;
  std::size_t offset = 0;
  for (std::size_t i = 0; i <= sizes.size(); ++i) {
    const std::size_t size = i < sizes.size() ? sizes[i] : message.size() - offset;
    Append(stream,
           HandshakeRecord(message.subspan(offset, size), i == 0 ? first_version : later_version));
    offset += size;
  }
  return stream;
}

inline Bytes Extension(std::uint16_t type, ByteView data) {
  Bytes out;
  AppendU16(out, type);
  AppendVector16(out, data);
  return out;
}

inline Bytes ServerNameExtensionData(std::string_view host) {
  Bytes entry;
  AppendU8(entry, 0);  // host_name
  AppendVector16(entry, AsBytes(host));
  Bytes data;
  AppendVector16(data, entry);
  return data;
}

// Ssl2Hello builds an SSLv2-format CLIENT-HELLO record with a 2-byte header.
inline Bytes Ssl2Hello(std::uint16_t version, const std::vector<std::uint32_t>& specs,
                       ByteView session_id, ByteView challenge) {
  Bytes body;
  AppendU8(body, 1);
  AppendU16(body, version);
  AppendU16(body, static_cast<std::uint16_t>(specs.size() * 3));
  AppendU16(body, static_cast<std::uint16_t>(session_id.size()));
  AppendU16(body, static_cast<std::uint16_t>(challenge.size()));
  for (const std::uint32_t spec : specs) AppendU24(body, spec);
  Append(body, session_id);
  Append(body, challenge);
  Bytes record;
  AppendU16(record, static_cast<std::uint16_t>(0x8000 | body.size()));
  Append(record, body);
  return record;
}

inline Bytes Counting(std::size_t count, std::uint8_t first) {
  Bytes bytes(count);
  for (std::size_t i = 0; i < count; ++i) bytes[i] = static_cast<std::uint8_t>(first + i);
  return bytes;
}

// FeedInPieces feeds `stream` cut at the given offsets and returns the final status.
inline ClientHelloReader::Status FeedInPieces(ClientHelloReader& reader, ByteView stream,
                                              const std::vector<std::size_t>& cuts) {
  std::size_t offset = 0;
  auto status = ClientHelloReader::Status::kNeedMore;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::size_t end = i < cuts.size() ? cuts[i] : stream.size();
    status = reader.Feed(stream.subspan(offset, end - offset));
    offset = end;
  }
  return status;
}

inline void ExpectSameHello(const ClientHello& actual, const ClientHello& expected) {
  EXPECT_EQ(actual.format, expected.format);
  EXPECT_EQ(actual.record_version, expected.record_version);
  EXPECT_EQ(actual.client_version, expected.client_version);
  EXPECT_EQ(actual.random, expected.random);
  EXPECT_EQ(actual.session_id, expected.session_id);
  EXPECT_EQ(actual.cipher_specs, expected.cipher_specs);
  EXPECT_EQ(actual.compression_methods, expected.compression_methods);
  EXPECT_EQ(actual.has_extensions_block, expected.has_extensions_block);
  ASSERT_EQ(actual.extensions.size(), expected.extensions.size());
  for (std::size_t i = 0; i < actual.extensions.size(); ++i) {
    EXPECT_EQ(actual.extensions[i].type, expected.extensions[i].type);
    const ByteView actual_data = actual.ExtensionData(actual.extensions[i]);
    const ByteView expected_data = expected.ExtensionData(expected.extensions[i]);
    EXPECT_EQ(Bytes(actual_data.begin(), actual_data.end()),
              Bytes(expected_data.begin(), expected_data.end()));
  }
  EXPECT_EQ(actual.message, expected.message);
  EXPECT_EQ(actual.record_count, expected.record_count);
}

// DataOf copies one extension's data out of the hello, for comparisons.
inline Bytes DataOf(const ClientHello& hello, const HelloExtension& extension) {
  const ByteView data = hello.ExtensionData(extension);
  return Bytes(data.begin(), data.end());
}

// ServerName reads the host name out of the hello's server_name extension.
inline std::optional<std::string> ServerName(const ClientHello& hello) {
  const HelloExtension* sni = hello.FindExtension(kExtServerName);
  if (sni == nullptr) return std::nullopt;
  ByteReader reader(hello.ExtensionData(*sni));
  auto list = reader.Vector16();
  if (!list) return std::nullopt;
  ByteReader entries(*list);
  const auto type = entries.U8();
  const auto name = entries.Vector16();
  if (!type || *type != 0 || !name) return std::nullopt;
  return std::string(AsText(*name));
}

}  // namespace schannel_emu::hello_testing
