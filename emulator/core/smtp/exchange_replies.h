// Exchange 2007 receive-connector reply texts, in one place so that each carries its source.
//
// "FACTS" marks texts from Microsoft's telnet-testing guide, public transcripts and
// captures of later Exchange builds (no 2007-only capture exists). "Not from a 2007
// capture" marks texts chosen in Exchange's style where no source gives the exact words;
// docs/FIDELITY.md should list those.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/smtp/smtp_reply.h"

namespace schannel_emu::exchange_replies {

// 220 <host> Microsoft ESMTP MAIL Service ready at <date>. FACTS.
SmtpReply Banner(std::string_view host, std::string_view date);
// 250-<host> Hello [<client>] followed by one line per keyword. FACTS (keyword list);
// the greeting line follows Exchange's "Hello [address]" style.
SmtpReply Ehlo(std::string_view host, std::string_view client,
               const std::vector<std::string>& keywords);
// 250 <host> Hello [<client>]. Exchange style, not from a 2007 capture.
SmtpReply Helo(std::string_view host, std::string_view client);

SmtpReply SenderOk();                   // 250 2.1.0 Sender OK. FACTS.
SmtpReply RecipientOk();                // 250 2.1.5 Recipient OK. FACTS.
SmtpReply StartMailInput();             // 354 Start mail input; end with <CRLF>.<CRLF>. FACTS.
SmtpReply Queued(std::string_view id);  // 250 2.6.0 <id> Queued mail for delivery. FACTS.
SmtpReply Resetting();                  // 250 2.0.0 Resetting. FACTS.
SmtpReply Ok();                         // 250 2.0.0 OK (NOOP). Not from a 2007 capture.
SmtpReply ServerReady();                // 220 2.0.0 SMTP server ready (STARTTLS). FACTS.
SmtpReply Closing();                    // 221 2.0.0 Service closing transmission channel. FACTS.
SmtpReply Help();                       // 214 command list. Later builds' text, not a 2007 capture.
// 252 2.1.5 Cannot VRFY user, but will take message for <address>. Not from a 2007 capture.
SmtpReply CannotVrfy(std::string_view address);
// 250 2.0.0 <n> octets received, for a BDAT chunk without LAST. Not from a 2007 capture:
// Exchange's exact wording for intermediate chunks is not public.
SmtpReply ChunkReceived(std::size_t octets);

SmtpReply UnrecognizedCommand();     // 500 5.3.3 Unrecognized command. FACTS.
SmtpReply InvalidArguments();        // 501 5.5.4 Invalid arguments. FACTS.
SmtpReply SendHelloFirst();          // 503 5.5.2 Send hello first. FACTS.
SmtpReply NeedMailCommand();         // 503 5.5.2 Need mail command. FACTS.
SmtpReply NeedRcptCommand();         // 503 5.5.2 Need rcpt command. FACTS.
SmtpReply SenderAlreadySpecified();  // 503 5.5.2 Sender already specified. FACTS.
// 503 5.5.2 Bad sequence of commands: DATA inside a BDAT transaction (RFC 3030 demands
// 503), or BODY=BINARYMIME followed by DATA. Not from a 2007 capture.
SmtpReply BadSequence();
// 500 5.5.2 Line too long. Not from a 2007 capture; Exchange's own limit and wording for
// overlong command lines are not documented.
SmtpReply LineTooLong();
// 504 Need to authenticate first: Exchange 2003's answer to XEXCH50 before authentication
// (KB843106). Uncertain for 2007, which may answer differently on an anonymous connector.
SmtpReply Xexch50NeedsAuthentication();
// 504 5.7.4 Unrecognized authentication type: AUTH on an anonymous-only connector. Not
// from a 2007 capture.
SmtpReply UnrecognizedAuthentication();

SmtpReply TooManyRecipients();  // 452 4.5.3 Too many recipients. FACTS.
// 451 4.7.0 Temporary server error. Please try again later: a recipient refused for now.
// The text of later Exchange builds (which append a code such as PRX2); not from a 2007
// capture.
SmtpReply RecipientTryLater();
// 552 5.3.4 Message size exceeds fixed maximum message size. FACTS.
SmtpReply MessageTooLarge();
// 552 5.3.4 Header size exceeds fixed maximum size. Not from a 2007 capture.
SmtpReply HeaderTooLarge();
// 452 4.3.1 Insufficient system resources. Not from a 2007 capture.
SmtpReply InsufficientResources();
// 451 4.3.0 Local error in processing. Not from a 2007 capture.
SmtpReply LocalError();

SmtpReply Timeout();        // 451 4.7.0 Timeout waiting for client input. FACTS.
SmtpReply TooManyErrors();  // 421 4.7.0 Too many errors on this connection, ... FACTS.
// 421 4.3.2 Service not available, closing transmission channel. Not from a 2007 capture.
SmtpReply ServiceNotAvailable();

}  // namespace schannel_emu::exchange_replies
