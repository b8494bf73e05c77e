// The customer's 86-entry ClientHello, sent byte for byte after STARTTLS to the running
// emulator of a stock Windows Server 2003: the connection ends exactly as --failure says.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "emulator/testing/child_process.h"
#include "emulator/testing/emulator_process.h"
#include "emulator/testing/loopback_client.h"

namespace schannel_emu {
namespace {

using std::chrono::seconds;
using testing::EmulatorProcess;
using testing::Ending;
using testing::LoopbackClient;

// CustomerHello reads fixtures/customer/original.hello.hex as raw bytes.
std::string CustomerHello() {
  const std::string text = testing::ReadFileText(std::string(SCHANNEL_EMU_SOURCE_DIR) +
                                                 "/fixtures/customer/original.hello.hex");
  std::string bytes;
  std::string digits;
  for (const char c : text) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) continue;
    digits.push_back(c);
    if (digits.size() == 2) {
      bytes.push_back(static_cast<char>(std::stoi(digits, nullptr, 16)));
      digits.clear();
    }
  }
  return bytes;
}

struct FailureCase {
  std::string mode;
  Ending ending;
  std::string bytes;  // what the client reads after sending the hello
};

void PrintTo(const FailureCase& failure_case, std::ostream* out) { *out << failure_case.mode; }

class CustomerHelloAgainstStockWin2003 : public ::testing::TestWithParam<FailureCase> {};

TEST_P(CustomerHelloAgainstStockWin2003, EndsTheConnectionTheWayTheFailureModeSays) {
  const std::string hello = CustomerHello();
  ASSERT_EQ(hello.size(), 337u) << "fixtures/customer/original.hello.hex is missing or changed";
  std::string error;
  auto emulator =
      EmulatorProcess::Start({"--profile", "win2003", "--failure", GetParam().mode}, &error);
  ASSERT_NE(emulator, nullptr) << error;

  auto client = LoopbackClient::Connect(emulator->port());
  ASSERT_TRUE(client);
  EXPECT_EQ(client->ReadReply().substr(0, 4), "220 ");
  EXPECT_EQ(client->Dialog("EHLO postfix.example.org").substr(0, 4), "250-");
  EXPECT_EQ(client->Dialog("STARTTLS"), "220 2.0.0 SMTP server ready\r\n");
  ASSERT_TRUE(client->Send(hello));

  const testing::ReadToEnd end = client->ReadUntilClosed(seconds(10));
  EXPECT_EQ(testing::EndingName(end.ending), testing::EndingName(GetParam().ending));
  EXPECT_EQ(end.bytes, GetParam().bytes);
  client.reset();  // the server drains a closed connection for a moment; end it now

  const auto failed = emulator->WaitForEvents("tls_failed", 1, seconds(5));
  EXPECT_EQ(emulator->Stop(), 0);
  ASSERT_EQ(failed.size(), 1u) << emulator->log();
  EXPECT_EQ(failed[0]["mode"], GetParam().mode);
  const auto hellos = emulator->EventsNamed("hello");
  ASSERT_EQ(hellos.size(), 1u);
  EXPECT_EQ(hellos[0]["offered_count"], 86);
  EXPECT_EQ(hellos[0]["verdict"]["accepted"], false);
  EXPECT_EQ(hellos[0]["verdict"]["first_usable_position"], 75);
}

INSTANTIATE_TEST_SUITE_P(
    EveryFailureMode, CustomerHelloAgainstStockWin2003,
    ::testing::Values(FailureCase{"close", Ending::kEof, ""},
                      FailureCase{"reset", Ending::kReset, ""},
                      FailureCase{"alert", Ending::kEof,
                                  std::string("\x15\x03\x01\x00\x02\x02\x28", 7)}),
    [](const ::testing::TestParamInfo<FailureCase>& param_info) { return param_info.param.mode; });

}  // namespace
}  // namespace schannel_emu
