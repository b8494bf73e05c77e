#include "emulator/core/tls/engine_events.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(SuiteCodeText, WritesATlsSuiteAsFourLowercaseHexDigits) {
  EXPECT_EQ(SuiteCodeText(0x0005), "0x0005");
  EXPECT_EQ(SuiteCodeText(0xc02f), "0xc02f");
  EXPECT_EQ(SuiteCodeText(0x00ff), "0x00ff");
}

TEST(SuiteCodeText, WritesAnSsl2OnlySpecAsSixHexDigits) {
  EXPECT_EQ(SuiteCodeText(0x010080), "0x010080");
  EXPECT_EQ(SuiteCodeText(0x0700c0), "0x0700c0");
}

TEST(HelloEvent, NamesEveryOfferedEntryInOrder) {
  ClientHello hello;
  hello.client_version = 0x0301;
  hello.cipher_specs = {0xc030, 0x0005, 0x010080};
  const Event event = HelloEvent(hello, Verdict{});

  EXPECT_EQ(event.name, "hello");
  EXPECT_EQ(event.fields["offered"],
            nlohmann::ordered_json::array({"0xc030", "0x0005", "0x010080"}));
  EXPECT_EQ(event.fields["offered_count"], 3);
}

}  // namespace
}  // namespace schannel_emu
