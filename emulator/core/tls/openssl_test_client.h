// OpenSslTestClient: a libssl client over memory BIOs, the independent peer of the
// engine's tests.
#pragma once

#include <openssl/ssl.h>

#include <string>

#include "emulator/core/base/bytes.h"
#include "emulator/core/tls/engine_test_support.h"

namespace schannel_emu::testing {

class OpenSslTestClient {
 public:
  // The client offers versions min..max and the suites of `cipher_list`; it does
  // not check the server's certificate (the tests' certificate is self-signed).
  OpenSslTestClient(int min_version, int max_version, const std::string& cipher_list);
  ~OpenSslTestClient();
  OpenSslTestClient(const OpenSslTestClient&) = delete;
  OpenSslTestClient& operator=(const OpenSslTestClient&) = delete;

  bool ok() const { return ssl_ != nullptr; }
  SSL* ssl() { return ssl_; }

  // Step advances the handshake; once it is done it writes queued data and reads.
  void Step();
  Bytes TakeOutput();
  void Give(ByteView data);
  bool handshake_done() const { return handshake_done_; }
  bool failed() const { return failed_; }

  void Write(ByteView data) { Append(to_write_, data); }
  Bytes TakeReceived() { return std::exchange(received_, {}); }

  ClientSide Side();

 private:
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
  BIO* from_server_ = nullptr;  // owned by ssl_
  BIO* to_server_ = nullptr;    // owned by ssl_
  bool handshake_done_ = false;
  bool failed_ = false;
  Bytes to_write_;
  Bytes received_;
};

}  // namespace schannel_emu::testing
