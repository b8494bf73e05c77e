#include "emulator/core/smtp/smtp_reply.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

std::string Wire(const SmtpReply& reply) { return std::string(AsText(FormatReply(reply))); }

TEST(SmtpReplyTest, SingleLineCarriesTheEnhancedCodeAfterTheCode) {
  EXPECT_EQ(Wire(SmtpReply{250, "2.1.0", {"Sender OK"}}), "250 2.1.0 Sender OK\r\n");
}

TEST(SmtpReplyTest, ReplyWithoutEnhancedCodeHasOnlyTheCode) {
  EXPECT_EQ(Wire(SmtpReply{354, "", {"go ahead"}}), "354 go ahead\r\n");
}

TEST(SmtpReplyTest, MultiLineReplyUsesDashesUntilTheLastLine) {
  EXPECT_EQ(Wire(SmtpReply{250, "", {"host Hello", "SIZE 5", "PIPELINING"}}),
            "250-host Hello\r\n250-SIZE 5\r\n250 PIPELINING\r\n");
}

TEST(SmtpReplyTest, EventJoinsLinesAndKeepsTheCodes) {
  const Event event = ReplyEvent(SmtpReply{214, "", {"a", "b"}});
  EXPECT_EQ(event.name, "smtp_reply");
  EXPECT_EQ(event.fields["code"], 214);
  EXPECT_EQ(event.fields["enhanced"], "");
  EXPECT_EQ(event.fields["text"], "a\nb");
}

}  // namespace
}  // namespace schannel_emu
