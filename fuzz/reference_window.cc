#include "fuzz/reference_window.h"

#include "emulator/core/base/cipher_suites.h"

namespace schannel_emu::fuzz {
namespace {

// TakesSlot says whether an entry uses up one of the window's slots: real suites
// always do; the two signalling values and codes without an implementation (including
// SSL 2.0-only three-byte specs) only when the rule counts them.
bool TakesSlot(const WindowRule& rule, std::uint32_t spec) {
  if (spec > 0xffff) return rule.count_unknown;
  const auto code = static_cast<std::uint16_t>(spec);
  if (code == 0x00ff || code == 0x5600) return rule.count_signalling;
  if (!FindCipherSuite(code).has_value()) return rule.count_unknown;
  return true;
}

// Usable: the server implements the suite and can use it with an RSA certificate.
bool Usable(std::uint16_t code) {
  const auto info = FindCipherSuite(code);
  return info.has_value() && !NeedsDssCertificate(info->key_exchange);
}

bool Enabled(const Profile& profile, std::uint16_t code) {
  for (const std::uint16_t enabled : profile.suites) {
    if (enabled == code) return true;
  }
  return false;
}

bool AnyUnknownExtension(const Profile& profile, const ClientHello& hello) {
  for (const HelloExtension& extension : hello.extensions) {
    bool known = false;
    for (const std::uint16_t type : profile.intolerances.known_extensions) {
      known = known || type == extension.type;
    }
    if (!known) return true;
  }
  return false;
}

bool Gated(const Profile& profile, const ClientHello& hello) {
  const Intolerances& in = profile.intolerances;
  const std::size_t size = hello.message.size();
  return (hello.format == HelloFormat::kSsl2Compatible && !profile.accept_ssl2_hello) ||
         hello.client_version < profile.min_version ||
         (in.hang_on_256_to_511_byte_hello && size >= 256 && size <= 511) ||
         (in.max_offered_suites && hello.cipher_specs.size() > *in.max_offered_suites) ||
         (in.version_intolerant && hello.client_version > profile.max_version) ||
         (in.extension_intolerant && AnyUnknownExtension(profile, hello)) ||
         (profile.max_client_hello_bytes && size > *profile.max_client_hello_bytes);
}

}  // namespace

ReferenceOutcome ReferenceWindow(const Profile& profile, const ClientHello& hello) {
  ReferenceOutcome outcome;
  outcome.gated = Gated(profile, hello);

  // Step 1: slots. A slot-taking entry is inside when its slot number fits the
  // window; an entry that takes none is inside while no entry before it has
  // overflowed the window.
  const std::size_t size = profile.window.size;
  std::size_t used = 0;
  for (const std::uint32_t spec : hello.cipher_specs) {
    ReferenceEntry entry;
    if (TakesSlot(profile.window, spec)) {
      ++used;
      entry.slot = used;
      entry.inside = size == 0 || used <= size;
    } else {
      entry.inside = size == 0 || used <= size;
    }
    outcome.entries.push_back(entry);
  }

  // Step 2: the server's order decides; the first inside offer of a suite counts.
  for (const std::uint16_t wanted : profile.suites) {
    if (!Usable(wanted)) continue;
    for (std::size_t i = 0; i < hello.cipher_specs.size(); ++i) {
      if (hello.cipher_specs[i] != wanted || !outcome.entries[i].inside) continue;
      outcome.accepted = true;
      outcome.suite = wanted;
      outcome.position = i + 1;
      return outcome;
    }
  }

  // Step 3: nothing inside; was something usable offered further down?
  for (std::size_t i = 0; i < hello.cipher_specs.size(); ++i) {
    const std::uint32_t spec = hello.cipher_specs[i];
    if (spec > 0xffff) continue;
    const auto code = static_cast<std::uint16_t>(spec);
    if (Enabled(profile, code) && Usable(code) && !outcome.entries[i].inside) {
      outcome.usable_outside_window = true;
    }
  }
  return outcome;
}

}  // namespace schannel_emu::fuzz
