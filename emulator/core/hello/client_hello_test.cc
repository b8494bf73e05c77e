#include "emulator/core/hello/client_hello.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/hello/hello_builders.h"

namespace schannel_emu {
namespace {

using ::testing::ElementsAre;
using namespace hello_testing;

TEST(ParseClientHelloMessage, ReadsEveryFieldOfAHelloWithExtensions) {
  HelloFields fields;
  fields.session_id = Counting(32, 1);
  Bytes block = Extension(kExtServerName, ServerNameExtensionData("mx.example.org"));
  Append(block, Extension(0x000b, Bytes{0x01, 0x00}));
  Append(block, Extension(0x0023, Bytes{}));
  fields.extensions_block = block;
  const Bytes message = HelloMessage(fields);

  const auto hello = ParseClientHelloMessage(message);

  ASSERT_TRUE(hello) << HelloErrorName(hello.error());
  EXPECT_EQ(hello->format, HelloFormat::kTls);
  EXPECT_EQ(hello->client_version, kTls12);
  EXPECT_EQ(hello->random[0], 0xa0);
  EXPECT_EQ(hello->random[31], 0xbf);
  EXPECT_EQ(hello->session_id, fields.session_id);
  EXPECT_THAT(hello->cipher_specs, ElementsAre(0x002fu, 0x0035u, 0x00ffu));
  EXPECT_THAT(hello->TlsSuites(), ElementsAre(0x002f, 0x0035, 0x00ff));
  EXPECT_EQ(hello->compression_methods, Bytes{0x00});
  EXPECT_TRUE(hello->has_extensions_block);
  ASSERT_EQ(hello->extensions.size(), 3u);
  EXPECT_EQ(hello->extensions[1].type, 0x000b);
  EXPECT_EQ(DataOf(*hello, hello->extensions[1]), (Bytes{0x01, 0x00}));
  EXPECT_TRUE(DataOf(*hello, hello->extensions[2]).empty());
  EXPECT_EQ(ServerName(*hello), "mx.example.org");
  EXPECT_EQ(hello->message, message);
}

TEST(ParseClientHelloMessage, AcceptsAHelloWithoutAnExtensionsBlock) {
  const auto hello = ParseClientHelloMessage(HelloMessage());

  ASSERT_TRUE(hello);
  EXPECT_FALSE(hello->has_extensions_block);
  EXPECT_TRUE(hello->extensions.empty());
  EXPECT_EQ(hello->FindExtension(kExtServerName), nullptr);
}

TEST(ParseClientHelloMessage, TellsAnEmptyExtensionsBlockFromAMissingOne) {
  HelloFields fields;
  fields.extensions_block = Bytes{};

  const auto hello = ParseClientHelloMessage(HelloMessage(fields));

  ASSERT_TRUE(hello);
  EXPECT_TRUE(hello->has_extensions_block);
  EXPECT_TRUE(hello->extensions.empty());
}

TEST(ParseClientHelloMessage, KeepsDuplicateExtensionsAndFindsTheFirst) {
  HelloFields fields;
  Bytes block = Extension(0xff01, Bytes{0x00});
  Append(block, Extension(0x0017, Bytes{}));
  Append(block, Extension(0xff01, Bytes{0x01, 0x02}));
  fields.extensions_block = block;

  const auto hello = ParseClientHelloMessage(HelloMessage(fields));

  ASSERT_TRUE(hello);
  ASSERT_EQ(hello->extensions.size(), 3u);
  const HelloExtension* found = hello->FindExtension(0xff01);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found, &hello->extensions[0]);
  EXPECT_EQ(DataOf(*hello, *found), Bytes{0x00});
  EXPECT_EQ(hello->FindExtension(0x0017), &hello->extensions[1]);
  EXPECT_EQ(hello->FindExtension(0x0000), nullptr);
}

TEST(ParseClientHelloMessage, AcceptsCompressionListsThatContainNullAnywhere) {
  HelloFields fields;
  fields.compression = {0x01, 0x40, 0x00};

  const auto hello = ParseClientHelloMessage(HelloMessage(fields));

  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->compression_methods, fields.compression);
}

