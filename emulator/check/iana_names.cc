#include "emulator/check/iana_names.h"

#include <algorithm>
#include <array>
#include <cstdio>

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
    return "Unassigned (" + SuiteHex(code) + ")";
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

std::string SpecHex(std::uint32_t spec) {
  if ((spec >> 16) == 0) return SuiteHex(static_cast<std::uint16_t>(spec));
  std::array<char, 12> text{};
  std::snprintf(text.data(), text.size(), "0x%06x", static_cast<unsigned>(spec));
  return text.data();
}

std::string SpecDisplayName(std::uint32_t spec) {
  if ((spec >> 16) != 0) return "SSL 2.0 cipher spec";
  return IanaDisplayName(static_cast<std::uint16_t>(spec));
}

std::string SuiteHex(std::uint16_t code) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "0x%04x", static_cast<unsigned>(code));
  return text.data();
}

}  // namespace schannel_emu
