// embed_example: a program that embeds the emulated Windows Server 2003 / Exchange 2007
// peer and talks to it in-process, with libssl as the sender.
//
// The peer is the SMTP engine in front and the legacy TLS engine behind STARTTLS, fed
// bytes and asked for bytes; nothing here opens a socket. The sender says EHLO, asks for
// STARTTLS, completes a TLS 1.0 AES128-SHA handshake, sends one message and quits. The
// program then checks that the message reached the sink octet for octet.
//
// Exit status: 0 when every step worked; 1 with the failing step on stderr.
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <memory>
#include <string>
#include <utility>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/random.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/smtp/message_sink.h"
#include "emulator/core/smtp/smtp_server.h"
#include "emulator/core/tls/self_signed.h"
#include "emulator/core/tls/server_engine.h"

namespace {

namespace se = schannel_emu;

constexpr std::int64_t kNow = 1'700'000'000;  // the engines take time from their caller
constexpr int kMaxRounds = 100;               // every exchange below is bounded

// The message as the sender means it; on the wire its dot-led line is dot-stuffed.
const std::string kMessage =
    "From: <sender@client.example>\r\n"
    "To: <postmaster@mail.example>\r\n"
    "Subject: embedded handshake\r\n"
    "\r\n"
    "Delivered over STARTTLS to an emulated Exchange 2007 on Windows Server 2003.\r\n"
    ".A line that starts with a dot, to show dot-stuffing is undone.\r\n";
const std::string kStuffedMessage =
    "From: <sender@client.example>\r\n"
    "To: <postmaster@mail.example>\r\n"
    "Subject: embedded handshake\r\n"
    "\r\n"
    "Delivered over STARTTLS to an emulated Exchange 2007 on Windows Server 2003.\r\n"
    "..A line that starts with a dot, to show dot-stuffing is undone.\r\n";

bool Fail(const char* step) {
  std::fprintf(stderr, "embed_example: %s\n", step);
  ERR_print_errors_fp(stderr);
  return false;
}

// KeepingSink keeps the last message in memory, where a real embedder would queue it.
class KeepingSink final : public se::MessageSink {
 public:
  se::StoreOutcome Store(const se::Envelope& envelope, se::ByteView content) override {
    envelope_ = envelope;
    content_.assign(content.begin(), content.end());
    se::StoreOutcome outcome;
    outcome.result = se::StoreResult::kStored;
    outcome.id = "embed-1";
    return outcome;
  }
  const se::Envelope& envelope() const { return envelope_; }
  const se::Bytes& content() const { return content_; }

 private:
  se::Envelope envelope_;
  se::Bytes content_;
};

// Peer is the emulated server: plaintext SMTP until STARTTLS, then SMTP inside the TLS
// engine. FromClient takes the sender's bytes; ToClient returns what to send back.
class Peer {
 public:
  Peer(const se::Profile& profile, const se::ServerCredentials& credentials, se::MessageSink& sink)
      : profile_(profile),
        credentials_(credentials),
        random_(42),
        smtp_(profile.smtp, {"mail.example", "Tue, 14 Nov 2023 22:13:20 +0000", "192.0.2.7"},
              sink) {
    smtp_.Start();
    se::Append(to_client_, smtp_.TakeOutput());
  }

  void FromClient(se::ByteView data) {
    if (!tls_) {
      smtp_.Receive(data);
      se::Append(to_client_, smtp_.TakeOutput());
      // The 220 reply to STARTTLS went out in plaintext; what follows is TLS.
      if (smtp_.starttls_requested()) StartTls();
      return;
    }

    tls_->Receive(data);
    if (!told_smtp_ && tls_->state() == se::TlsState::kEstablished) {
      const auto suite = se::FindCipherSuite(tls_->suite());
      smtp_.TlsStarted(se::VersionName(tls_->version()),
                       suite ? std::string(suite->iana_name) : std::string());
      told_smtp_ = true;
    }
    const se::Bytes plaintext = tls_->TakeApplicationData();
    if (!plaintext.empty()) smtp_.Receive(plaintext);
    const se::Bytes replies = smtp_.TakeOutput();
    if (!replies.empty()) tls_->SendApplicationData(replies);
    se::Append(to_client_, tls_->TakeOutput());
  }

  se::Bytes ToClient() { return std::exchange(to_client_, {}); }
  const se::TlsServerEngine* tls() const { return tls_.get(); }

 private:
  void StartTls() {
    se::TlsEngineOptions options;
    options.profile = &profile_;
    options.credentials = &credentials_;
    options.random = &random_;
    options.now_seconds = kNow;
    tls_ = std::make_unique<se::TlsServerEngine>(options);
  }

  const se::Profile& profile_;
  const se::ServerCredentials& credentials_;
  se::DeterministicRandom random_;  // a reproducible run; a server would use OsRandom
  se::SmtpServer smtp_;
  std::unique_ptr<se::TlsServerEngine> tls_;
  bool told_smtp_ = false;
  se::Bytes to_client_;
};

// Sender is the client: plaintext lines first, then libssl over two memory BIOs.
class Sender {
 public:
  explicit Sender(Peer& peer) : peer_(peer) {}
  ~Sender() {
    SSL_free(ssl_);
    SSL_CTX_free(context_);
  }

  // Plain sends one plaintext command and returns the complete reply.
  std::string Plain(const std::string& line) {
    peer_.FromClient(se::AsBytes(line));
    const se::Bytes reply = peer_.ToClient();
    return std::string(se::AsText(reply));
  }
  std::string Banner() { return std::string(se::AsText(peer_.ToClient())); }

