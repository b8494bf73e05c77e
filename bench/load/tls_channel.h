// TlsChannel: a blocking TLS 1.0 client on a connected socket, for the load
// generator. GnuTLS speaks every suite; libssl speaks the AES suites only (Debian's
// libssl has no RC4 or 3DES).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schannel_emu::load {

// ClientLibrary is the TLS implementation the load generator's client uses. GnuTLS is
// the default: on a small machine the client shares the CPUs with the server it
// measures, and a GnuTLS 3.7 handshake costs this client about half the CPU of a
// libssl 3.0 one (measured with schannel-load against the emulator, user time).
enum class ClientLibrary { kGnutls, kLibssl };

// SuiteChoice names the one suite the client offers and the library that offers it.
struct SuiteChoice {
  std::string name;  // OpenSSL-style name, "AES128-SHA"
  std::uint16_t code = 0;
  bool libssl_can = false;  // Debian's libssl can offer it (AES only)
  ClientLibrary library = ClientLibrary::kGnutls;
};

// FindSuiteChoice knows AES128-SHA, AES256-SHA, RC4-SHA, RC4-MD5 and DES-CBC3-SHA,
// each with the GnuTLS client.
std::optional<SuiteChoice> FindSuiteChoice(std::string_view name);

// TlsChannel is one client connection after STARTTLS. Read and Write block (the
// socket's own timeouts bound them) and return the byte count, or a negative value
// on failure or end of stream.
class TlsChannel {
 public:
  virtual ~TlsChannel() = default;
  virtual long Read(std::span<char> buffer) = 0;
  virtual long Write(std::string_view data) = 0;
  // Abandon forgets the TLS state without sending close_notify; the socket stays
  // open (its owner closes it). Used to hold many idle connections cheaply.
  virtual void Abandon() = 0;
};

// StartTls runs the client handshake on `fd`. On failure it returns null and
// `error` names the failed step and the library's reason.
std::unique_ptr<TlsChannel> StartTls(int fd, const SuiteChoice& suite, std::string& error);

}  // namespace schannel_emu::load