TEST(ParseClientHelloMessage, AcceptsAnSsl3ClientVersion) {
  HelloFields fields;
  fields.version = kSsl3;

  const auto hello = ParseClientHelloMessage(HelloMessage(fields));

  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->client_version, kSsl3);
}

// -- Reader: splits, records, consumption --

TEST(ClientHelloReader, JoinsAHelloSpreadOverThreeCoalescedRecords) {
  HelloFields fields;
  fields.extensions_block = Extension(kExtServerName, ServerNameExtensionData("a.example"));
  const Bytes message = HelloMessage(fields);
  const Bytes stream = Fragment(message, {1, 10}, kTls10, kTls12);
  ClientHelloReader reader;

  ASSERT_EQ(reader.Feed(stream), ClientHelloReader::Status::kComplete);

  EXPECT_EQ(reader.hello().record_count, 3u);
  EXPECT_EQ(reader.hello().record_version, kTls10);  // the first record's, not the later ones'
  EXPECT_EQ(reader.hello().message, message);
  EXPECT_EQ(reader.consumed(), stream.size());
  EXPECT_EQ(ServerName(reader.hello()), "a.example");
}

TEST(ClientHelloReader, SplitsTheHandshakeHeaderItselfAcrossRecords) {
  const Bytes message = HelloMessage();
  const Bytes stream = Fragment(message, {1, 1, 1, 1});
  ClientHelloReader reader;

  ASSERT_EQ(reader.Feed(stream), ClientHelloReader::Status::kComplete);

  EXPECT_EQ(reader.hello().record_count, 5u);
  EXPECT_EQ(reader.hello().message, message);
}

TEST(ClientHelloReader, KeepsItsResultAndIgnoresLaterInput) {
  const Bytes stream = HandshakeRecord(HelloMessage());
  ClientHelloReader reader;
  ASSERT_EQ(reader.Feed(stream), ClientHelloReader::Status::kComplete);

  EXPECT_EQ(reader.Feed(Bytes{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}),
            ClientHelloReader::Status::kComplete);
  EXPECT_EQ(reader.status(), ClientHelloReader::Status::kComplete);
  EXPECT_EQ(reader.consumed(), stream.size());
}

TEST(ClientHelloReader, StaysInErrorOnceFailed) {
  ClientHelloReader reader;
  ASSERT_EQ(reader.Feed(Bytes{0x16, 0x03, 0x01, 0x00, 0x00}), ClientHelloReader::Status::kError);

  EXPECT_EQ(reader.Feed(HandshakeRecord(HelloMessage())), ClientHelloReader::Status::kError);
  EXPECT_EQ(reader.error(), HelloError::kEmptyRecord);
}

TEST(ClientHelloReader, WaitsForMoreWhileTheHelloIsIncomplete) {
  const Bytes stream = HandshakeRecord(HelloMessage());
  ClientHelloReader reader;

  EXPECT_EQ(reader.Feed(ByteView(stream).first(stream.size() - 1)),
            ClientHelloReader::Status::kNeedMore);
  EXPECT_EQ(reader.Feed(Bytes{}), ClientHelloReader::Status::kNeedMore);
  EXPECT_EQ(reader.Feed(ByteView(stream).last(1)), ClientHelloReader::Status::kComplete);
}

TEST(ClientHelloReader, RefusesAnOversizedHelloBeforeItsBodyArrives) {
  // A first record holding only the handshake header declares 2052 bytes: that is
  // enough to refuse, so a hostile peer cannot make the reader wait for and hold them.
  const Bytes stream = HandshakeRecord(Bytes{0x01, 0x00, 0x08, 0x00});
  ClientHelloReader reader(1024);

  EXPECT_EQ(reader.Feed(stream), ClientHelloReader::Status::kError);
  EXPECT_EQ(reader.error(), HelloError::kMessageTooLong);
}

TEST(ClientHelloReader, AcceptsAHelloExactlyAtItsLimit) {
  const Bytes message = HelloMessage();

  ClientHelloReader at_limit(message.size());
  ClientHelloReader below_limit(message.size() - 1);

  EXPECT_EQ(at_limit.Feed(HandshakeRecord(message)), ClientHelloReader::Status::kComplete);
  EXPECT_EQ(below_limit.Feed(HandshakeRecord(message)), ClientHelloReader::Status::kError);
  EXPECT_EQ(below_limit.error(), HelloError::kMessageTooLong);
}

