// Hex input: a TLS record, a handshake message or a bare suite list typed or pasted as hex.
#pragma once

#include <string>
#include <string_view>

#include "emulator/check/check_input.h"
#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

// NormalizeHex reads hex digits separated by anything a dump tool or a person uses
// (spaces, newlines, colons, commas, "0x" prefixes, "\x" escapes) and returns the
// bytes. Fails with a sentence naming the first stray character or an odd digit count.
Expected<Bytes, std::string> NormalizeHex(std::string_view text);

// ReadHexHello decides what the bytes are and reads them: a TLS record (first byte
// 0x16) or an SSLv2 hello through ReadClientHello, a handshake message (0x01 and a
// 3-byte length that matches) through ParseClientHelloMessage, otherwise an even
// number of bytes taken as a bare list of 2-byte suite codes.
Expected<CheckInput, std::string> ReadHexHello(std::string_view text);

// ReadHexBytes is ReadHexHello for bytes already decoded.
Expected<CheckInput, std::string> ReadHelloBytes(const Bytes& bytes);

}  // namespace schannel_emu
