// Profile: everything that makes the emulated peer behave like one particular server, as data.
//
// Every field says what the real peer does and where that is known from; the
// full citations are in docs/FIDELITY.md. Where the truth is unknown the field
// is a knob and its default is the best evidence, named as such.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/base/tls_constants.h"
#include "emulator/core/smtp/smtp_profile.h"

namespace schannel_emu {

// FailureMode is what the peer does when it will not answer a ClientHello.
// Reports of 2003 servers show no ServerHello and no alert ("SSL handshake has
// read 0 bytes"); no capture shows whether the close is a FIN or a RST, so the
// default is the orderly close (FACTS.md: "what the client sees on rejection").
enum class FailureMode {
  kClose,  // close the connection without an alert (TCP FIN)
  kReset,  // abort the connection (TCP RST)
  kAlert,  // send a fatal handshake_failure alert, then close
};

std::string_view FailureModeName(FailureMode mode);  // "close", "reset", "alert"
std::optional<FailureMode> ParseFailureMode(std::string_view name);

// WindowRule: SChannel on 2003 only looks at the first entries of the client's
// cipher suite list (a position cutoff, not a size limit: the same list reordered
// succeeds). Whether exactly 64 or 65 fit, and whether SCSVs or unknown codes
// take a slot, is not documented; the defaults count every entry, slot 64 in.
struct WindowRule {
  std::size_t size = 64;         // 0 means no window at all
  bool count_signalling = true;  // 0x00ff and 0x5600 take a slot
  bool count_unknown = true;     // codes the peer has no implementation of take a slot
};

// Intolerances seen in other legacy products, off in the Windows profiles; they
// make extra profiles for testing a sender against the wider legacy world.
struct Intolerances {
  // Stay silent (neither answer nor close) on hellos of 256-511 bytes, like the
  // F5 bug that RFC 7685 padding works around.
  bool hang_on_256_to_511_byte_hello = false;
  // Refuse hellos with more suites than this (old Cisco ASA: 128).
  std::optional<std::size_t> max_offered_suites;
  // Refuse a hello whose client_version is above the profile's max_version
  // instead of answering with the lower version.
  bool version_intolerant = false;
  // Refuse a hello carrying any extension type not in known_extensions.
  bool extension_intolerant = false;
  std::vector<std::uint16_t> known_extensions;
};

struct Profile {
  std::string name;         // "win2003"
  std::string description;  // one line for `schannel-emu profiles`

  // The enabled suites in the server's preference order; selection picks the
  // first of these that the client offered inside the window (2003 cannot
  // reorder, only enable or disable: KB245030).
  std::vector<std::uint16_t> suites;

  std::uint16_t min_version = kSsl3;   // oldest record-protocol version answered
  std::uint16_t max_version = kTls10;  // no TLS 1.1/1.2 exists for 2003
  // SSL 2.0 is enabled by default on 2003, so SSLv2-format hellos are read and
  // answered in SSL 3.0 / TLS 1.0 when the client offers those.
  bool accept_ssl2_hello = true;

  WindowRule window;
  FailureMode failure = FailureMode::kClose;

  // RFC 5746 in compatible mode, as MS10-049 added it: renegotiation_info is
  // echoed when offered, and clients without it are still served.
  bool secure_renegotiation = true;
  // Before KB2541763 SChannel could not parse handshake messages fragmented over
  // several records; the default is a patched server that can.
  bool accept_fragmented_handshake = true;

  bool session_resumption = true;
  std::uint32_t session_cache_seconds = 300;  // IIS 6 purged idle entries after 5 min
  std::size_t session_cache_entries = 10000;  // bounds the emulator's memory

  // Largest ClientHello (record payload bytes) answered; none by default.
  std::optional<std::size_t> max_client_hello_bytes;

  // The certificate the peer presents when none is given on the command line.
  unsigned certificate_key_bits = 2048;
  std::string certificate_hash = "sha256";

  Intolerances intolerances;
  SmtpProfile smtp;
};

// BuiltinProfiles lists the profiles compiled in: win2003, win2003-aes and the
// variants documented in docs/FIDELITY.md. The first is the default.
const std::vector<Profile>& BuiltinProfiles();
const Profile* FindBuiltinProfile(std::string_view name);

}  // namespace schannel_emu
