#include "emulator/core/smtp/smtp_profile.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(SmtpProfileTest, JsonRoundTripKeepsEveryField) {
  SmtpProfile profile;
  profile.ehlo_keywords = {"SIZE", "CHUNKING"};
  profile.max_message_bytes = 1234;
  profile.max_header_bytes = 99;
  profile.max_recipients = 7;
  profile.max_protocol_errors = 2;
  profile.max_command_line_bytes = 80;
  profile.idle_timeout_seconds = 11;
  profile.connection_timeout_seconds = 22;
  profile.max_connections_per_source = 3;
  profile.end_of_data = EndOfDataRule::kLenient;

  const auto read = SmtpProfileFromJson(SmtpProfileToJson(profile), SmtpProfile{});
  ASSERT_TRUE(read) << read.error();
  EXPECT_EQ(SmtpProfileToJson(*read), SmtpProfileToJson(profile));
}

TEST(SmtpProfileTest, AbsentKeysKeepTheBase) {
  SmtpProfile base;
  base.max_recipients = 17;
  const auto read = SmtpProfileFromJson(nlohmann::json{{"max_header_bytes", 10}}, base);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->max_recipients, 17u);
  EXPECT_EQ(read->max_header_bytes, 10u);
}

TEST(SmtpProfileTest, ErrorsNameTheKey) {
  const auto unknown = SmtpProfileFromJson(nlohmann::json{{"max_bananas", 1}}, SmtpProfile{});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("max_bananas"), std::string::npos);
  const auto rule = SmtpProfileFromJson(nlohmann::json{{"end_of_data", "loose"}}, SmtpProfile{});
  ASSERT_FALSE(rule);
  EXPECT_NE(rule.error().find("end_of_data"), std::string::npos);
  const auto type = SmtpProfileFromJson(nlohmann::json{{"max_recipients", "x"}}, SmtpProfile{});
  ASSERT_FALSE(type);
  EXPECT_NE(type.error().find("max_recipients"), std::string::npos);
}

}  // namespace
}  // namespace schannel_emu
