#include "emulator/check/check_input.h"

#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

ClientHello HelloFromSuites(const std::vector<std::uint16_t>& suites,
                            std::uint16_t client_version) {
  ClientHello hello;
  hello.format = HelloFormat::kTls;
  hello.record_version = kTls10;
  hello.client_version = client_version;
  hello.cipher_specs.assign(suites.begin(), suites.end());
  hello.compression_methods = {0};

  // The body in RFC 5246 7.4.1.2 order; the random stays zero because nothing
  // judged here depends on it.
  Bytes body;
  AppendU16(body, client_version);
  Append(body, hello.random);
  AppendVector8(body, hello.session_id);
  Bytes suite_bytes;
  for (std::uint16_t suite : suites) {
    AppendU16(suite_bytes, suite);
  }
  AppendVector16(body, suite_bytes);
  AppendVector8(body, hello.compression_methods);

  AppendU8(hello.message, static_cast<std::uint8_t>(HandshakeType::kClientHello));
  AppendVector24(hello.message, body);
  return hello;
}

Bytes HelloRecordBytes(const ClientHello& hello) {
  Bytes record;
  AppendU8(record, static_cast<std::uint8_t>(ContentType::kHandshake));
  AppendU16(record, hello.record_version == 0 ? kTls10 : hello.record_version);
  AppendVector16(record, hello.message);
  return record;
}

}  // namespace schannel_emu
