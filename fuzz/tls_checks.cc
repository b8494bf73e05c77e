#include "fuzz/tls_checks.h"

#include "emulator/core/tls/server_engine.h"
#include "fuzz/harness.h"
#include "fuzz/tls_fixture.h"

namespace schannel_emu::fuzz {
namespace {

// RFC 2246 6.2.3: a ciphertext fragment may be up to 2^14 + 2048 bytes.
constexpr std::size_t kMaxRecordPayload = (1 << 14) + 2048;

void CheckRecords(ByteView output) {
  ByteReader reader(output);
  while (!reader.empty()) {
    const auto type = reader.U8();
    const auto version = reader.U16();
    const auto payload = reader.Vector16();
    Require(type && version && payload, "the engine sends whole records only");
    Require(*type >= 20 && *type <= 23, "every record has a TLS content type");
    Require(*version == kSsl3 || *version == kTls10, "every record is SSL 3.0 or TLS 1.0");
    Require(payload->size() <= kMaxRecordPayload, "no record exceeds 2^14 + 2048 bytes");
  }
}

void CheckEvents(const Events& events) {
  for (const Event& event : events) RequireEvent(event);
}

void CheckState(const TlsServerEngine& engine) {
  if (engine.state() != TlsState::kEstablished) return;
  Require(engine.verdict().has_value() && engine.verdict()->accepted,
          "an established connection was accepted by the verdict");
  Require(engine.version() != 0 && engine.suite() != 0,
          "an established connection has a version and a suite");
}

// RunOnce feeds one engine and returns every byte it sent.
Bytes RunOnce(const SplitInput& split) {
  FuzzEngine fuzz_engine(ProfileForSelector(split.spare()));
  TlsServerEngine& engine = fuzz_engine.engine;
  Bytes sent;
  Bytes received;

  for (const Piece& piece : split.Pieces()) {
    const bool terminal_before = engine.action() != TerminalAction::kNone;
    switch (piece.tag) {
      case 1:
        engine.SendApplicationData(AsBytes("250 2.0.0 OK\r\n"));
        break;
      case 2:
        engine.SendApplicationData(received);
        break;
      case 3:
        engine.Close();
        break;
      default:
        break;
    }
    engine.Receive(piece.bytes);

    Bytes output = engine.TakeOutput();
    if (terminal_before) Require(output.empty(), "after a terminal action nothing is sent");
    Append(sent, output);
    Append(received, engine.TakeApplicationData());
    CheckEvents(engine.TakeEvents());
    CheckState(engine);
  }
  CheckRecords(sent);
  return sent;
}

}  // namespace

void CheckTlsEngine(ByteView input) {
  const SplitInput split(input);
  const Bytes first = RunOnce(split);
  const Bytes second = RunOnce(split);
  Require(first == second, "the same input gives the same output in deterministic mode");
}

}  // namespace schannel_emu::fuzz
