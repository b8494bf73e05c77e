// ReplayHello: send a recorded ClientHello to a live SMTP server after STARTTLS and
// report what the server did. This is shell code: it opens sockets.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

enum class ReplayResult {
  kServerHello,  // the server answered with a ServerHello
  kAlert,        // the server sent an alert record
  kClosed,       // orderly close (FIN, EOF) before any answer
  kReset,        // connection reset (RST)
  kSilence,      // nothing until the timeout
  kOther,        // some other record
};

std::string_view ReplayResultName(ReplayResult result);  // "server_hello", "alert", ...

struct ReplayOutcome {
  ReplayResult result = ReplayResult::kSilence;
  std::uint16_t version = 0;  // ServerHello's version
  std::uint16_t suite = 0;    // ServerHello's suite
  std::uint8_t alert_level = 0;
  std::uint8_t alert_description = 0;
  std::vector<std::string> transcript;  // SMTP lines, "S: 220 ..." / "C: EHLO ..."
};

struct ReplayTarget {
  std::string host;
  std::string port;
  int timeout_ms = 10000;
  std::string ehlo = "schannel-emu.invalid";
};

// ReplayHello connects, reads the banner, sends EHLO and STARTTLS, writes `hello`
// byte-exact and classifies the server's first answer. Fails (with a sentence
// naming the step) when the connection or the SMTP dialogue goes wrong before
// the hello is sent; everything after that is an outcome, not an error.
Expected<ReplayOutcome, std::string> ReplayHello(const ReplayTarget& target, const Bytes& hello);

}  // namespace schannel_emu
