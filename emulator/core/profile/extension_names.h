// ExtensionName: readable names for the TLS extension types a ClientHello commonly carries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace schannel_emu {

// ExtensionName returns the IANA name of a common extension type ("server_name"),
// or an empty view for types this short list does not hold.
std::string_view ExtensionName(std::uint16_t type);

// DescribeExtension gives "0x0000 server_name", or just "0x1234" for unlisted types.
std::string DescribeExtension(std::uint16_t type);

}  // namespace schannel_emu
