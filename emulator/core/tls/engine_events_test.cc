#include "emulator/core/tls/engine_events.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

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
