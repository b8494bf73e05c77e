#include "emulator/check/hex_input.h"

#include <gtest/gtest.h>

#include "emulator/check/test_support.h"

namespace schannel_emu {
namespace {

TEST(HexInput, ReadsARecordWithSpacesColonsAndPrefixes) {
  const std::string hex = testing::ReadSourceFile("fixtures/customer/original.hello.hex");
  std::string spaced;
  for (std::size_t i = 0; i + 1 < hex.size() && hex[i] != '\n'; i += 2) {
    spaced += "0x" + hex.substr(i, 2) + (i % 32 == 30 ? ",\n" : ": ");
  }
  auto input = ReadHexHello(spaced);
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->format, "hex-record");
  EXPECT_EQ(input->hello.TlsSuites().size(), 86u);
  ASSERT_TRUE(input->wire.has_value());
  EXPECT_EQ(ToHex(*input->wire), hex.substr(0, hex.find('\n')));
}

TEST(HexInput, ReadsAHandshakeMessageWithoutItsRecordHeader) {
  const std::string hex = testing::ReadSourceFile("fixtures/customer/original.hello.hex");
  auto input = ReadHexHello(hex.substr(10));  // drop the 5-byte record header
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->format, "hex-handshake");
  EXPECT_EQ(input->hello.TlsSuites().size(), 86u);
  EXPECT_FALSE(input->notes.empty());
}

TEST(HexInput, ReadsABareSuiteList) {
  auto input = ReadHexHello("c030 c02c 0035 00ff");
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->format, "hex-suites");
  EXPECT_EQ(input->hello.TlsSuites(), (std::vector<std::uint16_t>{0xc030, 0xc02c, 0x0035, 0x00ff}));
  EXPECT_FALSE(input->wire.has_value());
}

TEST(HexInput, RefusesAnOddNumberOfDigitsWithOneClearError) {
  auto input = ReadHexHello("16 03 01 0");
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("odd number of digits"), std::string::npos);
}

TEST(HexInput, RefusesStrayCharactersNamingThem) {
  auto input = ReadHexHello("16 03 zz");
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("'z'"), std::string::npos);
}

TEST(HexInput, ReportsATruncatedRecordAsTheReaderSeesIt) {
  const std::string hex = testing::ReadSourceFile("fixtures/customer/original.hello.hex");
  auto input = ReadHexHello(hex.substr(0, 200));
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("truncated"), std::string::npos) << input.error();
}

TEST(HexInput, RefusesAnOddByteCountThatIsNotARecord) {
  auto input = ReadHexHello("c030c0");
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("odd count"), std::string::npos);
}

}  // namespace
}  // namespace schannel_emu
