// MessageSink: where the SMTP engine hands accepted messages, and what it tells the sink.
#pragma once

#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {

// Envelope: everything the SMTP dialogue said about a message besides its content.
struct Envelope {
  std::string client_address;        // the peer as the session named it in SmtpEnvironment
  std::string helo;                  // the EHLO/HELO argument in force
  std::string mail_from;             // reverse-path without brackets; empty for the null sender
  std::vector<std::string> rcpt_to;  // forward-paths without brackets, in the order given
  std::string body_type;             // BODY= of MAIL FROM ("7BIT", "8BITMIME", "BINARYMIME") or ""
  std::string transfer;              // "data" or "bdat"
  bool tls = false;                  // the message came over STARTTLS
  std::string tls_version;           // as the session described it to TlsStarted, e.g. "TLSv1.0"
  std::string tls_suite;             // likewise, e.g. "TLS_RSA_WITH_RC4_128_MD5"
};

enum class StoreResult {
  kStored,   // 250 2.6.0 <id> Queued mail for delivery
  kNoSpace,  // 452 4.3.1 Insufficient system resources
  kFailed,   // 451 4.3.0 Local error in processing
};

struct StoreOutcome {
  StoreResult result = StoreResult::kFailed;
  std::string id;        // the queue id or Message-ID to quote in the 250 reply, without brackets
  std::string location;  // where the sink put it (a spool file path), for the message event
};

// RecipientDecision: what the store says of one RCPT TO address.
enum class RecipientDecision {
  kAccept,    // 250 2.1.5 Recipient OK
  kTryLater,  // 451 4.7.0 Temporary server error. Please try again later
};

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // CheckRecipient lets the store refuse an address for now, as Exchange does when its
  // recipient lookup or a resource is unavailable. The default accepts every address.
  virtual RecipientDecision CheckRecipient(const std::string& /*address*/) {
    return RecipientDecision::kAccept;
  }
  // Store keeps the message (`content` is the unstuffed DATA body or the joined BDAT
  // chunks, octet for octet) and says whether it could. It must not throw; the engine
  // turns every outcome into a reply.
  virtual StoreOutcome Store(const Envelope& envelope, ByteView content) = 0;
};

}  // namespace schannel_emu
