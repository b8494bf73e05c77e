#include "bench/memory_clients.h"

#include <gnutls/gnutls.h>
#include <openssl/bio.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace schannel_emu::bench {
namespace {

// LibsslClient drives an SSL object whose read and write BIOs are memory BIOs.
class LibsslClient final : public MemoryTlsClient {
 public:
  explicit LibsslClient(const char* cipher) {
    context_ = SSL_CTX_new(TLS_client_method());
    if (context_ == nullptr) return;
    SSL_CTX_set_min_proto_version(context_, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(context_, TLS1_VERSION);
    SSL_CTX_set_options(context_, SSL_OP_NO_TICKET);
    // Security level 0: TLS 1.0 and SHA-1 signatures are below libssl's default floor.
    const std::string list = std::string(cipher) + ":@SECLEVEL=0";
    if (SSL_CTX_set_cipher_list(context_, list.c_str()) != 1) return;
    ssl_ = SSL_new(context_);
    if (ssl_ == nullptr) return;
    from_server_ = BIO_new(BIO_s_mem());
    to_server_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_, from_server_, to_server_);
    SSL_set_connect_state(ssl_);
  }
  ~LibsslClient() override {
    SSL_free(ssl_);
    SSL_CTX_free(context_);
  }
  LibsslClient(const LibsslClient&) = delete;
  LibsslClient& operator=(const LibsslClient&) = delete;

  bool ok() const { return ssl_ != nullptr; }

  void Step() override {
    if (done_ || failed_) return;
    const int result = SSL_do_handshake(ssl_);
    if (result == 1) {
      done_ = true;
      return;
    }
    const int reason = SSL_get_error(ssl_, result);
    if (reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) failed_ = true;
  }

  Bytes TakeOutput() override {
    Bytes out(static_cast<std::size_t>(BIO_ctrl_pending(to_server_)));
    if (!out.empty()) {
      const int read = BIO_read(to_server_, out.data(), static_cast<int>(out.size()));
      out.resize(read > 0 ? static_cast<std::size_t>(read) : 0);
    }
    return out;
  }

  void Give(ByteView data) override {
    if (!data.empty()) BIO_write(from_server_, data.data(), static_cast<int>(data.size()));
  }

  bool handshake_done() const override { return done_; }
  bool failed() const override { return failed_; }

 private:
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
  BIO* from_server_ = nullptr;  // owned by ssl_
  BIO* to_server_ = nullptr;    // owned by ssl_
  bool done_ = false;
  bool failed_ = false;
};

// GnutlsClient drives a GnuTLS session through push/pull callbacks on two buffers.
class GnutlsClient final : public MemoryTlsClient {
 public:
  explicit GnutlsClient(const std::string& priority) {
    gnutls_certificate_allocate_credentials(&credentials_);
    gnutls_init(&session_, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS);
    const char* error_at = nullptr;
    ok_ = gnutls_priority_set_direct(session_, priority.c_str(), &error_at) == 0;
    gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, credentials_);
    gnutls_transport_set_ptr(session_, this);
    gnutls_transport_set_push_function(session_, &GnutlsClient::Push);
    gnutls_transport_set_pull_function(session_, &GnutlsClient::Pull);
  }
  ~GnutlsClient() override {
    gnutls_deinit(session_);
    gnutls_certificate_free_credentials(credentials_);
  }
  GnutlsClient(const GnutlsClient&) = delete;
  GnutlsClient& operator=(const GnutlsClient&) = delete;

  bool ok() const { return ok_; }

  void Step() override {
    if (done_ || failed_) return;
    const int result = gnutls_handshake(session_);
    if (result == GNUTLS_E_SUCCESS) {
      done_ = true;
    } else if (gnutls_error_is_fatal(result) != 0) {
      failed_ = true;
    }
  }

  Bytes TakeOutput() override { return std::exchange(outbox_, {}); }
  void Give(ByteView data) override { Append(inbox_, data); }
  bool handshake_done() const override { return done_; }
  bool failed() const override { return failed_; }

 private:
  static ssize_t Push(gnutls_transport_ptr_t self, const void* data, size_t size) {
    auto* client = static_cast<GnutlsClient*>(self);
    Append(client->outbox_, ByteView(static_cast<const std::uint8_t*>(data), size));
    return static_cast<ssize_t>(size);
  }

  static ssize_t Pull(gnutls_transport_ptr_t self, void* data, size_t size) {
    auto* client = static_cast<GnutlsClient*>(self);
    if (client->inbox_.empty()) {
      gnutls_transport_set_errno(client->session_, EAGAIN);
      return -1;
    }
    const std::size_t count = std::min(size, client->inbox_.size());
    std::memcpy(data, client->inbox_.data(), count);
    client->inbox_.erase(client->inbox_.begin(),
                         client->inbox_.begin() + static_cast<std::ptrdiff_t>(count));
    return static_cast<ssize_t>(count);
  }

  gnutls_certificate_credentials_t credentials_ = nullptr;
  gnutls_session_t session_ = nullptr;
  bool ok_ = false;
  bool done_ = false;
  bool failed_ = false;
  Bytes inbox_;
  Bytes outbox_;
};

const char* LibsslCipherName(std::uint16_t suite) {
  switch (suite) {
    case 0x002f:
      return "AES128-SHA";
    case 0x0035:
      return "AES256-SHA";
    default:
      return nullptr;
  }
}

const char* GnutlsSuitePriority(std::uint16_t suite) {
  switch (suite) {
    case 0x0004:
      return ":+ARCFOUR-128:+MD5";
    case 0x0005:
      return ":+ARCFOUR-128:+SHA1";
    case 0x000a:
      return ":+3DES-CBC:+SHA1";
    default:
      return nullptr;
  }
}

}  // namespace

std::unique_ptr<MemoryTlsClient> MakeMemoryClient(std::uint16_t suite, std::string& error) {
  if (const char* cipher = LibsslCipherName(suite)) {
    auto client = std::make_unique<LibsslClient>(cipher);
    if (client->ok()) return client;
    error = std::string("libssl refuses the cipher list ") + cipher;
    return nullptr;
  }
  if (const char* priority = GnutlsSuitePriority(suite)) {
    auto client = std::make_unique<GnutlsClient>(
        std::string("NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL") + priority);
    if (client->ok()) return client;
    error = std::string("this GnuTLS build cannot offer ") + priority;
    return nullptr;
  }
  error = "no in-process client offers suite " + std::to_string(suite);
  return nullptr;
}

}  // namespace schannel_emu::bench
