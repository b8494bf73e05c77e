// TlsServerEngine against GnuTLS clients: the suites libssl no longer offers (RC4,
// 3DES) and session resumption.
#include <gnutls/gnutls.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

#include "emulator/core/tls/engine_test_support.h"
#include "emulator/core/tls/server_engine.h"

namespace schannel_emu::testing {
namespace {

constexpr const char* kBase = "NONE:+VERS-TLS1.0:+RSA:+COMP-NULL:+SIGN-ALL";

// GnuTlsTestClient: a GnuTLS client whose transport is two byte buffers.
class GnuTlsTestClient {
 public:
  explicit GnuTlsTestClient(const std::string& priority) {
    gnutls_certificate_allocate_credentials(&credentials_);
    gnutls_init(&session_, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
    const char* error_at = nullptr;
    priority_ok_ = gnutls_priority_set_direct(session_, priority.c_str(), &error_at) == 0;
    gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, credentials_);
    gnutls_transport_set_ptr(session_, this);
    gnutls_transport_set_push_function(session_, &GnuTlsTestClient::Push);
    gnutls_transport_set_pull_function(session_, &GnuTlsTestClient::Pull);
  }
  ~GnuTlsTestClient() {
    gnutls_deinit(session_);
    gnutls_certificate_free_credentials(credentials_);
  }
  GnuTlsTestClient(const GnuTlsTestClient&) = delete;
  GnuTlsTestClient& operator=(const GnuTlsTestClient&) = delete;

  bool priority_ok() const { return priority_ok_; }
  gnutls_session_t session() { return session_; }
  bool handshake_done() const { return handshake_done_; }
  bool failed() const { return failed_; }
  void Write(ByteView data) { Append(to_write_, data); }
  Bytes TakeReceived() { return std::exchange(received_, {}); }

  void Step() {
    if (failed_) return;
    if (!handshake_done_) {
      const int result = gnutls_handshake(session_);
      if (result == GNUTLS_E_SUCCESS) {
        handshake_done_ = true;
      } else {
        if (gnutls_error_is_fatal(result) != 0) failed_ = true;
        return;
      }
    }
    while (!to_write_.empty()) {
      const ssize_t sent = gnutls_record_send(session_, to_write_.data(), to_write_.size());
      if (sent <= 0) break;
      to_write_.erase(to_write_.begin(), to_write_.begin() + sent);
    }
    std::uint8_t buffer[4096];
    for (int i = 0; i < 1000; ++i) {
      const ssize_t read = gnutls_record_recv(session_, buffer, sizeof buffer);
      if (read <= 0) {
        if (read < 0 && gnutls_error_is_fatal(static_cast<int>(read)) != 0) failed_ = true;
        break;
      }
      received_.insert(received_.end(), buffer, buffer + read);
    }
  }

  ClientSide Side() {
    return ClientSide{[this] { Step(); }, [this] { return std::exchange(outbox_, {}); },
                      [this](ByteView data) { Append(inbox_, data); }, nullptr};
  }

 private:
  static ssize_t Push(gnutls_transport_ptr_t self, const void* data, size_t size) {
    auto* client = static_cast<GnuTlsTestClient*>(self);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    client->outbox_.insert(client->outbox_.end(), bytes, bytes + size);
    return static_cast<ssize_t>(size);
  }
  static ssize_t Pull(gnutls_transport_ptr_t self, void* data, size_t size) {
    auto* client = static_cast<GnuTlsTestClient*>(self);
    if (client->inbox_.empty()) {
      gnutls_transport_set_errno(client->session_, EAGAIN);
      return -1;
    }
    const std::size_t count = std::min(size, client->inbox_.size());
    std::memcpy(data, client->inbox_.data(), count);
    client->inbox_.erase(client->inbox_.begin(), client->inbox_.begin() + static_cast<long>(count));
    return static_cast<ssize_t>(count);
  }

