// DataReader: reads a DATA body up to its end-of-data mark, removes dot-stuffing, and
// reports the line-ending anomalies that SMTP smuggling (CVE-2023-51764/51765/51766)
// relies on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/smtp/message_buffer.h"
#include "emulator/core/smtp/smtp_profile.h"

namespace schannel_emu {

// DataAnomaly kinds. The dotted kinds are the end-of-data variants used against receivers
// (FACTS.md, SMTP smuggling); their names spell the octets: "lf_dot_cr" is "\n.\r".
enum class DataAnomalyKind {
  kBareLf,          // LF not preceded by CR
  kLoneCr,          // CR not followed by LF
  kLfDotLf,         // "\n.\n"
  kLfDotCr,         // "\n.\r" where the CR is not followed by LF
  kCrDotLf,         // "\r.\n"
  kCrDotCr,         // "\r.\r" where the CR is not followed by LF
  kLfDotCrlf,       // "\n.\r\n" after a bare LF
  kCrDotCrlf,       // "\r.\r\n" after a lone CR
  kCrlfNulDotCrlf,  // "\r\n\0.\r\n"
  kCrlfDotCrCrlf,   // "\r\n.\r\r\n"
};

std::string_view DataAnomalyKindName(DataAnomalyKind kind);  // "bare_lf", "lf_dot_cr", ...

struct DataAnomaly {
  DataAnomalyKind kind;
  // Octet offset in the raw DATA stream, counted from the first octet after the DATA
  // command's line: the LF or CR itself for kBareLf/kLoneCr, the '.' of a dotted variant,
  // the NUL of kCrlfNulDotCrlf.
  std::uint64_t offset = 0;
  // For the dotted kinds: whether the variant ended the data (lenient rule) or stayed in
  // the body octet for octet (strict rule). Always false for kBareLf and kLoneCr.
  bool ended_data = false;
};

class DataReader {
 public:
  // DataReader keeps at most `max_reported` anomalies per message and only counts the rest,
  // so a body full of bare LFs cannot flood the event stream.
  DataReader(EndOfDataRule rule, std::size_t max_reported);

  struct Result {
    std::size_t consumed = 0;
    bool finished = false;  // the end-of-data mark was read; consumed includes it
  };

  // Feed reads body octets from `input` into `out`. It stops after the end-of-data mark
  // (finished; what follows is command input) or when it needs more input to decide what
  // the last few octets are (at most 4 are left unconsumed; call again with them and more).
  // The first call of a message reads the octets right after the DATA line, which counts as
  // the CRLF before the first body line, so ".\r\n" at once is an empty message.
  //
  // Strict rule: only CRLF "." CRLF ends the body; the variants are reported and stay in
  // the body, and a leading dot is removed only on a line that starts after CRLF (RFC 5321
  // 4.5.2). Lenient rule: each variant ends the body as well, and a leading dot is removed
  // after any CR or LF, as a receiver that treats lone CR and LF as line ends would do.
  // The body keeps the line end before the dot; the NUL of kCrlfNulDotCrlf is dropped.
  Result Feed(ByteView input, MessageBuffer& out);

  // TakeAnomalies hands over the anomalies reported since the last call.
  std::vector<DataAnomaly> TakeAnomalies();
  // suppressed counts the anomalies of this message beyond max_reported.
  std::uint64_t suppressed() const { return suppressed_; }

  // Reset prepares for the next message.
  void Reset();

 private:
  enum class Match { kNeedMore, kNone, kFound };
  struct Terminator {
    Match match = Match::kNone;
    DataAnomalyKind kind = DataAnomalyKind::kBareLf;
    bool standard = false;         // CRLF "." CRLF
    std::size_t length = 0;        // octets from the '.' (or NUL) to the end of the mark
    bool ends_in_lone_cr = false;  // the mark's last octet is a CR the next octet proves lone
  };

  Terminator MatchAtDot(ByteView after_dot) const;
  Terminator MatchAtNul(ByteView after_nul) const;
  void Consume(std::uint8_t byte);
  void Report(DataAnomalyKind kind, std::uint64_t offset, bool ended_data);

  EndOfDataRule rule_;
  std::size_t max_reported_;
  std::vector<DataAnomaly> anomalies_;
  std::size_t reported_ = 0;
  std::uint64_t suppressed_ = 0;
  std::uint64_t offset_ = 0;  // raw octets consumed so far
  // The last two raw octets; the DATA line's CRLF stands in before the first body octet.
  std::uint8_t prev1_ = '\n';
  std::uint8_t prev2_ = '\r';
};

}  // namespace schannel_emu