TEST(ClientHelloReader, AcceptsARecordOfExactlyTwoToTheFourteenBytes) {
  HelloFields fields;
  // Pad the hello with one large extension so that the message fills 2^14 bytes.
  const std::size_t base = HelloMessage(fields).size() + 2 + 4;
  fields.extensions_block = Extension(0x0015, Bytes(kMaxPlaintextFragment - base, 0x00));
  const Bytes message = HelloMessage(fields);
  ASSERT_EQ(message.size(), kMaxPlaintextFragment);

  const auto hello = ReadClientHello(HandshakeRecord(message));

  ASSERT_TRUE(hello) << HelloErrorName(hello.error());
  EXPECT_EQ(hello->extensions.at(0).length, kMaxPlaintextFragment - base);
  EXPECT_EQ(DataOf(*hello, hello->extensions.at(0)).size(), kMaxPlaintextFragment - base);
}

TEST(ReadClientHello, ReportsTruncationAtEveryPrefix) {
  const Bytes stream = Fragment(HelloMessage(), {7});
  for (std::size_t length = 0; length < stream.size(); ++length) {
    const auto hello = ReadClientHello(ByteView(stream).first(length));
    ASSERT_FALSE(hello) << "prefix of " << length;
    EXPECT_EQ(hello.error(), HelloError::kTruncated) << "prefix of " << length;
  }
  EXPECT_TRUE(ReadClientHello(stream));
}

// -- SSLv2-compatible hellos --

TEST(Ssl2Hello, PadsAShortChallengeOnTheLeftIntoTheRandom) {
  const Bytes challenge = Counting(16, 0x41);
  const Bytes record =
      Ssl2Hello(kTls10, {0x010080, 0x000004, 0x00002f, 0x0000ff}, Bytes{}, challenge);
  ClientHelloReader reader;

  ASSERT_EQ(reader.Feed(record), ClientHelloReader::Status::kComplete);

  const ClientHello& hello = reader.hello();
  EXPECT_EQ(hello.format, HelloFormat::kSsl2Compatible);
  EXPECT_EQ(hello.record_version, 0);
  EXPECT_EQ(hello.client_version, kTls10);
  EXPECT_TRUE(std::all_of(hello.random.begin(), hello.random.begin() + 16,
                          [](std::uint8_t b) { return b == 0; }));
  EXPECT_TRUE(std::equal(challenge.begin(), challenge.end(), hello.random.begin() + 16));
  EXPECT_THAT(hello.cipher_specs, ElementsAre(0x010080u, 0x000004u, 0x00002fu, 0x0000ffu));
  EXPECT_THAT(hello.TlsSuites(), ElementsAre(0x0004, 0x002f, 0x00ff));
  EXPECT_TRUE(hello.compression_methods.empty());
  EXPECT_FALSE(hello.has_extensions_block);
  EXPECT_EQ(hello.message, Bytes(record.begin() + 2, record.end()));
  EXPECT_EQ(hello.record_count, 1u);
  EXPECT_EQ(reader.consumed(), record.size());
}

TEST(Ssl2Hello, UsesAFullLengthChallengeAsTheRandom) {
  const Bytes challenge = Counting(32, 0x80);
  const Bytes session_id = Counting(16, 0x10);

  const auto hello = ParseSsl2ClientHello(Ssl2Hello(kSsl3, {0x000005}, session_id, challenge));

  ASSERT_TRUE(hello) << HelloErrorName(hello.error());
  EXPECT_TRUE(std::equal(challenge.begin(), challenge.end(), hello->random.begin()));
  EXPECT_EQ(hello->session_id, session_id);
}

TEST(Ssl2Hello, AcceptsThePlainSsl2Version) {
  const auto hello = ParseSsl2ClientHello(Ssl2Hello(kSsl2, {0x010080}, Bytes{}, Counting(16, 1)));

  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->client_version, kSsl2);
  EXPECT_TRUE(hello->TlsSuites().empty());
}

