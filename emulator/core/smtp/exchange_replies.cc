#include "emulator/core/smtp/exchange_replies.h"

namespace schannel_emu::exchange_replies {
namespace {

SmtpReply Line(int code, std::string enhanced, std::string text) {
  return SmtpReply{code, std::move(enhanced), {std::move(text)}};
}

std::string Greeting(std::string_view host, std::string_view client) {
  return std::string(host) + " Hello [" + std::string(client) + "]";
}

}  // namespace

SmtpReply Banner(std::string_view host, std::string_view date) {
  return Line(220, "",
              std::string(host) + " Microsoft ESMTP MAIL Service ready at " + std::string(date));
}

SmtpReply Ehlo(std::string_view host, std::string_view client,
               const std::vector<std::string>& keywords) {
  SmtpReply reply{250, "", {Greeting(host, client)}};
  reply.lines.insert(reply.lines.end(), keywords.begin(), keywords.end());
  return reply;
}

SmtpReply Helo(std::string_view host, std::string_view client) {
  return Line(250, "", Greeting(host, client));
}

SmtpReply SenderOk() { return Line(250, "2.1.0", "Sender OK"); }
SmtpReply RecipientOk() { return Line(250, "2.1.5", "Recipient OK"); }
SmtpReply StartMailInput() { return Line(354, "", "Start mail input; end with <CRLF>.<CRLF>"); }
SmtpReply Queued(std::string_view id) {
  return Line(250, "2.6.0", "<" + std::string(id) + "> Queued mail for delivery");
}
SmtpReply Resetting() { return Line(250, "2.0.0", "Resetting"); }
SmtpReply Ok() { return Line(250, "2.0.0", "OK"); }
SmtpReply ServerReady() { return Line(220, "2.0.0", "SMTP server ready"); }
SmtpReply Closing() { return Line(221, "2.0.0", "Service closing transmission channel"); }
SmtpReply Help() {
  return SmtpReply{214,
                   "",
                   {"This server supports the following commands:",
                    "HELO EHLO STARTTLS RCPT DATA RSET MAIL QUIT HELP AUTH BDAT"}};
}
SmtpReply CannotVrfy(std::string_view address) {
  return Line(252, "2.1.5",
              "Cannot VRFY user, but will take message for <" + std::string(address) + ">");
}
SmtpReply ChunkReceived(std::size_t octets) {
  return Line(250, "2.0.0", std::to_string(octets) + " octets received");
}

SmtpReply UnrecognizedCommand() { return Line(500, "5.3.3", "Unrecognized command"); }
SmtpReply InvalidArguments() { return Line(501, "5.5.4", "Invalid arguments"); }
SmtpReply SendHelloFirst() { return Line(503, "5.5.2", "Send hello first"); }
SmtpReply NeedMailCommand() { return Line(503, "5.5.2", "Need mail command"); }
SmtpReply NeedRcptCommand() { return Line(503, "5.5.2", "Need rcpt command"); }
SmtpReply SenderAlreadySpecified() { return Line(503, "5.5.2", "Sender already specified"); }
SmtpReply BadSequence() { return Line(503, "5.5.2", "Bad sequence of commands"); }
SmtpReply LineTooLong() { return Line(500, "5.5.2", "Line too long"); }
SmtpReply Xexch50NeedsAuthentication() { return Line(504, "", "Need to authenticate first"); }
SmtpReply UnrecognizedAuthentication() {
  return Line(504, "5.7.4", "Unrecognized authentication type");
}

SmtpReply TooManyRecipients() { return Line(452, "4.5.3", "Too many recipients"); }

SmtpReply RecipientTryLater() {
  return Line(451, "4.7.0", "Temporary server error. Please try again later");
}
SmtpReply MessageTooLarge() {
  return Line(552, "5.3.4", "Message size exceeds fixed maximum message size");
}
SmtpReply HeaderTooLarge() { return Line(552, "5.3.4", "Header size exceeds fixed maximum size"); }
SmtpReply InsufficientResources() { return Line(452, "4.3.1", "Insufficient system resources"); }
SmtpReply LocalError() { return Line(451, "4.3.0", "Local error in processing"); }

SmtpReply Timeout() { return Line(451, "4.7.0", "Timeout waiting for client input"); }
SmtpReply TooManyErrors() {
  return Line(421, "4.7.0", "Too many errors on this connection, closing transmission channel");
}
SmtpReply ServiceNotAvailable() {
  return Line(421, "4.3.2", "Service not available, closing transmission channel");
}

}  // namespace schannel_emu::exchange_replies
