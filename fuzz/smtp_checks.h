// Properties of the SMTP engine that fuzz_smtp_engine checks on every input.
#pragma once

#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/event.h"
#include "emulator/core/smtp/message_sink.h"

namespace schannel_emu::fuzz {

// RecordingSink stores every message it is handed and answers kStored with a
// numbered id, so a target can compare what arrived with what the events said.
class RecordingSink final : public MessageSink {
 public:
  StoreOutcome Store(const Envelope& envelope, ByteView content) override;
  const std::vector<Bytes>& messages() const { return messages_; }

 private:
  std::vector<Bytes> messages_;
};

// Sha256Hex is the lowercase hex SHA-256 of `data`, as the events report it.
std::string Sha256Hex(ByteView data);

// StoredHashes returns the sha256 field of every event that reports a stored message,
// and aborts on an event without a name or that cannot be written as JSON.
std::vector<std::string> StoredHashes(const Events& events);

// CheckStoredMessages aborts unless `hashes` (from StoredHashes, in order) are exactly
// the SHA-256 of the messages `sink` received.
void CheckStoredMessages(const std::vector<std::string>& hashes, const RecordingSink& sink);

// CheckSmtpReplies aborts unless `output` is a sequence of well-formed SMTP replies:
// CRLF-terminated lines of a 3-digit code (2xx to 5xx) and "-" or " ", where the lines
// of one multi-line reply share their code.
void CheckSmtpReplies(ByteView output);

// CheckSmtpEngine runs an SmtpServer over `input` read as a SplitInput: spare() picks
// the built-in profile's SMTP settings; a piece's tag first triggers — 1: TlsStarted
// (when STARTTLS is pending), 2: IdleTimeout, 3: Shutdown. It aborts unless
//   - the server's output is always well-formed replies,
//   - nothing is answered to input that arrives once the server wants to close,
//   - every message the sink received is reported by one event whose sha256 field is
//     that of the content the sink got, in order,
//   - the same payload fed whole and fed in the input's pieces, with no triggers,
//     gives the same replies (the dialogue does not depend on how TCP split it).
void CheckSmtpEngine(ByteView input);

}  // namespace schannel_emu::fuzz