TEST(Ssl2Hello, IsAssembledFromEverySplit) {
  const Bytes record = Ssl2Hello(kTls10, {0x000004, 0x00000a}, Bytes{}, Counting(20, 3));
  const auto reference = ParseSsl2ClientHello(record);
  ASSERT_TRUE(reference);

  for (std::size_t cut = 0; cut <= record.size(); ++cut) {
    ClientHelloReader reader;
    ASSERT_EQ(FeedInPieces(reader, record, {cut}), ClientHelloReader::Status::kComplete) << cut;
    ExpectSameHello(reader.hello(), *reference);
  }
}

TEST(Ssl2Hello, LeavesBytesAfterTheRecordUnconsumed) {
  const Bytes record = Ssl2Hello(kTls10, {0x000004}, Bytes{}, Counting(16, 3));
  Bytes stream = record;
  Append(stream, Bytes{0x16, 0x03, 0x01});
  ClientHelloReader reader;

  ASSERT_EQ(reader.Feed(stream), ClientHelloReader::Status::kComplete);
  EXPECT_EQ(reader.consumed(), record.size());
}

TEST(LooksLikeSsl2Hello, RecognisesOnlyTwoByteHeadersWithClientHelloType) {
  EXPECT_TRUE(LooksLikeSsl2Hello(Bytes{0x80, 0x2e, 0x01}));
  EXPECT_FALSE(LooksLikeSsl2Hello(Bytes{0x80, 0x2e, 0x02}));
  EXPECT_FALSE(LooksLikeSsl2Hello(Bytes{0x16, 0x03, 0x01}));
  EXPECT_FALSE(LooksLikeSsl2Hello(Bytes{0x80, 0x2e}));
}

// -- Every error, each from a minimal input --

struct ErrorCase {
  std::string name;
  Bytes stream;
  HelloError expected;
  std::size_t max_message_bytes = 1 << 17;
};

