#include "emulator/core/smtp/smtp_reply.h"

#include "emulator/core/base/utf8.h"

namespace schannel_emu {

Bytes FormatReply(const SmtpReply& reply) {
  std::string text;
  const std::string code = std::to_string(reply.code);
  for (std::size_t i = 0; i < reply.lines.size(); ++i) {
    text += code;
    text += (i + 1 == reply.lines.size()) ? ' ' : '-';
    if (!reply.enhanced.empty()) text += reply.enhanced + ' ';
    text += reply.lines[i];
    text += "\r\n";
  }
  const ByteView bytes = AsBytes(text);
  return Bytes(bytes.begin(), bytes.end());
}

Event ReplyEvent(const SmtpReply& reply) {
  Event event = MakeEvent("smtp_reply");
  event.fields["code"] = reply.code;
  event.fields["enhanced"] = reply.enhanced;
  std::string text;
  for (const std::string& line : reply.lines) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  event.fields["text"] = ValidUtf8(text);  // VRFY and errors can quote the client
  return event;
}

}  // namespace schannel_emu
