// Reading whatever the administrator has: detect the format (or take --format) and run
// the matching reader.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/check/check_input.h"
#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

enum class InputFormat { kAuto, kWireshark, kHex, kSuites, kPcap };

// ParseInputFormat reads "auto", "wireshark", "hex", "suites", "pcap".
std::optional<InputFormat> ParseInputFormat(std::string_view name);

struct InputSet {
  std::vector<CheckInput> hellos;
  std::vector<std::string> warnings;
};

// ReadCheckInput reads the input's bytes. Auto-detection: pcap/pcapng magic ->
// capture; "Cipher Suite: ... (0x....)" items -> Wireshark text; only 4-digit
// codes -> suite list (unless the codes spell a readable TLS record); anything
// else -> hex. Fails with the reader's one-sentence error.
Expected<InputSet, std::string> ReadCheckInput(const Bytes& content, InputFormat format);

}  // namespace schannel_emu
