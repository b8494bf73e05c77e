// Suite-list input: codes typed one per line or in a row ("c030 c02c", "0xc030, 0xc02c").
#pragma once

#include <string>
#include <string_view>

#include "emulator/check/check_input.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

// LooksLikeSuiteList is true when every token (split at spaces, commas, newlines)
// is a 4-digit hex code with or without "0x", and there is at least one.
bool LooksLikeSuiteList(std::string_view text);

// ReadSuiteList reads such a list into a TLS 1.2 hello offering those suites in
// that order. Lines starting with '#' are comments. Fails naming the first token
// that is not a 4-digit hex code.
Expected<CheckInput, std::string> ReadSuiteList(std::string_view text);

}  // namespace schannel_emu
