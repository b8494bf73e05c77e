// The reader on hellos that real clients send: OpenSSL's libssl in memory, and the
// customer's two hellos from fixtures/customer/ with the positions the report gives.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/hello/hello_builders.h"

namespace schannel_emu {
namespace {

using ::testing::ElementsAre;
using namespace hello_testing;

struct OpenSslHello {
  Bytes stream;                           // everything the client wrote
  std::vector<std::uint16_t> configured;  // what libssl says it offers, in order
};

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

// CaptureOpenSslHello runs a libssl client on memory BIOs up to its first flight and
// returns the bytes it wrote; max_version 0 leaves libssl's default range.
OpenSslHello CaptureOpenSslHello(const char* server_name, int max_version) {
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  EXPECT_NE(ctx, nullptr);
  if (max_version != 0) {
    EXPECT_EQ(SSL_CTX_set_max_proto_version(ctx.get(), max_version), 1);
  }
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  EXPECT_NE(ssl, nullptr);
  BIO* read_bio = BIO_new(BIO_s_mem());
  BIO* write_bio = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl.get(), read_bio, write_bio);  // ssl owns both from here
  if (server_name != nullptr) {
    // SSL_set_tlsext_host_name is a macro with a C cast; call what it expands to.
    EXPECT_EQ(SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                       const_cast<char*>(server_name)),
              1);
  }

  const int result = SSL_connect(ssl.get());
  EXPECT_EQ(result, -1);
  EXPECT_EQ(SSL_get_error(ssl.get(), result), SSL_ERROR_WANT_READ);

  OpenSslHello hello;
  std::uint8_t chunk[4096];
  for (int round = 0; round < 64; ++round) {  // bounded: a hello is far smaller
    const int read = BIO_read(write_bio, chunk, sizeof chunk);
    if (read <= 0) break;
    hello.stream.insert(hello.stream.end(), chunk, chunk + read);
  }

  STACK_OF(SSL_CIPHER)* ciphers = SSL_get1_supported_ciphers(ssl.get());
  EXPECT_NE(ciphers, nullptr);
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    hello.configured.push_back(
        static_cast<std::uint16_t>(SSL_CIPHER_get_protocol_id(sk_SSL_CIPHER_value(ciphers, i))));
  }
  sk_SSL_CIPHER_free(ciphers);
  return hello;
}

std::vector<std::uint16_t> WithoutSignalling(std::vector<std::uint16_t> suites) {
  std::erase_if(suites, IsSignallingSuite);
  return suites;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream file(std::string(SCHANNEL_EMU_SOURCE_DIR) + "/fixtures/customer/" + name);
  EXPECT_TRUE(file.good()) << "cannot open fixtures/customer/" << name;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

Bytes ReadHexFixture(const std::string& name) {
  std::string text = ReadFixture(name);
  std::erase_if(text, [](char c) { return c == '\n' || c == '\r' || c == ' '; });
  auto bytes = FromHex(text);
  EXPECT_TRUE(bytes.has_value()) << name << " is not hex";
  return bytes.value_or(Bytes{});
}

std::vector<std::uint16_t> ReadSuiteList(const std::string& name) {
  std::istringstream words(ReadFixture(name));
  std::vector<std::uint16_t> suites;
  std::string word;
  while (words >> word) suites.push_back(static_cast<std::uint16_t>(std::stoul(word, nullptr, 16)));
  return suites;
}

std::size_t PositionOf(const std::vector<std::uint16_t>& suites, std::uint16_t code) {
  const auto found = std::find(suites.begin(), suites.end(), code);
  return found == suites.end() ? 0 : static_cast<std::size_t>(found - suites.begin()) + 1;
}

class RealHelloTest : public ::testing::Test {
 protected:
  void SetUp() override {
    captured_ = CaptureOpenSslHello("mail.example.net", 0);
    ASSERT_GT(captured_.stream.size(), 5u);
    const auto whole = ReadClientHello(captured_.stream);
    ASSERT_TRUE(whole) << HelloErrorName(whole.error());
    reference_ = *whole;
  }

  OpenSslHello captured_;
  ClientHello reference_;
};

TEST_F(RealHelloTest, OpenSslHelloFillsOneRecordThatIsFullyConsumed) {
  ClientHelloReader reader;

  EXPECT_EQ(reader.Feed(captured_.stream), ClientHelloReader::Status::kComplete);

  EXPECT_EQ(reader.consumed(), captured_.stream.size());
  EXPECT_EQ(reader.hello().record_count, 1u);
  EXPECT_EQ(reader.hello().record_version, (captured_.stream[1] << 8) | captured_.stream[2]);
  EXPECT_EQ(Bytes(captured_.stream.begin() + 5, captured_.stream.end()), reader.hello().message);
}

TEST_F(RealHelloTest, ByteByByteFeedingGivesTheSameHello) {
  ClientHelloReader reader;
  auto status = ClientHelloReader::Status::kNeedMore;
  for (std::size_t i = 0; i < captured_.stream.size(); ++i) {
    ASSERT_EQ(status, ClientHelloReader::Status::kNeedMore) << "finished early at byte " << i;
    status = reader.Feed(ByteView(captured_.stream).subspan(i, 1));
  }

  ASSERT_EQ(status, ClientHelloReader::Status::kComplete);
  ExpectSameHello(reader.hello(), reference_);
  EXPECT_EQ(reader.consumed(), captured_.stream.size());
}

TEST_F(RealHelloTest, EveryTwoWaySplitGivesTheSameHello) {
  for (std::size_t cut = 0; cut <= captured_.stream.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    ClientHelloReader reader;

    ASSERT_EQ(FeedInPieces(reader, captured_.stream, {cut}), ClientHelloReader::Status::kComplete);
    ExpectSameHello(reader.hello(), reference_);
  }
}

TEST_F(RealHelloTest, EveryTwoWaySplitOfAHelloOverThreeRecordsGivesTheSameHello) {
  const ByteView message = reference_.message;
  const Bytes stream = Fragment(message, {3, message.size() / 2});
  ClientHello expected = reference_;
  expected.record_version = kTls10;
  expected.record_count = 3;

  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    ClientHelloReader reader;

    ASSERT_EQ(FeedInPieces(reader, stream, {cut}), ClientHelloReader::Status::kComplete);
    ExpectSameHello(reader.hello(), expected);
    EXPECT_EQ(reader.consumed(), stream.size());
  }
}

