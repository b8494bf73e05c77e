#include "emulator/check/iana_names.h"

#include <gtest/gtest.h>

#include "emulator/core/base/cipher_suites.h"

namespace schannel_emu {
namespace {

TEST(IanaNames, NamesAssignedSuitesFromTheRegistry) {
  EXPECT_EQ(IanaSuiteName(0x0005), "TLS_RSA_WITH_RC4_128_SHA");
  EXPECT_EQ(IanaSuiteName(0xc030), "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  EXPECT_EQ(IanaSuiteName(0x1301), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(IanaSuiteName(0x00ff), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
  EXPECT_EQ(IanaSuiteName(0x5600), "TLS_FALLBACK_SCSV");
}

TEST(IanaNames, CallsEveryGreaseValueReservedGrease) {
  for (unsigned nibble = 0; nibble < 16; ++nibble) {
    const auto code = static_cast<std::uint16_t>((nibble << 12) | 0x0a00 | (nibble << 4) | 0x0a);
    EXPECT_EQ(IanaSuiteName(code), "Reserved (GREASE)") << SuiteCodeText(code);
  }
}

TEST(IanaNames, GivesNoNameForUnassignedOrReservedCodesButDisplaysThem) {
  EXPECT_FALSE(IanaSuiteName(0x0060).has_value());  // reserved block
  EXPECT_FALSE(IanaSuiteName(0x1234).has_value());  // unassigned
  EXPECT_EQ(IanaDisplayName(0x1234), "Unassigned (0x1234)");
  EXPECT_EQ(IanaLookup(0x0060).kind, IanaKind::kReserved);
  EXPECT_EQ(IanaLookup(0xff42).name, "Reserved for Private Use");
}

TEST(IanaNames, CoversEveryCodePoint) {
  for (unsigned code = 0; code <= 0xffff; ++code) {
    const IanaEntry entry = IanaLookup(static_cast<std::uint16_t>(code));
    ASSERT_LE(entry.first, code);
    ASSERT_GE(entry.last, code);
  }
}

TEST(IanaNames, FindsCodesByName) {
  EXPECT_EQ(IanaCodeForName("TLS_RSA_WITH_AES_256_CBC_SHA"), 0x0035);
  EXPECT_FALSE(IanaCodeForName("TLS_NOT_A_SUITE").has_value());
}

}  // namespace
}  // namespace schannel_emu
