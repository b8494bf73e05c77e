// SmtpProfile: how the Exchange 2007 receive connector in front of SChannel behaves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/base/expected.h"

namespace schannel_emu {

// EndOfDataRule: which byte sequences end a DATA body. Exchange 2007's exact
// behaviour on the SMTP-smuggling variants is not documented; strict is the
// default and the lenient rule shows how a lenient receiver splits such data.
enum class EndOfDataRule {
  kStrict,   // only CRLF "." CRLF ends the body
  kLenient,  // also LF "." LF, LF "." CRLF, CR "." CR ... (the smuggling variants)
};

std::string_view EndOfDataRuleName(EndOfDataRule rule);  // "strict", "lenient"

// Receive-connector settings, defaults from Exchange 2007 (FACTS.md: Exchange
// 2007 SMTP receive side).
struct SmtpProfile {
  // EHLO keywords in the order Exchange lists them; "SIZE" is sent as
  // "SIZE <max_message_bytes>". Each can be switched off per connector.
  std::vector<std::string> ehlo_keywords = {
      "SIZE",     "PIPELINING",     "DSN",       "ENHANCEDSTATUSCODES",
      "STARTTLS", "X-ANONYMOUSTLS", "AUTH NTLM", "X-EXPS GSSAPI NTLM",
      "8BITMIME", "BINARYMIME",     "CHUNKING",  "XEXCH50"};
  std::size_t max_message_bytes = 10 * 1024 * 1024;  // MaxMessageSize 10 MB
  std::size_t max_header_bytes = 64 * 1024;          // MaxHeaderSize 64 KB
  std::size_t max_recipients = 200;                  // MaxRecipientsPerMessage
  std::size_t max_protocol_errors = 5;               // MaxProtocolErrors
  // Longest command line accepted (RFC 5321 4.5.3.1.4: 512 octets); Exchange's
  // own limit is not documented, so this is a knob.
  std::size_t max_command_line_bytes = 512;
  std::uint32_t idle_timeout_seconds = 300;        // ConnectionInactivityTimeout (Hub)
  std::uint32_t connection_timeout_seconds = 600;  // ConnectionTimeout
  std::size_t max_connections_per_source = 100;    // MaxInboundConnectionPerSource
  EndOfDataRule end_of_data = EndOfDataRule::kStrict;
};

nlohmann::ordered_json SmtpProfileToJson(const SmtpProfile& profile);

// SmtpProfileFromJson reads the "smtp" object of a profile file on top of `base`;
// absent keys keep base's value; errors name the key and what it accepts.
Expected<SmtpProfile, std::string> SmtpProfileFromJson(const nlohmann::json& json,
                                                       SmtpProfile base);

}  // namespace schannel_emu
