// MarkupEscape: text made safe to place inside HTML or XML, in content or a quoted attribute.
#pragma once

#include <string>
#include <string_view>

namespace schannel_emu {

// MarkupEscape replaces & < > " with their entities and every control character other
// than tab and newline with '?': XML 1.0 cannot carry those even as references, and a
// report page gains nothing from them. Client-supplied text (EHLO names, addresses,
// tool output) goes through here before it reaches a report.
std::string MarkupEscape(std::string_view text);

}  // namespace schannel_emu