std::vector<ErrorCase> ErrorCases() {
  std::vector<ErrorCase> cases;
  const auto tls = [&](std::string name, const HelloFields& fields, HelloError error) {
    cases.push_back({std::move(name), HandshakeRecord(HelloMessage(fields)), error});
  };
  const auto message = [&](std::string name, ByteView body, HelloError error) {
    cases.push_back({std::move(name), HandshakeRecord(HandshakeMessage(1, body)), error});
  };

  const Bytes hello = HelloMessage();
  const Bytes record = HandshakeRecord(hello);
  cases.push_back({"stream_ends_inside_record", Bytes(record.begin(), record.end() - 1),
                   HelloError::kTruncated});
  cases.push_back({"alert_record_first", Record(21, kTls10, Bytes{0x02, 0x28}),
                   HelloError::kNotHandshakeRecord});
  cases.push_back(
      {"record_version_major_2", HandshakeRecord(hello, 0x0200), HelloError::kBadRecordVersion});
  cases.push_back({"second_record_version_major_4", Fragment(hello, {10}, kTls10, 0x0401),
                   HelloError::kBadRecordVersion});
  cases.push_back(
      {"record_over_2_14", Bytes{0x16, 0x03, 0x01, 0x40, 0x01}, HelloError::kRecordTooLong});
  cases.push_back(
      {"empty_first_record", Bytes{0x16, 0x03, 0x01, 0x00, 0x00}, HelloError::kEmptyRecord});
  {
    Bytes stream = Fragment(ByteView(hello).first(10), {});
    Append(stream, Bytes{0x16, 0x03, 0x01, 0x00, 0x00});
    cases.push_back({"empty_record_between_fragments", stream, HelloError::kEmptyRecord});
  }
  {
    Bytes stream = HandshakeRecord(ByteView(hello).first(10));
    Append(stream, Record(21, kTls10, Bytes{0x01, 0x00}));
    cases.push_back({"alert_between_fragments", stream, HelloError::kInterleavedRecord});
  }
  cases.push_back({"server_hello_first", HandshakeRecord(HandshakeMessage(2, BuildBody({}))),
                   HelloError::kNotClientHello});
  cases.push_back({"declared_length_over_limit", record, HelloError::kMessageTooLong, 16});
  message("body_ends_inside_random", Bytes{0x03, 0x03, 0x00}, HelloError::kBadLength);
  {
    Bytes short_length = HelloMessage();
    short_length[3] = static_cast<std::uint8_t>(short_length[3] - 1);  // one byte left over
    cases.push_back({"handshake_length_shorter_than_record", HandshakeRecord(short_length),
                     HelloError::kTrailingData});
  }
  {
    HelloFields fields;
    fields.version = 0x0203;
    tls("client_version_major_2", fields, HelloError::kBadVersion);
  }
  {
    HelloFields fields;
    fields.session_id = Bytes(33, 0x01);
    tls("session_id_of_33_bytes", fields, HelloError::kBadSessionId);
  }
  {
    HelloFields fields;
    fields.suites = {};
    tls("no_cipher_suites", fields, HelloError::kBadCipherSuites);
    fields.suites = {0x00, 0x2f, 0x00};
    tls("odd_cipher_suite_bytes", fields, HelloError::kBadCipherSuites);
  }
  {
    HelloFields fields;
    fields.compression = {};
    tls("no_compression_methods", fields, HelloError::kBadCompressionMethods);
    fields.compression = {0x01};
    tls("deflate_without_null", fields, HelloError::kBadCompressionMethods);
  }
  {
    HelloFields fields;
    fields.extensions_block = Bytes{0x00, 0x00, 0x00, 0x05, 0x00};  // declares 5, holds 1
    tls("extension_longer_than_block", fields, HelloError::kBadExtensions);
    fields.extensions_block = Bytes{0x00};  // an extension type cut in half
    tls("half_an_extension_type", fields, HelloError::kBadExtensions);
    fields.extensions_block.reset();
    fields.trailing = {0x00};  // one byte where the block length would start
    tls("one_byte_after_compression", fields, HelloError::kBadExtensions);
  }
  {
    HelloFields fields;
    fields.extensions_block = Bytes{};
    fields.trailing = {0x00};
    tls("byte_after_extensions_block", fields, HelloError::kTrailingData);
  }
  {
    Bytes payload = hello;
    Append(payload, HandshakeMessage(16, Bytes{0x00}));
    cases.push_back({"handshake_bytes_after_hello_in_its_record", HandshakeRecord(payload),
                     HelloError::kTrailingData});
  }
  {
    // An SSLv2 record with a 3-byte header: length, padding length, then CLIENT-HELLO.
    Bytes three_byte = {0x00, 0x2f, 0x00, 0x01, 0x03, 0x01};
    cases.push_back({"ssl2_three_byte_header", three_byte, HelloError::kBadSsl2Hello});
    cases.push_back(
        {"ssl2_server_hello_type", Bytes{0x80, 0x03, 0x04, 0x00, 0x02}, HelloError::kBadSsl2Hello});
    cases.push_back({"ssl2_challenge_of_15_bytes",
                     Ssl2Hello(kTls10, {0x000004}, Bytes{}, Counting(15, 1)),
                     HelloError::kBadSsl2Hello});
    cases.push_back({"ssl2_challenge_of_33_bytes",
                     Ssl2Hello(kTls10, {0x000004}, Bytes{}, Counting(33, 1)),
                     HelloError::kBadSsl2Hello});
    cases.push_back({"ssl2_session_id_of_8_bytes",
                     Ssl2Hello(kTls10, {0x000004}, Counting(8, 1), Counting(16, 1)),
                     HelloError::kBadSessionId});
    cases.push_back({"ssl2_no_cipher_specs", Ssl2Hello(kTls10, {}, Bytes{}, Counting(16, 1)),
                     HelloError::kBadCipherSuites});
    cases.push_back({"ssl2_version_4_0", Ssl2Hello(0x0400, {0x000004}, Bytes{}, Counting(16, 1)),
                     HelloError::kBadVersion});
    Bytes long_challenge = Ssl2Hello(kTls10, {0x000004}, Bytes{}, Counting(16, 1));
    long_challenge[10] = 0x14;  // challenge_length 20, but only 16 bytes follow
    cases.push_back({"ssl2_challenge_past_record", long_challenge, HelloError::kBadLength});
    Bytes trailing = Ssl2Hello(kTls10, {0x000004}, Bytes{}, Counting(17, 1));
    trailing[10] = 0x10;  // challenge_length 16, one byte left over
    cases.push_back({"ssl2_byte_after_challenge", trailing, HelloError::kTrailingData});
    cases.push_back({"ssl2_record_too_long_for_limit",
                     Ssl2Hello(kTls10, {0x000004}, Bytes{}, Counting(16, 1)),
                     HelloError::kMessageTooLong, 8});
  }
  return cases;
}

