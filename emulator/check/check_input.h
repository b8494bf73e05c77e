// CheckInput: one ClientHello to judge, with where it came from and what the reader assumed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/hello/client_hello.h"

namespace schannel_emu {

struct CheckInput {
  // The reader that produced it: "wireshark", "hex-record", "hex-handshake",
  // "hex-suites", "suite-list", "pcap", "openssl".
  std::string format;
  // Where in the input it was found, e.g. "10.0.0.5:40112 -> 10.0.0.9:25 (STARTTLS)".
  std::string origin;
  ClientHello hello;
  // The hello's records exactly as the sender put them on the wire, when the
  // input carried them (hex records, captures, libssl); nullopt for suite lists
  // and dissections, which only describe the hello.
  std::optional<Bytes> wire;
  // Things the reader had to assume, in words for the report ("client version
  // not in the dissection; assumed TLS 1.2").
  std::vector<std::string> notes;
};

// HelloFromSuites builds the ClientHello a TLS sender offering exactly `suites`
// would send: no session id, null compression, no extensions, TLS 1.0 record
// version. Its `message` is the encoded handshake message, so size checks work.
ClientHello HelloFromSuites(const std::vector<std::uint16_t>& suites, std::uint16_t client_version);

// HelloRecordBytes wraps hello.message in one handshake record carrying
// hello.record_version (TLS 1.0 when it is 0).
Bytes HelloRecordBytes(const ClientHello& hello);

}  // namespace schannel_emu