  // Handshake runs a TLS 1.0 handshake offering only AES128-SHA (libssl needs security
  // level 0 to speak TLS 1.0 at all).
  bool Handshake() {
    context_ = SSL_CTX_new(TLS_client_method());
    if (context_ == nullptr) return Fail("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(context_, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(context_, TLS1_VERSION);
    SSL_CTX_set_verify(context_, SSL_VERIFY_NONE, nullptr);  // a self-signed test certificate
    if (SSL_CTX_set_cipher_list(context_, "AES128-SHA:@SECLEVEL=0") != 1) {
      return Fail("libssl does not offer AES128-SHA");
    }
    ssl_ = SSL_new(context_);
    to_peer_ = BIO_new(BIO_s_mem());
    from_peer_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_, from_peer_, to_peer_);
    SSL_set_connect_state(ssl_);

    for (int round = 0; round < kMaxRounds; ++round) {
      const int result = SSL_do_handshake(ssl_);
      // Ask for the error before Move: writing into the read BIO clears its retry
      // flag, which would turn "wants to read" into a bogus syscall error.
      const int error = SSL_get_error(ssl_, result);
      Move();
      if (result == 1) return true;
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) break;
    }
    return Fail("the TLS handshake did not complete");
  }

  // Command sends `text` inside TLS and returns the reply once its last line is in.
  std::string Command(const std::string& text) {
    if (SSL_write(ssl_, text.data(), static_cast<int>(text.size())) <= 0) return {};
    std::string reply;
    for (int round = 0; round < kMaxRounds && !Complete(reply); ++round) {
      Move();
      char buffer[4096];
      const int read = SSL_read(ssl_, buffer, sizeof buffer);
      if (read > 0) reply.append(buffer, static_cast<std::size_t>(read));
    }
    return reply;
  }

 private:
  // Move carries pending bytes both ways once.
  void Move() {
    se::Bytes out(static_cast<std::size_t>(BIO_ctrl_pending(to_peer_)));
    if (!out.empty()) {
      BIO_read(to_peer_, out.data(), static_cast<int>(out.size()));
      peer_.FromClient(out);
    }
    const se::Bytes in = peer_.ToClient();
    if (!in.empty()) BIO_write(from_peer_, in.data(), static_cast<int>(in.size()));
  }

  // Complete: the text ends with a reply's last line ("250 ...\r\n", not "250-...").
  static bool Complete(const std::string& reply) {
    if (reply.size() < 6 || reply.compare(reply.size() - 2, 2, "\r\n") != 0) return false;
    const std::size_t start = reply.rfind("\r\n", reply.size() - 3);
    const std::size_t line = start == std::string::npos ? 0 : start + 2;
    return reply.size() > line + 3 && reply[line + 3] == ' ';
  }

  Peer& peer_;
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
  BIO* to_peer_ = nullptr;    // owned by ssl_
  BIO* from_peer_ = nullptr;  // owned by ssl_
};

bool Expect(const std::string& reply, const char* code, const char* step) {
  if (reply.compare(0, 3, code) == 0) return true;
  std::fprintf(stderr, "embed_example: %s: expected %s, got \"%s\"\n", step, code, reply.c_str());
  return false;
}

bool Run() {
  const se::Profile* profile = se::FindBuiltinProfile("win2003-aes");
  if (profile == nullptr) return Fail("the built-in profile win2003-aes is missing");

  se::DeterministicRandom certificate_random(7);
  auto generated =
      se::GenerateSelfSignedCredentials(1024, "sha256", "mail.example", certificate_random, kNow);
  if (!generated) return Fail(generated.error().c_str());

  KeepingSink sink;
  Peer peer(*profile, generated->credentials, sink);
  Sender sender(peer);

  if (!Expect(sender.Banner(), "220", "banner")) return false;
  if (!Expect(sender.Plain("EHLO client.example\r\n"), "250", "EHLO")) return false;
  if (!Expect(sender.Plain("STARTTLS\r\n"), "220", "STARTTLS")) return false;
  if (!sender.Handshake()) return false;

  const se::TlsServerEngine* tls = peer.tls();
  if (tls->version() != se::kTls10 || tls->suite() != 0x002f) {
    return Fail("the peer did not answer with TLS 1.0 and AES128-SHA");
  }
  if (!Expect(sender.Command("EHLO client.example\r\n"), "250", "EHLO inside TLS") ||
      !Expect(sender.Command("MAIL FROM:<sender@client.example>\r\n"), "250", "MAIL") ||
      !Expect(sender.Command("RCPT TO:<postmaster@mail.example>\r\n"), "250", "RCPT") ||
      !Expect(sender.Command("DATA\r\n"), "354", "DATA") ||
      !Expect(sender.Command(kStuffedMessage + ".\r\n"), "250", "end of data") ||
      !Expect(sender.Command("QUIT\r\n"), "221", "QUIT")) {
    return false;
  }

  if (se::AsText(sink.content()) != kMessage) return Fail("the stored message differs");
  if (!sink.envelope().tls) return Fail("the envelope does not say the message came over TLS");
  std::printf("embed_example: %zu-octet message delivered over %s %s to the emulated peer\n",
              sink.content().size(), sink.envelope().tls_version.c_str(),
              sink.envelope().tls_suite.c_str());
  return true;
}

}  // namespace

int main() { return Run() ? 0 : 1; }