// PrintTo keeps ctest's test names readable: gtest would print the raw struct bytes.
void PrintTo(const ErrorCase& error_case, std::ostream* out) { *out << error_case.name; }

class HelloErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(HelloErrorTest, ReaderReportsTheExpectedError) {
  const ErrorCase& error_case = GetParam();
  ClientHelloReader reader(error_case.max_message_bytes);

  const auto status = reader.Feed(error_case.stream);

  if (error_case.expected == HelloError::kTruncated) {
    EXPECT_EQ(status, ClientHelloReader::Status::kNeedMore);
    const auto result = ReadClientHello(error_case.stream);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(), HelloError::kTruncated);
    return;
  }
  ASSERT_EQ(status, ClientHelloReader::Status::kError);
  EXPECT_EQ(reader.error(), error_case.expected)
      << HelloErrorName(reader.error()) << " instead of " << HelloErrorName(error_case.expected);

  // Fed one byte at a time, the reader reaches the same verdict.
  ClientHelloReader slow(error_case.max_message_bytes);
  for (const std::uint8_t byte : error_case.stream) slow.Feed(Bytes{byte});
  EXPECT_EQ(slow.status(), ClientHelloReader::Status::kError);
  EXPECT_EQ(slow.error(), error_case.expected);
}

INSTANTIATE_TEST_SUITE_P(Inputs, HelloErrorTest, ::testing::ValuesIn(ErrorCases()),
                         [](const ::testing::TestParamInfo<ErrorCase>& case_info) {
                           return case_info.param.name;
                         });

constexpr HelloError kAllErrors[] = {
    HelloError::kTruncated,
    HelloError::kNotHandshakeRecord,
    HelloError::kBadRecordVersion,
    HelloError::kRecordTooLong,
    HelloError::kEmptyRecord,
    HelloError::kInterleavedRecord,
    HelloError::kNotClientHello,
    HelloError::kMessageTooLong,
    HelloError::kBadLength,
    HelloError::kBadVersion,
    HelloError::kBadSessionId,
    HelloError::kBadCipherSuites,
    HelloError::kBadCompressionMethods,
    HelloError::kBadExtensions,
    HelloError::kTrailingData,
    HelloError::kBadSsl2Hello,
};

TEST(HelloError, EveryValueIsTriggeredByAtLeastOneCase) {
  std::set<HelloError> covered;
  for (const ErrorCase& error_case : ErrorCases()) covered.insert(error_case.expected);

  for (const HelloError error : kAllErrors) {
    EXPECT_TRUE(covered.count(error) == 1) << HelloErrorName(error) << " has no test input";
  }
}

TEST(HelloError, NamesAreDistinctSnakeCaseAndDescriptionsAreSentences) {
  std::set<std::string_view> names;
  for (const HelloError error : kAllErrors) {
    const std::string_view name = HelloErrorName(error);
    EXPECT_TRUE(names.insert(name).second) << name << " is used twice";
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    })) << name;

    const std::string_view description = DescribeHelloError(error);
    ASSERT_FALSE(description.empty()) << name;
    EXPECT_EQ(description.back(), '.') << name;
    EXPECT_TRUE(description.front() >= 'A' && description.front() <= 'Z') << name;
  }
  EXPECT_EQ(HelloErrorName(HelloError::kBadCipherSuites), "bad_cipher_suites");
  EXPECT_EQ(HelloErrorName(HelloError::kBadSsl2Hello), "bad_ssl2_hello");
}

// -- The customer's hellos --

}  // namespace
}  // namespace schannel_emu
