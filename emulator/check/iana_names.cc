#include "emulator/check/iana_names.h"

#include <algorithm>
#include <array>

#include "emulator/core/base/cipher_suites.h"

namespace schannel_emu {
namespace {

// The generated rows, sorted by first code point and covering 0x0000-0xffff.
constexpr IanaEntry kRegistry[] = {
#include "iana_suites.inc"
};

}  // namespace

IanaEntry IanaLookup(std::uint16_t code) {
  const auto* found = std::upper_bound(
      std::begin(kRegistry), std::end(kRegistry), code,
      [](std::uint16_t value, const IanaEntry& entry) { return value < entry.first; });

  // Rows cover the whole space; a gap would mean IANA changed the file's shape.
  if (found == std::begin(kRegistry) || (found - 1)->last < code) {
    return {code, code, IanaKind::kUnassigned, "Unassigned"};
  }
  return *(found - 1);
}

std::optional<std::string_view> IanaSuiteName(std::uint16_t code) {
  const IanaEntry entry = IanaLookup(code);
  if (entry.kind == IanaKind::kAssigned || entry.kind == IanaKind::kGrease) {
    return entry.name;
  }
  return std::nullopt;
}

std::string IanaDisplayName(std::uint16_t code) {
  const IanaEntry entry = IanaLookup(code);
  if (entry.kind == IanaKind::kUnassigned) {
    return "Unassigned (" + SuiteCodeText(code) + ")";
  }
  return std::string(entry.name);
}

std::optional<std::uint16_t> IanaCodeForName(std::string_view name) {
  for (const IanaEntry& entry : kRegistry) {
    if (entry.kind == IanaKind::kAssigned && entry.name == name && entry.first == entry.last) {
      return entry.first;
    }
  }
  return std::nullopt;
}

std::string SpecDisplayName(std::uint32_t spec) {
  if ((spec >> 16) != 0) return "SSL 2.0 cipher spec";
  return IanaDisplayName(static_cast<std::uint16_t>(spec));
}

}  // namespace schannel_emu
