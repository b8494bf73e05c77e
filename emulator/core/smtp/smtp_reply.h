// SmtpReply: one SMTP reply (possibly multi-line) and how it goes on the wire.
#pragma once

#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/event.h"

namespace schannel_emu {

struct SmtpReply {
  int code = 0;
  // Enhanced status code (RFC 3463) such as "2.1.0"; empty for replies that carry none
  // (the banner, 354, the EHLO and HELP lists).
  std::string enhanced;
  // The text of each line, without code or enhanced code. Never empty.
  std::vector<std::string> lines;
};

// FormatReply renders `reply` as wire bytes: every line is "<code>-" except the last,
// which is "<code> "; the enhanced code, when present, prefixes every line's text;
// every line ends in CRLF.
Bytes FormatReply(const SmtpReply& reply);

// ReplyEvent describes `reply` as an "smtp_reply" event: {code, enhanced, text}, where
// text joins the lines with "\n".
Event ReplyEvent(const SmtpReply& reply);

}  // namespace schannel_emu