  gnutls_certificate_credentials_t credentials_ = nullptr;
  gnutls_session_t session_ = nullptr;
  bool priority_ok_ = false;
  bool handshake_done_ = false;
  bool failed_ = false;
  Bytes inbox_;
  Bytes outbox_;
  Bytes to_write_;
  Bytes received_;
};

Bytes Pattern(std::size_t size, std::uint8_t salt) {
  Bytes data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<std::uint8_t>((i * 7 + salt) & 0xff);
  return data;
}

void Handshake(GnuTlsTestClient& client, EngineUnderTest& server) {
  ClientSide side = client.Side();
  side.done = [&] { return client.handshake_done() || client.failed(); };
  Pump(side, server.engine);
  // The client's handshake completes before the pump delivers its Finished.
  side.done = nullptr;
  Pump(side, server.engine);
}

void Echo(GnuTlsTestClient& client, EngineUnderTest& server) {
  ClientSide side = client.Side();
  const Bytes upstream = Pattern(33000, 5);
  client.Write(upstream);
  Pump(side, server.engine);
  EXPECT_EQ(server.engine.TakeApplicationData(), upstream);
  const Bytes downstream = Pattern(20000, 11);
  server.engine.SendApplicationData(downstream);
  Pump(side, server.engine);
  EXPECT_EQ(client.TakeReceived(), downstream);
}

struct SuiteCase {
  const char* name;
  const char* priority;  // appended to kBase
  std::uint16_t suite;
};

// PrintTo keeps parameter dumps out of the test names CTest shows.
void PrintTo(const SuiteCase& c, std::ostream* os) { *os << c.name; }

class GnuTlsSuite : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(GnuTlsSuite, CompletesTls10AndEchoesData) {
  const SuiteCase& suite_case = GetParam();
  GnuTlsTestClient client(std::string(kBase) + suite_case.priority);
  if (!client.priority_ok()) {
    GTEST_SKIP() << "this GnuTLS build does not offer " << suite_case.name;
  }
  Profile profile = BuiltinProfile("win2003-aes");
  if (suite_case.suite == 0x0009) profile.suites.push_back(0x0009);
  EngineUnderTest server(profile, 7);
  Handshake(client, server);
  ASSERT_TRUE(client.handshake_done());
  ASSERT_EQ(server.engine.state(), TlsState::kEstablished);
  EXPECT_EQ(server.engine.suite(), suite_case.suite);
  EXPECT_EQ(gnutls_protocol_get_version(client.session()), GNUTLS_TLS1_0);
  Echo(client, server);
}

INSTANTIATE_TEST_SUITE_P(EachWindowsSuite, GnuTlsSuite,
                         ::testing::Values(SuiteCase{"RC4_MD5", ":+ARCFOUR-128:+MD5", 0x0004},
                                           SuiteCase{"RC4_SHA", ":+ARCFOUR-128:+SHA1", 0x0005},
                                           SuiteCase{"DES_CBC3_SHA", ":+3DES-CBC:+SHA1", 0x000a},
                                           SuiteCase{"AES128_SHA", ":+AES-128-CBC:+SHA1", 0x002f},
                                           SuiteCase{"AES256_SHA", ":+AES-256-CBC:+SHA1", 0x0035},
                                           SuiteCase{"DES_CBC_SHA", ":+DES-CBC:+SHA1", 0x0009}),
                         [](const ::testing::TestParamInfo<SuiteCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(GnuTlsResumption, ASecondConnectionResumesTheCachedSession) {
  SessionCache cache(100, 300);
  const std::string priority = std::string(kBase) + ":+ARCFOUR-128:+SHA1";
  Profile profile = BuiltinProfile("win2003");

  gnutls_datum_t saved{nullptr, 0};
  {
    GnuTlsTestClient client(priority);
    EngineUnderTest server(profile, 1, &cache);
    Handshake(client, server);
    ASSERT_EQ(server.engine.state(), TlsState::kEstablished);
    EXPECT_FALSE(server.engine.resumed());
    ASSERT_EQ(gnutls_session_get_data2(client.session(), &saved), 0);
  }
  EXPECT_EQ(cache.size(), 1u);

  GnuTlsTestClient client(priority);
  ASSERT_EQ(gnutls_session_set_data(client.session(), saved.data, saved.size), 0);
  gnutls_free(saved.data);
  EngineUnderTest server(profile, 2, &cache, kTestNow + 60);
  Handshake(client, server);
  ASSERT_TRUE(client.handshake_done());
  EXPECT_NE(gnutls_session_is_resumed(client.session()), 0);
  EXPECT_TRUE(server.engine.resumed());
  const std::optional<Event> tls = EventNamed(server.engine.TakeEvents(), "tls");
  ASSERT_TRUE(tls.has_value());
  EXPECT_EQ(tls->fields["resumed"], true);
  Echo(client, server);
}

TEST(GnuTlsResumption, AnExpiredSessionGetsAFullHandshake) {
  SessionCache cache(100, 300);
  const std::string priority = std::string(kBase) + ":+ARCFOUR-128:+MD5";
  Profile profile = BuiltinProfile("win2003");

  gnutls_datum_t saved{nullptr, 0};
  {
    GnuTlsTestClient client(priority);
    EngineUnderTest server(profile, 1, &cache);
    Handshake(client, server);
    ASSERT_EQ(gnutls_session_get_data2(client.session(), &saved), 0);
  }
  GnuTlsTestClient client(priority);
  ASSERT_EQ(gnutls_session_set_data(client.session(), saved.data, saved.size), 0);
  gnutls_free(saved.data);
  EngineUnderTest server(profile, 2, &cache, kTestNow + 301);
  Handshake(client, server);
  ASSERT_TRUE(client.handshake_done());
  EXPECT_EQ(gnutls_session_is_resumed(client.session()), 0);
  EXPECT_FALSE(server.engine.resumed());
}

}  // namespace
}  // namespace schannel_emu::testing
