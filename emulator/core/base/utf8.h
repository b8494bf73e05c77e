// ValidUtf8: text from the network made safe for JSON events.
#pragma once

#include <string>
#include <string_view>

namespace schannel_emu {

// ValidUtf8 returns `text` with every byte that is not part of a well-formed UTF-8
// sequence (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
// replaced by U+FFFD. Events carry what clients send (commands, addresses), and a
// JSON writer refuses invalid UTF-8, so the core cleans it where the event is made.
std::string ValidUtf8(std::string_view text);

}  // namespace schannel_emu
