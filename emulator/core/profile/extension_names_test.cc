#include "emulator/core/profile/extension_names.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(ExtensionNameTest, CommonTypesHaveTheirIanaNames) {
  EXPECT_EQ(ExtensionName(0x0000), "server_name");
  EXPECT_EQ(ExtensionName(0x0023), "session_ticket");
  EXPECT_EQ(ExtensionName(0xff01), "renegotiation_info");
}

TEST(ExtensionNameTest, UnlistedTypesHaveNoName) { EXPECT_TRUE(ExtensionName(0x1234).empty()); }

TEST(DescribeExtensionTest, GivesTheCodeAndTheNameWhenKnown) {
  EXPECT_EQ(DescribeExtension(0x000d), "0x000d signature_algorithms");
  EXPECT_EQ(DescribeExtension(0xabcd), "0xabcd");
}

}  // namespace
}  // namespace schannel_emu
