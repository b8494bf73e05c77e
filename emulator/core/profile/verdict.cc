#include "emulator/core/profile/verdict.h"

#include <algorithm>
#include <cstdio>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/profile/extension_names.h"

namespace schannel_emu {
namespace {

// The F5 bug RFC 7685 works around: handshake messages of 256 to 511 bytes,
// counted with the 4-byte handshake header, which is the size OpenSSL pads.
constexpr std::size_t kHangLow = 256;
constexpr std::size_t kHangHigh = 511;

std::string Hex16(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", value);
  return text;
}

// SuiteText gives "RC4-SHA (0x0005)".
std::string SuiteText(std::uint16_t code) {
  const auto info = FindCipherSuite(code);
  const std::string name = info ? std::string(info->openssl_name) : "unknown suite";
  return name + " (" + Hex16(code) + ")";
}

bool IsUsable(std::uint16_t code) {
  const auto info = FindCipherSuite(code);
  return info && !NeedsDssCertificate(info->key_exchange);
}

// CountsTowardWindow says whether one entry of the client's list takes a window
// slot under `rule`. SSL 2.0-only specs and codes without an implementation are
// "unknown"; the SCSVs are "signalling"; every real suite the peer implements counts.
bool CountsTowardWindow(const WindowRule& rule, std::uint32_t spec) {
  if (IsSsl2OnlySpec(spec)) return rule.count_unknown;
  const auto code = static_cast<std::uint16_t>(spec);
  if (IsSignallingSuite(code)) return rule.count_signalling;
  if (!FindCipherSuite(code)) return rule.count_unknown;
  return true;
}

std::string WindowText(const WindowRule& rule) {
  return rule.size == 0 ? std::string("the client's list (no window)")
                        : "the " + std::to_string(rule.size) + "-entry window";
}

std::string Rejected(const std::string& reason) { return "rejected: " + reason; }

// AnalyseList fills the parts of the verdict that describe the client's list: the
// window cutoff, and every offered suite the profile enables. The window ends at
// the entry that would take slot size+1; entries before it, counted or not, lie
// inside, and an uncounted entry never uses a slot.
void AnalyseList(const Profile& profile, const ClientHello& hello, Verdict& verdict) {
  const std::size_t window_size = profile.window.size;
  verdict.offered_count = hello.cipher_specs.size();
  verdict.window_last_position = window_size == 0 ? verdict.offered_count : 0;

  std::size_t slots_used = 0;
  bool window_closed = false;
  for (std::size_t index = 0; index < hello.cipher_specs.size(); ++index) {
    const std::uint32_t spec = hello.cipher_specs[index];
    const std::size_t position = index + 1;

    std::optional<std::size_t> slot;
    if (CountsTowardWindow(profile.window, spec)) {
      if (window_size != 0 && slots_used == window_size) window_closed = true;
      ++slots_used;
      slot = slots_used;
    }
    const bool in_window = window_size == 0 || !window_closed;
    if (window_size != 0 && in_window) verdict.window_last_position = position;

    if (IsSsl2OnlySpec(spec)) continue;
    const auto code = static_cast<std::uint16_t>(spec);
    if (std::find(profile.suites.begin(), profile.suites.end(), code) == profile.suites.end()) {
      continue;
    }
    SuiteSighting sighting;
    sighting.suite = code;
    sighting.position = position;
    sighting.slot = slot;
    sighting.in_window = in_window;
    sighting.usable = IsUsable(code);
    if (sighting.usable && !verdict.first_usable_position) {
      verdict.first_usable_position = position;
    }
    verdict.supported.push_back(sighting);
  }
}

// Refuse fills a rejection.
Verdict& Refuse(Verdict& verdict, VerdictReason reason, const std::string& explanation) {
  verdict.accepted = false;
  verdict.reason = reason;
  verdict.explanation = Rejected(explanation);
  return verdict;
}

// CheckGates applies, in order, every rule that refuses a hello before its suites
// are looked at. Returns true when one refused it.
bool CheckGates(const Profile& profile, const ClientHello& hello, Verdict& verdict) {
  const std::string peer = "profile " + profile.name;

  if (hello.format == HelloFormat::kSsl2Compatible && !profile.accept_ssl2_hello) {
    Refuse(verdict, VerdictReason::kSsl2HelloRefused,
           "the hello is in SSLv2 format and " + peer + " does not read SSLv2-format hellos");
    return true;
  }

  if (hello.client_version < profile.min_version) {
    std::string text = "the client's highest version, " + VersionName(hello.client_version) +
                       ", is below " + VersionName(profile.min_version) + ", the oldest " + peer +
                       " answers";
    if (hello.client_version < kSsl3) {
      text +=
          " (Windows Server 2003 would speak SSL 2.0 here, but the SSL 2.0 protocol itself "
          "is not emulated)";
    }
    Refuse(verdict, VerdictReason::kVersionTooLow, text);
    return true;
  }

  const Intolerances& intolerances = profile.intolerances;
  const std::size_t hello_size = hello.message.size();
  if (intolerances.hang_on_256_to_511_byte_hello && hello_size >= kHangLow &&
      hello_size <= kHangHigh) {
    Refuse(verdict, VerdictReason::kHangOnHelloSize,
           "the ClientHello is " + std::to_string(hello_size) +
               " bytes, inside the 256-511 byte "
               "range on which " +
               peer + " stays silent");
    return true;
  }
  if (intolerances.max_offered_suites &&
      hello.cipher_specs.size() > *intolerances.max_offered_suites) {
    Refuse(verdict, VerdictReason::kTooManySuites,
           "the client offers " + std::to_string(hello.cipher_specs.size()) +
               " suites, more than "
               "the " +
               std::to_string(*intolerances.max_offered_suites) + " " + peer + " tolerates");
    return true;
  }
  if (intolerances.version_intolerant && hello.client_version > profile.max_version) {
    Refuse(verdict, VerdictReason::kVersionIntolerant,
           "the client offers " + VersionName(hello.client_version) + ", above " +
               VersionName(profile.max_version) + ", and " + peer +
               " refuses such hellos instead of answering with its own highest version");
    return true;
  }
  if (intolerances.extension_intolerant) {
    const auto& known = intolerances.known_extensions;
    for (const HelloExtension& extension : hello.extensions) {
      if (std::find(known.begin(), known.end(), extension.type) == known.end()) {
        Refuse(verdict, VerdictReason::kExtensionIntolerant,
               "the hello carries extension " + DescribeExtension(extension.type) + ", which " +
                   peer + " does not know and refuses");
        return true;
      }
    }
  }

  if (profile.max_client_hello_bytes && hello_size > *profile.max_client_hello_bytes) {
    Refuse(verdict, VerdictReason::kHelloTooLarge,
           "the ClientHello is " + std::to_string(hello_size) + " bytes, over the " +
               std::to_string(*profile.max_client_hello_bytes) + "-byte limit of " + peer);
    return true;
  }
  return false;
}

// Select picks the first suite in the server's order that the client offered
// inside the window and that the peer can use, the way SChannel chooses.
void Select(const Profile& profile, const ClientHello& hello, Verdict& verdict) {
  const std::string peer = "profile " + profile.name;
  const std::string of_count = " of " + std::to_string(verdict.offered_count);

  for (const std::uint16_t code : profile.suites) {
    const auto sighting = std::find_if(
        verdict.supported.begin(), verdict.supported.end(),
        [code](const SuiteSighting& s) { return s.suite == code && s.in_window && s.usable; });
    if (sighting == verdict.supported.end()) continue;

    const auto info = FindCipherSuite(code);
    verdict.accepted = true;
    verdict.reason = VerdictReason::kAccepted;
    verdict.version = std::min(hello.client_version, profile.max_version);
    verdict.suite = code;
    verdict.position = sighting->position;
    verdict.negotiable = info && info->negotiable;
    verdict.explanation =
        "accepted: " + SuiteText(code) + " at position " + std::to_string(sighting->position) +
        of_count + " is the first suite in " + peer + "'s order offered inside " +
        WindowText(profile.window) + "; answered with " + VersionName(verdict.version);
    if (!verdict.negotiable) {
      verdict.explanation += " (the emulator judges this suite but cannot negotiate it)";
    }
    return;
  }

  verdict.accepted = false;
  const auto usable_outside =
      std::find_if(verdict.supported.begin(), verdict.supported.end(),
                   [](const SuiteSighting& s) { return s.usable && !s.in_window; });
  if (usable_outside != verdict.supported.end()) {
    verdict.reason = VerdictReason::kNoSharedSuiteInWindow;
    verdict.explanation =
        Rejected("the first suite " + peer + " can use, " + SuiteText(usable_outside->suite) +
                 ", is at position " + std::to_string(usable_outside->position) + of_count +
                 ", outside " + WindowText(profile.window) + " (which ends at position " +
                 std::to_string(verdict.window_last_position) + ")");
    return;
  }

  verdict.reason = VerdictReason::kNoSharedSuite;
  if (verdict.supported.empty()) {
    verdict.explanation = Rejected("none of the " + std::to_string(verdict.offered_count) +
                                   " offered suites is enabled in " + peer);
    return;
  }
  // Only suites the peer cannot use with its RSA certificate were offered.
  std::string names;
  for (const SuiteSighting& sighting : verdict.supported) {
    if (!names.empty()) names += ", ";
    names += SuiteText(sighting.suite);
  }
  verdict.explanation =
      Rejected("of the " + std::to_string(verdict.offered_count) + " offered suites, " + peer +
               " enables only " + names + ", which need a DSS certificate it does not have");
}

nlohmann::ordered_json SuiteJson(std::uint16_t code) {
  const auto info = FindCipherSuite(code);
  return info ? nlohmann::ordered_json(std::string(info->openssl_name))
              : nlohmann::ordered_json(nullptr);
}

template <typename T>
nlohmann::ordered_json OptionalJson(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string_view VerdictReasonName(VerdictReason reason) {
  switch (reason) {
    case VerdictReason::kAccepted:
      return "accepted";
    case VerdictReason::kNoSharedSuiteInWindow:
      return "no_shared_suite_in_window";
    case VerdictReason::kNoSharedSuite:
      return "no_shared_suite";
    case VerdictReason::kVersionTooLow:
      return "version_too_low";
    case VerdictReason::kSsl2HelloRefused:
      return "ssl2_hello_refused";
    case VerdictReason::kHelloTooLarge:
      return "hello_too_large";
    case VerdictReason::kTooManySuites:
      return "too_many_suites";
    case VerdictReason::kVersionIntolerant:
      return "version_intolerant";
    case VerdictReason::kExtensionIntolerant:
      return "extension_intolerant";
    case VerdictReason::kHangOnHelloSize:
      return "hang_on_hello_size";
  }
  return "unknown";
}

Verdict Judge(const Profile& profile, const ClientHello& hello) {
  Verdict verdict;
  verdict.failure = profile.failure;

  // The list is analysed even when a gate refuses the hello, so every report can
  // still show where the usable suites were.
  AnalyseList(profile, hello, verdict);
  if (CheckGates(profile, hello, verdict)) return verdict;
  Select(profile, hello, verdict);
  return verdict;
}

// VerdictToJson writes these keys, always, in this order (a stable interface for
// events and `check` output; docs/EVENTS.md lists them):
//   accepted              bool
//   reason                VerdictReasonName: "accepted", "no_shared_suite_in_window", ...
//   explanation           one sentence for people
//   version               "TLSv1.0" / "SSLv3", null when rejected
//   suite                 "0x0004", null when rejected
//   suite_name            OpenSSL name "RC4-MD5", null when rejected
//   position              1-based position of the chosen suite, null when rejected
//   negotiable            bool: the engine can complete the handshake with the suite
//   offered_count         entries in the client's list
//   window_last_position  last 1-based position inside the window
//   first_usable_position 1-based position of the first usable suite anywhere, or null
//   failure               "close" / "reset" / "alert": what a rejected sender sees
//   supported             array of {suite, suite_name, position, slot, in_window, usable}
//                         in client order; slot is the entry's count under the window
//                         rule (numbering goes on past the window), null when the entry
//                         takes no slot
nlohmann::ordered_json VerdictToJson(const Verdict& verdict) {
  nlohmann::ordered_json json;
  json["accepted"] = verdict.accepted;
  json["reason"] = VerdictReasonName(verdict.reason);
  json["explanation"] = verdict.explanation;
  json["version"] = verdict.accepted ? nlohmann::ordered_json(VersionName(verdict.version))
                                     : nlohmann::ordered_json(nullptr);
  json["suite"] = verdict.accepted ? nlohmann::ordered_json(Hex16(verdict.suite))
                                   : nlohmann::ordered_json(nullptr);
  json["suite_name"] = verdict.accepted ? SuiteJson(verdict.suite) : nullptr;
  json["position"] =
      verdict.accepted ? nlohmann::ordered_json(verdict.position) : nlohmann::ordered_json(nullptr);
  json["negotiable"] = verdict.negotiable;
  json["offered_count"] = verdict.offered_count;
  json["window_last_position"] = verdict.window_last_position;
  json["first_usable_position"] = OptionalJson(verdict.first_usable_position);
  json["failure"] = FailureModeName(verdict.failure);

  nlohmann::ordered_json supported = nlohmann::ordered_json::array();
  for (const SuiteSighting& sighting : verdict.supported) {
    supported.push_back({{"suite", Hex16(sighting.suite)},
                         {"suite_name", SuiteJson(sighting.suite)},
                         {"position", sighting.position},
                         {"slot", OptionalJson(sighting.slot)},
                         {"in_window", sighting.in_window},
                         {"usable", sighting.usable}});
  }
  json["supported"] = std::move(supported);
  return json;
}

}  // namespace schannel_emu
