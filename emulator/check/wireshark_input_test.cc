#include "emulator/check/wireshark_input.h"

#include <gtest/gtest.h>

#include "emulator/check/test_support.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

const std::vector<std::uint16_t>& Original() {
  static const auto suites = testing::ReadSuiteFile("fixtures/customer/original-suites.txt");
  return suites;
}

TEST(WiresharkInput, ReadsTheMultiLineDissectionOfTheCustomersHello) {
  auto input =
      ReadWiresharkText(testing::ReadSourceFile("fixtures/customer/wireshark-multiline.txt"));
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->hello.TlsSuites(), Original());
  EXPECT_EQ(input->hello.client_version, kTls12);
  EXPECT_EQ(input->hello.record_version, kTls10);
}

TEST(WiresharkInput, ReadsTheSameDissectionPastedAsOneLine) {
  const std::string text = testing::ReadSourceFile("fixtures/customer/wireshark-one-line.txt");
  ASSERT_EQ(text.find('\n'), text.size() - 1);
  auto input = ReadWiresharkText(text);
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->hello.TlsSuites(), Original());
  EXPECT_EQ(input->hello.client_version, kTls12);
}

TEST(WiresharkInput, AssumesTls12AndSaysSoWhenTheVersionIsMissing) {
  auto input = ReadWiresharkText(
      "Cipher Suite: TLS_RSA_WITH_RC4_128_SHA (0x0005)\n"
      "Cipher Suite: Reserved (GREASE) (0x0a0a)\n");
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->hello.TlsSuites(), (std::vector<std::uint16_t>{0x0005, 0x0a0a}));
  EXPECT_EQ(input->hello.client_version, kTls12);
  EXPECT_NE(input->notes.front().find("assumed TLS 1.2"), std::string::npos);
}

TEST(WiresharkInput, RefusesTextWithoutSuites) {
  auto input = ReadWiresharkText("Cipher Suites Length: 172\nCipher Suites (86 suites)\n");
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("no 'Cipher Suite: NAME (0xXXXX)' lines"), std::string::npos);
}

TEST(WiresharkInput, RefusesACopyThatLostPartOfTheList) {
  auto input = ReadWiresharkText(
      "Cipher Suites (3 suites)\nCipher Suite: TLS_RSA_WITH_RC4_128_SHA (0x0005)\n");
  ASSERT_FALSE(input);
  EXPECT_NE(input.error().find("incomplete"), std::string::npos);
}

TEST(WiresharkInput, StopsAtTheServerHelloOfTheSamePaste) {
  auto input = ReadWiresharkText(
      "Handshake Type: Client Hello (1)\nVersion: TLS 1.0 (0x0301)\n"
      "Cipher Suite: TLS_RSA_WITH_RC4_128_MD5 (0x0004)\n"
      "Handshake Type: Server Hello (2)\nCipher Suite: TLS_RSA_WITH_RC4_128_SHA (0x0005)\n");
  ASSERT_TRUE(input) << input.error();
  EXPECT_EQ(input->hello.TlsSuites(), (std::vector<std::uint16_t>{0x0004}));
  EXPECT_EQ(input->hello.client_version, kTls10);
}

}  // namespace
}  // namespace schannel_emu
