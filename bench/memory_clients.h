// In-process TLS 1.0 clients over byte buffers, the peers the benchmarks record
// handshakes with: libssl for the AES suites, GnuTLS for RC4 and 3DES, which
// Debian's libssl no longer offers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "emulator/core/base/bytes.h"

namespace schannel_emu::bench {

// MemoryTlsClient is a client whose transport is two byte queues: TakeOutput gives
// what it wants to send, Give hands it the server's bytes. Step never blocks.
class MemoryTlsClient {
 public:
  virtual ~MemoryTlsClient() = default;

  // Step advances the handshake as far as the bytes given so far allow.
  virtual void Step() = 0;
  virtual Bytes TakeOutput() = 0;
  virtual void Give(ByteView data) = 0;
  virtual bool handshake_done() const = 0;
  virtual bool failed() const = 0;
};

// MakeMemoryClient returns a TLS 1.0 client that offers only `suite` (0x0004,
// 0x0005, 0x000a, 0x002f or 0x0035), with session tickets off so the flights stay
// those of a 2003-era client. On failure (an unknown suite, a library that cannot
// offer it) it returns null and `error` says why.
std::unique_ptr<MemoryTlsClient> MakeMemoryClient(std::uint16_t suite, std::string& error);

}  // namespace schannel_emu::bench