TEST_F(RealHelloTest, PipelinedRecordAfterTheHelloIsNotConsumed) {
  Bytes stream = captured_.stream;
  const Bytes pipelined = Record(20, kTls12, Bytes{0x01});
  Append(stream, pipelined);
  ClientHelloReader reader;

  EXPECT_EQ(reader.Feed(stream), ClientHelloReader::Status::kComplete);

  EXPECT_EQ(reader.consumed(), captured_.stream.size());
  EXPECT_EQ(stream.size() - reader.consumed(), pipelined.size());
}

TEST_F(RealHelloTest, OpenSslSuitesAreParsedInTheOrderLibsslReports) {
  EXPECT_EQ(WithoutSignalling(reference_.TlsSuites()), captured_.configured);
  EXPECT_EQ(ServerName(reference_), "mail.example.net");
}

TEST(OpenSslHello, Tls10OnlyClientSendsItsSuitesAndTheRenegotiationScsvLast) {
  const OpenSslHello captured = CaptureOpenSslHello(nullptr, TLS1_VERSION);
  const auto hello = ReadClientHello(captured.stream);

  ASSERT_TRUE(hello) << HelloErrorName(hello.error());
  EXPECT_EQ(hello->client_version, kTls10);
  const std::vector<std::uint16_t> suites = hello->TlsSuites();
  ASSERT_FALSE(suites.empty());
  EXPECT_EQ(suites.back(), kEmptyRenegotiationInfoScsv);
  EXPECT_EQ(WithoutSignalling(suites), captured.configured);
  EXPECT_FALSE(ServerName(*hello).has_value());
}

struct CustomerFixture {
  const char* hello_file;
  const char* suites_file;
  const char* expected_key;
  std::size_t entries;
  std::vector<std::pair<std::uint16_t, std::size_t>> positions;  // from the customer report
};

void PrintTo(const CustomerFixture& fixture, std::ostream* out) { *out << fixture.hello_file; }

class CustomerHelloTest : public ::testing::TestWithParam<CustomerFixture> {};

TEST_P(CustomerHelloTest, ParsesWithTheReportedSuitePositions) {
  const CustomerFixture& fixture = GetParam();
  const Bytes stream = ReadHexFixture(fixture.hello_file);

  const auto hello = ReadClientHello(stream);

  ASSERT_TRUE(hello) << HelloErrorName(hello.error());
  EXPECT_EQ(hello->record_version, kTls10);
  EXPECT_EQ(hello->client_version, kTls12);
  EXPECT_TRUE(hello->session_id.empty());
  EXPECT_EQ(hello->compression_methods, Bytes{0x00});
  EXPECT_EQ(hello->record_count, 1u);
  const std::vector<std::uint16_t> suites = hello->TlsSuites();
  EXPECT_EQ(hello->cipher_specs.size(), fixture.entries);
  EXPECT_EQ(suites, ReadSuiteList(fixture.suites_file));
  for (const auto& [code, position] : fixture.positions) {
    EXPECT_EQ(PositionOf(suites, code), position) << "suite " << code;
  }
  EXPECT_EQ(suites.back(), kEmptyRenegotiationInfoScsv);
  EXPECT_NE(hello->FindExtension(0x000d), nullptr);  // signature_algorithms
  EXPECT_EQ(hello->FindExtension(kExtServerName), nullptr);

  // expected.json names positions too; they must agree with the hello.
  const auto expected = nlohmann::json::parse(ReadFixture("expected.json"));
  const auto& entry = expected.at(fixture.expected_key);
  EXPECT_EQ(entry.at("offered_count").get<std::size_t>(), fixture.entries);
  for (const auto& [profile, outcome] : entry.at("profiles").items()) {
    for (const auto& sighting : outcome.at("supported")) {
      const auto code = static_cast<std::uint16_t>(
          std::stoul(sighting.at("suite").get<std::string>(), nullptr, 16));
      EXPECT_EQ(PositionOf(suites, code), sighting.at("position").get<std::size_t>())
          << profile << " " << sighting.at("suite");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Report, CustomerHelloTest,
    ::testing::Values(
        CustomerFixture{"original.hello.hex",
                        "original-suites.txt",
                        "original",
                        86,
                        {{0x0035, 31}, {0x002f, 67}, {0x0005, 75}, {0x0004, 76}, {0x000a, 85}}},
        CustomerFixture{"excluded.hello.hex",
                        "excluded-suites.txt",
                        "excluded",
                        36,
                        {{0x0035, 13}, {0x002f, 27}, {0x0005, 31}, {0x000a, 35}, {0x0004, 0}}}),
    [](const ::testing::TestParamInfo<CustomerFixture>& case_info) {
      return std::string(case_info.param.expected_key);
    });

}  // namespace
}  // namespace schannel_emu
