// TlsChannel: a blocking TLS 1.0 client on a connected socket, for the load
// generator. libssl speaks the AES suites; GnuTLS speaks RC4 and 3DES, which
// Debian's libssl no longer offers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schannel_emu::load {

// SuiteChoice names the one suite the client offers and the library that offers it.
struct SuiteChoice {
  std::string name;  // OpenSSL-style name, "AES128-SHA"
  std::uint16_t code = 0;
  bool gnutls = false;
};

// FindSuiteChoice knows AES128-SHA, AES256-SHA, RC4-SHA, RC4-MD5 and DES-CBC3-SHA.
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
