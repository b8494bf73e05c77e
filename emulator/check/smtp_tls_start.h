// Where the TLS bytes start in a reassembled client stream: after STARTTLS, or at once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {

struct TlsStart {
  std::size_t offset = 0;  // first byte of the client's TLS records in its stream
  bool starttls = false;   // false: implicit TLS (a hello at the start of the flow)
  std::string note;        // something odd about the session, or empty
};

// FindClientTlsStart looks at both directions of one TCP connection. An SMTP
// session on any port (server greets with 220, client sends EHLO/HELO and then
// STARTTLS) yields the offset just after the client's STARTTLS line. A client
// stream that starts with a TLS record or SSLv2 hello yields offset 0. Anything
// else yields nullopt.
std::optional<TlsStart> FindClientTlsStart(const Bytes& client, const Bytes& server);

}  // namespace schannel_emu
