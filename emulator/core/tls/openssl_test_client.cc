#include "emulator/core/tls/openssl_test_client.h"

#include <openssl/err.h>

namespace schannel_emu::testing {

OpenSslTestClient::OpenSslTestClient(int min_version, int max_version,
                                     const std::string& cipher_list) {
  context_ = SSL_CTX_new(TLS_client_method());
  if (context_ == nullptr) return;
  SSL_CTX_set_min_proto_version(context_, min_version);
  SSL_CTX_set_max_proto_version(context_, max_version);
  SSL_CTX_set_verify(context_, SSL_VERIFY_NONE, nullptr);
  if (SSL_CTX_set_cipher_list(context_, cipher_list.c_str()) != 1) return;

  ssl_ = SSL_new(context_);
  from_server_ = BIO_new(BIO_s_mem());
  to_server_ = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl_, from_server_, to_server_);
  SSL_set_connect_state(ssl_);
}

OpenSslTestClient::~OpenSslTestClient() {
  SSL_free(ssl_);
  SSL_CTX_free(context_);
}

void OpenSslTestClient::Step() {
  if (failed_ || ssl_ == nullptr) return;
  if (!handshake_done_) {
    const int result = SSL_do_handshake(ssl_);
    if (result == 1) {
      handshake_done_ = true;
    } else {
      const int error = SSL_get_error(ssl_, result);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) failed_ = true;
      return;
    }
  }
  while (!to_write_.empty()) {
    const int written = SSL_write(ssl_, to_write_.data(), static_cast<int>(to_write_.size()));
    if (written <= 0) break;
    to_write_.erase(to_write_.begin(), to_write_.begin() + written);
  }
  std::uint8_t buffer[4096];
  for (int i = 0; i < 1000; ++i) {
    const int read = SSL_read(ssl_, buffer, sizeof buffer);
    if (read <= 0) {
      const int error = SSL_get_error(ssl_, read);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) failed_ = true;
      break;
    }
    received_.insert(received_.end(), buffer, buffer + read);
  }
}

Bytes OpenSslTestClient::TakeOutput() {
  Bytes out;
  std::uint8_t buffer[4096];
  for (;;) {
    const int read = BIO_read(to_server_, buffer, sizeof buffer);
    if (read <= 0) break;
    out.insert(out.end(), buffer, buffer + read);
  }
  return out;
}

void OpenSslTestClient::Give(ByteView data) {
  BIO_write(from_server_, data.data(), static_cast<int>(data.size()));
}

ClientSide OpenSslTestClient::Side() {
  return ClientSide{[this] { Step(); }, [this] { return TakeOutput(); },
                    [this](ByteView data) { Give(data); }, nullptr};
}

}  // namespace schannel_emu::testing
