// IANA names for every TLS cipher suite code point, generated at build time from
// data/iana/tls-parameters-4.csv (see data/iana/README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace schannel_emu {

enum class IanaKind {
  kAssigned,    // a registered suite or signalling value ("TLS_RSA_WITH_RC4_128_SHA")
  kGrease,      // RFC 8701 GREASE value (0x0A0A, 0x1A1A, ... 0xFAFA)
  kReserved,    // a reserved block ("Reserved for Private Use")
  kUnassigned,  // nothing registered
};

struct IanaEntry {
  std::uint16_t first;
  std::uint16_t last;
  IanaKind kind;
  std::string_view name;
};

// IanaLookup returns the registry row covering `code`. The registry covers all
// 65536 values, so this always succeeds.
IanaEntry IanaLookup(std::uint16_t code);

// IanaSuiteName returns the registered name ("TLS_RSA_WITH_RC4_128_SHA"), or
// "Reserved (GREASE)" for GREASE values; nullopt for unassigned and reserved codes.
std::optional<std::string_view> IanaSuiteName(std::uint16_t code);

// IanaDisplayName never fails: the name, or "Unassigned (0xXXXX)", or the reserved
// block's description, for printing every offered entry.
std::string IanaDisplayName(std::uint16_t code);

// IanaCodeForName finds the code of a registered name; nullopt when there is none.
std::optional<std::uint16_t> IanaCodeForName(std::string_view name);

// SpecDisplayName is IanaDisplayName for TLS suites and "SSL 2.0 cipher spec"
// for SSL 2.0-only specs, which the TLS registry does not cover.
std::string SpecDisplayName(std::uint32_t spec);

}  // namespace schannel_emu
