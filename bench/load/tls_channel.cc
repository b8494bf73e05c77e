#include "bench/load/tls_channel.h"

#include <gnutls/gnutls.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <array>
#include <mutex>

namespace schannel_emu::load {
namespace {

const std::array<SuiteChoice, 5> kChoices{{
    {"AES128-SHA", 0x002f, true},
    {"AES256-SHA", 0x0035, true},
    {"RC4-SHA", 0x0005, false},
    {"RC4-MD5", 0x0004, false},
    {"DES-CBC3-SHA", 0x000a, false},
}};

const char* GnutlsPriority(std::uint16_t code) {
  switch (code) {
    case 0x002f:
      return "NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL:+AES-128-CBC:+SHA1";
    case 0x0035:
      return "NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL:+AES-256-CBC:+SHA1";
    case 0x0005:
      return "NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL:+ARCFOUR-128:+SHA1";
    case 0x0004:
      return "NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL:+ARCFOUR-128:+MD5";
    default:
      return "NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL:+3DES-CBC:+SHA1";
  }
}

// LibsslContext is one SSL_CTX per suite name, shared by every connection (an
// SSL_CTX is safe to use from many threads once set up).
SSL_CTX* LibsslContext(const SuiteChoice& suite, std::string& error) {
  static std::mutex mutex;
  static SSL_CTX* contexts[2] = {nullptr, nullptr};
  const std::size_t slot = suite.code == 0x002f ? 0 : 1;
  const std::lock_guard<std::mutex> lock(mutex);
  if (contexts[slot] != nullptr) return contexts[slot];
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  const std::string list = suite.name + ":@SECLEVEL=0";
  if (context == nullptr || SSL_CTX_set_min_proto_version(context, TLS1_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(context, TLS1_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(context, list.c_str()) != 1) {
    SSL_CTX_free(context);
    error = "libssl cannot offer " + suite.name + " at TLS 1.0";
    return nullptr;
  }
  SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
  contexts[slot] = context;
  return context;
}

class LibsslChannel final : public TlsChannel {
 public:
  explicit LibsslChannel(SSL* ssl) : ssl_(ssl) {}
  ~LibsslChannel() override {
    if (ssl_ != nullptr) SSL_free(ssl_);
  }
  LibsslChannel(const LibsslChannel&) = delete;
  LibsslChannel& operator=(const LibsslChannel&) = delete;

  long Read(std::span<char> buffer) override {
    const int read = SSL_read(ssl_, buffer.data(), static_cast<int>(buffer.size()));
    return read > 0 ? read : -1;
  }
  long Write(std::string_view data) override {
    const int written = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
    return written > 0 ? written : -1;
  }
  void Abandon() override {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }

 private:
  SSL* ssl_;
};

class GnutlsChannel final : public TlsChannel {
 public:
  GnutlsChannel(gnutls_session_t session, gnutls_certificate_credentials_t credentials)
      : session_(session), credentials_(credentials) {}
  ~GnutlsChannel() override { Abandon(); }
  GnutlsChannel(const GnutlsChannel&) = delete;
  GnutlsChannel& operator=(const GnutlsChannel&) = delete;

  long Read(std::span<char> buffer) override {
    // On a blocking socket EAGAIN means its receive timeout ran out: a failure.
    ssize_t read = 0;
    for (int attempt = 0; attempt < 10; ++attempt) {
      read = gnutls_record_recv(session_, buffer.data(), buffer.size());
      if (read != GNUTLS_E_INTERRUPTED) break;
    }
    return read > 0 ? static_cast<long>(read) : -1;
  }
  long Write(std::string_view data) override {
    ssize_t written = 0;
    for (int attempt = 0; attempt < 10; ++attempt) {
      written = gnutls_record_send(session_, data.data(), data.size());
      if (written != GNUTLS_E_INTERRUPTED) break;
    }
    return written > 0 ? static_cast<long>(written) : -1;
  }
  void Abandon() override {
    if (session_ != nullptr) gnutls_deinit(session_);
    if (credentials_ != nullptr) gnutls_certificate_free_credentials(credentials_);
    session_ = nullptr;
    credentials_ = nullptr;
  }

 private:
  gnutls_session_t session_;
  gnutls_certificate_credentials_t credentials_;
};

std::unique_ptr<TlsChannel> StartLibssl(int fd, const SuiteChoice& suite, std::string& error) {
  SSL_CTX* context = LibsslContext(suite, error);
  if (context == nullptr) return nullptr;
  SSL* ssl = SSL_new(context);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    error = "libssl cannot set up a connection";
    return nullptr;
  }
  if (SSL_connect(ssl) != 1) {
    char reason[256];
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    error = std::string("TLS handshake failed: ") + reason;
    ERR_clear_error();
    SSL_free(ssl);
    return nullptr;
  }
  return std::make_unique<LibsslChannel>(ssl);
}

std::unique_ptr<TlsChannel> StartGnutls(int fd, const SuiteChoice& suite, std::string& error) {
  gnutls_certificate_credentials_t credentials = nullptr;
  gnutls_session_t session = nullptr;
  gnutls_certificate_allocate_credentials(&credentials);
  gnutls_init(&session, GNUTLS_CLIENT | GNUTLS_NO_TICKETS);
  auto channel = std::make_unique<GnutlsChannel>(session, credentials);
  const char* error_at = nullptr;
  if (gnutls_priority_set_direct(session, GnutlsPriority(suite.code), &error_at) != 0) {
    error = "this GnuTLS build cannot offer " + suite.name;
    return nullptr;
  }
  gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, credentials);
  gnutls_transport_set_int(session, fd);
  // Retry only what is neither fatal nor a timeout (EAGAIN on a blocking socket).
  int result = 0;
  for (int attempt = 0; attempt < 10; ++attempt) {
    result = gnutls_handshake(session);
    if (result >= 0 || result == GNUTLS_E_AGAIN || gnutls_error_is_fatal(result) != 0) break;
  }
  if (result < 0) {
    error = std::string("TLS handshake failed: ") + gnutls_strerror(result);
    return nullptr;
  }
  return channel;
}

}  // namespace

std::optional<SuiteChoice> FindSuiteChoice(std::string_view name) {
  for (const SuiteChoice& choice : kChoices) {
    if (choice.name == name) return choice;
  }
  return std::nullopt;
}

std::unique_ptr<TlsChannel> StartTls(int fd, const SuiteChoice& suite, std::string& error) {
  return suite.library == ClientLibrary::kGnutls ? StartGnutls(fd, suite, error)
                                                 : StartLibssl(fd, suite, error);
}

}  // namespace schannel_emu::load
