#include "emulator/core/profile/extension_names.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

namespace schannel_emu {
namespace {

// The types modern senders put in a ClientHello, from the IANA "TLS ExtensionType
// Values" registry; enough to make profiles and verdicts readable.
constexpr std::array<std::pair<std::uint16_t, std::string_view>, 19> kNames{{
    {0x0000, "server_name"},
    {0x0005, "status_request"},
    {0x000a, "supported_groups"},
    {0x000b, "ec_point_formats"},
    {0x000d, "signature_algorithms"},
    {0x000f, "heartbeat"},
    {0x0010, "application_layer_protocol_negotiation"},
    {0x0012, "signed_certificate_timestamp"},
    {0x0015, "padding"},
    {0x0016, "encrypt_then_mac"},
    {0x0017, "extended_master_secret"},
    {0x001b, "compress_certificate"},
    {0x0023, "session_ticket"},
    {0x002b, "supported_versions"},
    {0x002d, "psk_key_exchange_modes"},
    {0x0031, "post_handshake_auth"},
    {0x0033, "key_share"},
    {0x3374, "next_protocol_negotiation"},
    {0xff01, "renegotiation_info"},
}};

}  // namespace

std::string_view ExtensionName(std::uint16_t type) {
  const auto* found = std::find_if(kNames.begin(), kNames.end(),
                                   [type](const auto& entry) { return entry.first == type; });
  return found == kNames.end() ? std::string_view() : found->second;
}

std::string DescribeExtension(std::uint16_t type) {
  char code[8];
  std::snprintf(code, sizeof code, "0x%04x", type);
  std::string text = code;
  if (const std::string_view name = ExtensionName(type); !name.empty()) {
    text += ' ';
    text += name;
  }
  return text;
}

}  // namespace schannel_emu
