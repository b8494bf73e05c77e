// Wireshark input: the text of a "Handshake Protocol: Client Hello" dissection, as
// copied from Wireshark's packet details (multi-line, or flattened into one line).
#pragma once

#include <string>
#include <string_view>

#include "emulator/check/check_input.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

// LooksLikeWiresharkText is true when the text has at least one
// "Cipher Suite: NAME (0xXXXX)" item.
bool LooksLikeWiresharkText(std::string_view text);

// ReadWiresharkText collects every "Cipher Suite: NAME (0xXXXX)" item of the Client
// Hello in order (ignoring "Cipher Suites Length" and "Cipher Suites (N suites)"),
// the client version from the first "Version: ... (0xXXXX)" after "Handshake
// Protocol", and the record version from one before it. Missing versions are
// assumed (TLS 1.2 client, TLS 1.0 record) and the assumption is noted. Fails
// when no suite is found, or when "Cipher Suites (N suites)" disagrees with the
// count found (a partial copy).
Expected<CheckInput, std::string> ReadWiresharkText(std::string_view text);

}  // namespace schannel_emu
