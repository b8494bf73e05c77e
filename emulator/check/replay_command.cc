#include "emulator/check/replay_command.h"

#include <openssl/rand.h>

#include <fstream>
#include <iterator>
#include <optional>

#include "emulator/check/iana_names.h"
#include "emulator/check/input_detect.h"
#include "emulator/check/smtp_replay.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

std::string SuiteText(std::uint16_t suite) {
  const auto known = FindCipherSuite(suite);
  return (known ? std::string(known->openssl_name) + " " : std::string()) + SuiteCodeText(suite) +
         " " + IanaDisplayName(suite);
}

// HelloBytesToSend returns the bytes to replay: the recorded wire bytes when the
// input has them, otherwise a fresh TLS 1.0-record hello with a random nonce.
Bytes HelloBytesToSend(const CheckInput& input, std::ostream& out) {
  if (input.wire) return *input.wire;
  ClientHello hello = input.hello;
  RAND_bytes(hello.random.data(), static_cast<int>(hello.random.size()));
  ClientHello rebuilt = HelloFromSuites(hello.TlsSuites(), hello.client_version);
  // Put the random into the message body (after type, length and version).
  std::copy(hello.random.begin(), hello.random.end(), rebuilt.message.begin() + 6);
  out << "note: the input holds no wire bytes; sending a TLS 1.0-record hello with its "
      << rebuilt.TlsSuites().size() << " suites and no extensions\n";
  return HelloRecordBytes(rebuilt);
}

}  // namespace

std::string ReplayHelpText() {
  return R"HELP(Usage: schannel-emu replay --to HOST:PORT INPUT [options]

Connects to an SMTP server, reads its banner, sends EHLO and STARTTLS, then sends
the sender's ClientHello byte for byte and reports what the server did: a
ServerHello (version and suite), an alert, a close (FIN), a reset (RST), or
silence until the timeout.

INPUT is anything 'schannel-emu check' reads (capture, Wireshark text, hex,
suite list; '-' for standard input). Captures and hex records are sent exactly;
suite lists and dissections become a TLS 1.0-record hello with those suites.

Options:
  --to HOST:PORT   the server to test (IPv6: [addr]:port)
  --timeout S      seconds to wait at each step (default 10)
  --ehlo NAME      the name sent with EHLO (default schannel-emu.invalid)
  --format F       auto (default), pcap, wireshark, hex, suites
  --help           this text

Exit status: 0 for a ServerHello, 1 for any other answer, 2 for errors.
)HELP";
}

int RunReplay(std::span<const std::string> args, std::istream& in, std::ostream& out,
              std::ostream& err) {
  std::optional<std::string> to;
  std::optional<std::string> input_path;
  ReplayTarget target;
  InputFormat format = InputFormat::kAuto;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    if (arg == "--help" || arg == "-h") {
      out << ReplayHelpText();
      return 0;
    }
    if (arg == "--to" || arg == "--timeout" || arg == "--ehlo" || arg == "--format") {
      if (!has_value) {
        err << "schannel-emu replay: " << arg << " needs a value; see --help\n";
        return 2;
      }
      const std::string& value = args[++i];
      if (arg == "--to") {
        to = value;
      } else if (arg == "--ehlo") {
        target.ehlo = value;
      } else if (arg == "--format") {
        auto parsed = ParseInputFormat(value);
        if (!parsed) {
          err << "schannel-emu replay: unknown --format '" << value << "'\n";
          return 2;
        }
        format = *parsed;
      } else {
        char* end = nullptr;
        const double seconds = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || *end != '\0' || seconds <= 0 || seconds > 3600) {
          err << "schannel-emu replay: --timeout takes seconds between 0 and 3600\n";
          return 2;
        }
        target.timeout_ms = static_cast<int>(seconds * 1000);
      }
    } else if (arg.size() > 1 && arg[0] == '-') {
      err << "schannel-emu replay: unknown option '" << arg << "'; see --help\n";
      return 2;
    } else if (input_path) {
      err << "schannel-emu replay: more than one input given\n";
      return 2;
    } else {
      input_path = arg;
    }
  }
  if (!to) {
    err << "schannel-emu replay: say where to connect with --to HOST:PORT\n";
    return 2;
  }
  const std::size_t colon = to->rfind(':');
  if (colon == std::string::npos || colon + 1 == to->size()) {
    err << "schannel-emu replay: --to needs HOST:PORT, e.g. mx.example.com:25\n";
    return 2;
  }
  target.host = to->substr(0, colon);
  target.port = to->substr(colon + 1);
  if (target.host.size() >= 2 && target.host.front() == '[' && target.host.back() == ']') {
    target.host = target.host.substr(1, target.host.size() - 2);
  }

  std::string data;
  if (!input_path || *input_path == "-") {
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(*input_path, std::ios::binary);
    if (!file) {
      err << "schannel-emu replay: cannot open '" << *input_path << "'\n";
      return 2;
    }
    data.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  auto read = ReadCheckInput(Bytes(data.begin(), data.end()), format);
  if (!read) {
    err << "schannel-emu replay: " << read.error() << "\n";
    return 2;
  }
  if (read.value().hellos.size() > 1) {
    out << "note: the input holds " << read.value().hellos.size()
        << " hellos; replaying the first\n";
  }
  const Bytes hello = HelloBytesToSend(read.value().hellos.front(), out);

  auto outcome = ReplayHello(target, hello);
  if (!outcome) {
    err << "schannel-emu replay: " << outcome.error() << "\n";
    return 2;
  }
  for (const std::string& line : outcome.value().transcript) out << line << "\n";
  const ReplayOutcome& result = outcome.value();
  switch (result.result) {
    case ReplayResult::kServerHello:
      out << "result: server_hello: the server accepted with " << VersionName(result.version)
          << " and " << SuiteText(result.suite) << "\n";
      return 0;
    case ReplayResult::kAlert:
      out << "result: alert: level " << static_cast<int>(result.alert_level)
          << (result.alert_level == 2 ? " (fatal)" : " (warning)") << ", description "
          << static_cast<int>(result.alert_description) << " ("
          << AlertName(result.alert_description) << ")\n";
      return 1;
    case ReplayResult::kClosed:
      out << "result: closed: the server closed the connection (FIN) without an answer; the "
             "sender sees 'connection closed' / handshake failure\n";
      return 1;
    case ReplayResult::kReset:
      out << "result: reset: the server reset the connection (RST); the sender sees "
             "'connection reset by peer'\n";
      return 1;
    case ReplayResult::kSilence:
      out << "result: silence: no answer within " << target.timeout_ms / 1000.0 << " s\n";
      return 1;
    case ReplayResult::kOther:
      out << "result: other: the server's first record is neither a ServerHello nor an alert\n";
      return 1;
  }
  return 1;
}

}  // namespace schannel_emu
