#include "emulator/core/profile/verdict.h"

#include <algorithm>
#include <array>
#include <bitset>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/profile/extension_names.h"
#include "emulator/core/profile/verdict_sentence.h"

namespace schannel_emu {
namespace {

// The F5 bug RFC 7685 works around: handshake messages of 256 to 511 bytes,
// counted with the 4-byte handshake header, which is the size OpenSSL pads.
constexpr std::size_t kHangLow = 256;
constexpr std::size_t kHangHigh = 511;

// EntryClass is what the verdict needs to know about one entry of a client's list.
enum EntryClass : std::uint8_t {
  kCounts = 1 << 0,   // takes a window slot under the profile's WindowRule
  kEnabled = 1 << 1,  // the profile enables this suite
  kUsable = 1 << 2,   // the peer could select it with its RSA certificate
};

// EntryClassifier classifies the entries of a client's list under one profile.
// Which entries take a slot: SSL 2.0-only specs and codes without an
// implementation are "unknown", the SCSVs are "signalling", and every real suite
// the peer implements counts (WindowRule). A client's list is long (86 entries in
// the customer's hello) and a verdict is made for every connection, so the codes
// below 0x100, where every suite of the legacy peer lives, are answered from two
// small tables: what the suite table says of each code (filled once per process)
// and which of them the profile enables.
class EntryClassifier {
 public:
  explicit EntryClassifier(const Profile& profile)
      : profile_(profile),
        unknown_(profile.window.count_unknown ? kCounts : 0),
        signalling_(profile.window.count_signalling ? kCounts : 0) {
    for (const std::uint16_t code : profile.suites) {
      if (code < kLowCodes) {
        enabled_low_.set(code);
      } else {
        enables_high_codes_ = true;
      }
    }
  }

  // Enabled is Classify(spec) & kEnabled, answered without the rest.
  bool Enabled(std::uint32_t spec) const {
    if (spec < kLowCodes) return enabled_low_.test(spec);
    return enables_high_codes_ && (Classify(spec) & kEnabled) != 0;
  }

  // Classify gives the EntryClass bits of one offered entry.
  std::uint8_t Classify(std::uint32_t spec) const {
    if (spec < kLowCodes) {
      std::uint8_t entry = known_low_[spec];
      if (entry == 0) entry = spec == kScsvLow ? signalling_ : unknown_;
      return enabled_low_.test(spec) ? static_cast<std::uint8_t>(entry | kEnabled) : entry;
    }
    if (IsSsl2OnlySpec(spec)) return unknown_;

    const auto code = static_cast<std::uint16_t>(spec);
    std::uint8_t entry = 0;
    if (const CipherSuiteInfo* info = LookupCipherSuite(code)) {
      entry = SuiteClass(*info);
    } else {
      entry = IsSignallingSuite(code) ? signalling_ : unknown_;
    }
    if (enables_high_codes_ &&
        std::find(profile_.suites.begin(), profile_.suites.end(), code) != profile_.suites.end()) {
      entry = static_cast<std::uint8_t>(entry | kEnabled);
    }
    return entry;
  }

 private:
  static constexpr std::size_t kLowCodes = 0x100;
  static constexpr std::uint32_t kScsvLow = 0x00ff;

  static std::uint8_t SuiteClass(const CipherSuiteInfo& info) {
    return NeedsDssCertificate(info.key_exchange) ? kCounts : kCounts | kUsable;
  }

  // KnownLowCodes: kCounts (and kUsable) for each code below 0x100 the suite table
  // has, 0 for the others.
  static const std::array<std::uint8_t, kLowCodes>& KnownLowCodes() {
    static const std::array<std::uint8_t, kLowCodes> table = [] {
      std::array<std::uint8_t, kLowCodes> known{};
      for (const CipherSuiteInfo& info : AllKnownCipherSuites()) {
        if (info.code < kLowCodes) known[info.code] = SuiteClass(info);
      }
      return known;
    }();
    return table;
  }

  const Profile& profile_;
  const std::uint8_t unknown_;     // kCounts when codes without an implementation take a slot
  const std::uint8_t signalling_;  // kCounts when the SCSVs take a slot
  const std::array<std::uint8_t, kLowCodes>& known_low_ = KnownLowCodes();
  std::bitset<kLowCodes> enabled_low_;  // 32 bytes to clear per verdict, not 256
  bool enables_high_codes_ = false;
};

// AddSighting records one offered entry that the profile enables.
void AddSighting(Verdict& verdict, std::uint32_t spec, std::size_t position,
                 std::optional<std::size_t> slot, bool in_window, std::uint8_t entry) {
  SuiteSighting sighting;
  sighting.suite = static_cast<std::uint16_t>(spec);
  sighting.position = position;
  sighting.slot = slot;
  sighting.in_window = in_window;
  sighting.usable = (entry & kUsable) != 0;
  if (sighting.usable && !verdict.first_usable_position) verdict.first_usable_position = position;
  verdict.supported.push_back(sighting);
}

// AnalyseList fills the parts of the verdict that describe the client's list: the
// window cutoff, and every offered suite the profile enables. The window ends at
// the entry that would take slot size+1; entries before it, counted or not, lie
// inside, and an uncounted entry never uses a slot.
void AnalyseList(const Profile& profile, const ClientHello& hello, Verdict& verdict) {
  const std::size_t window_size = profile.window.size;
  const EntryClassifier classifier(profile);
  const std::vector<std::uint32_t>& specs = hello.cipher_specs;
  verdict.offered_count = specs.size();

  if (profile.window.count_signalling && profile.window.count_unknown) {
    // Every entry takes a slot (the default rule): an entry's slot is its position
    // and the window is a prefix of the list, so only enabled entries need a look.
    verdict.window_last_position =
        window_size == 0 ? specs.size() : std::min(specs.size(), window_size);
    for (std::size_t index = 0; index < specs.size(); ++index) {
      if (!classifier.Enabled(specs[index])) continue;
      const std::uint8_t entry = classifier.Classify(specs[index]);
      const std::size_t position = index + 1;
      AddSighting(verdict, specs[index], position, position,
                  window_size == 0 || position <= window_size, entry);
    }
    return;
  }

  // Locals, not the verdict's fields, inside the loop: the compiler cannot keep a
  // field in a register across the stores of push_back.
  std::size_t window_last_position = window_size == 0 ? specs.size() : 0;
  std::size_t slots_used = 0;
  bool in_window = true;
  for (std::size_t index = 0; index < specs.size(); ++index) {
    const std::uint8_t entry = classifier.Classify(specs[index]);
    const std::size_t position = index + 1;

    const bool counts = (entry & kCounts) != 0;
    if (counts) {
      if (slots_used == window_size && window_size != 0) in_window = false;
      ++slots_used;
    }
    if (in_window && window_size != 0) window_last_position = position;
    if ((entry & kEnabled) == 0) continue;
    AddSighting(verdict, specs[index], position,
                counts ? std::optional<std::size_t>(slots_used) : std::nullopt, in_window, entry);
  }
  verdict.window_last_position = window_last_position;
}

// Refuse marks the verdict rejected for `reason` and returns the sentence to
// write the rest of the explanation into.
VerdictSentence Refuse(Verdict& verdict, VerdictReason reason) {
  verdict.accepted = false;
  verdict.reason = reason;
  verdict.explanation.clear();
  VerdictSentence sentence(verdict.explanation);
  sentence.Text("rejected: ");
  return sentence;
}

// CheckGates applies, in order, every rule that refuses a hello before its suites
// are looked at. Returns true when one refused it.
bool CheckGates(const Profile& profile, const ClientHello& hello, Verdict& verdict) {
  if (hello.format == HelloFormat::kSsl2Compatible && !profile.accept_ssl2_hello) {
    Refuse(verdict, VerdictReason::kSsl2HelloRefused)
        .Text("the hello is in SSLv2 format and ")
        .Peer(profile)
        .Text(" does not read SSLv2-format hellos");
    return true;
  }

  if (hello.client_version < profile.min_version) {
    VerdictSentence sentence = Refuse(verdict, VerdictReason::kVersionTooLow);
    sentence.Text("the client's highest version, ")
        .Version(hello.client_version)
        .Text(", is below ")
        .Version(profile.min_version)
        .Text(", the oldest ")
        .Peer(profile)
        .Text(" answers");
    if (hello.client_version < kSsl3) {
      sentence.Text(
          " (Windows Server 2003 would speak SSL 2.0 here, but the SSL 2.0 protocol itself "
          "is not emulated)");
    }
    return true;
  }

  const Intolerances& intolerances = profile.intolerances;
  const std::size_t hello_size = hello.message.size();
  if (intolerances.hang_on_256_to_511_byte_hello && hello_size >= kHangLow &&
      hello_size <= kHangHigh) {
    Refuse(verdict, VerdictReason::kHangOnHelloSize)
        .Text("the ClientHello is ")
        .Number(hello_size)
        .Text(" bytes, inside the 256-511 byte range on which ")
        .Peer(profile)
        .Text(" stays silent");
    return true;
  }
  if (intolerances.max_offered_suites &&
      hello.cipher_specs.size() > *intolerances.max_offered_suites) {
    Refuse(verdict, VerdictReason::kTooManySuites)
        .Text("the client offers ")
        .Number(hello.cipher_specs.size())
        .Text(" suites, more than the ")
        .Number(*intolerances.max_offered_suites)
        .Text(" ")
        .Peer(profile)
        .Text(" tolerates");
    return true;
  }
  if (intolerances.version_intolerant && hello.client_version > profile.max_version) {
    Refuse(verdict, VerdictReason::kVersionIntolerant)
        .Text("the client offers ")
        .Version(hello.client_version)
        .Text(", above ")
        .Version(profile.max_version)
        .Text(", and ")
        .Peer(profile)
        .Text(" refuses such hellos instead of answering with its own highest version");
    return true;
  }
  if (intolerances.extension_intolerant) {
    const auto& known = intolerances.known_extensions;
    for (const HelloExtension& extension : hello.extensions) {
      if (std::find(known.begin(), known.end(), extension.type) == known.end()) {
        Refuse(verdict, VerdictReason::kExtensionIntolerant)
            .Text("the hello carries extension ")
            .Text(DescribeExtension(extension.type))
            .Text(", which ")
            .Peer(profile)
            .Text(" does not know and refuses");
        return true;
      }
    }
  }

  if (profile.max_client_hello_bytes && hello_size > *profile.max_client_hello_bytes) {
    Refuse(verdict, VerdictReason::kHelloTooLarge)
        .Text("the ClientHello is ")
        .Number(hello_size)
        .Text(" bytes, over the ")
        .Number(*profile.max_client_hello_bytes)
        .Text("-byte limit of ")
        .Peer(profile);
    return true;
  }
  return false;
}

// Select picks the first suite in the server's order that the client offered
// inside the window and that the peer can use, the way SChannel chooses.
void Select(const Profile& profile, const ClientHello& hello, Verdict& verdict) {
  for (const std::uint16_t code : profile.suites) {
    const auto sighting = std::find_if(
        verdict.supported.begin(), verdict.supported.end(),
        [code](const SuiteSighting& s) { return s.suite == code && s.in_window && s.usable; });
    if (sighting == verdict.supported.end()) continue;

    const CipherSuiteInfo* info = LookupCipherSuite(code);
    verdict.accepted = true;
    verdict.reason = VerdictReason::kAccepted;
    verdict.version = std::min(hello.client_version, profile.max_version);
    verdict.suite = code;
    verdict.position = sighting->position;
    verdict.negotiable = info && info->negotiable;
    VerdictSentence sentence(verdict.explanation);
    sentence.Text("accepted: ")
        .Suite(code)
        .Text(" at position ")
        .Number(sighting->position)
        .Text(" of ")
        .Number(verdict.offered_count)
        .Text(" is the first suite in ")
        .Peer(profile)
        .Text("'s order offered inside ")
        .Window(profile.window)
        .Text("; answered with ")
        .Version(verdict.version);
    if (!verdict.negotiable) {
      sentence.Text(" (the emulator judges this suite but cannot negotiate it)");
    }
    return;
  }

  const auto usable_outside =
      std::find_if(verdict.supported.begin(), verdict.supported.end(),
                   [](const SuiteSighting& s) { return s.usable && !s.in_window; });
  if (usable_outside != verdict.supported.end()) {
    Refuse(verdict, VerdictReason::kNoSharedSuiteInWindow)
        .Text("the first suite ")
        .Peer(profile)
        .Text(" can use, ")
        .Suite(usable_outside->suite)
        .Text(", is at position ")
        .Number(usable_outside->position)
        .Text(" of ")
        .Number(verdict.offered_count)
        .Text(", outside ")
        .Window(profile.window)
        .Text(" (which ends at position ")
        .Number(verdict.window_last_position)
        .Text(")");
    return;
  }

  VerdictSentence sentence = Refuse(verdict, VerdictReason::kNoSharedSuite);
  if (verdict.supported.empty()) {
    sentence.Text("none of the ")
        .Number(verdict.offered_count)
        .Text(" offered suites is enabled in ")
        .Peer(profile);
    return;
  }
  // Only suites the peer cannot use with its RSA certificate were offered.
  sentence.Text("of the ").Number(verdict.offered_count).Text(" offered suites, ").Peer(profile);
  sentence.Text(" enables only ");
  for (std::size_t i = 0; i < verdict.supported.size(); ++i) {
    if (i != 0) sentence.Text(", ");
    sentence.Suite(verdict.supported[i].suite);
  }
  sentence.Text(", which need a DSS certificate it does not have");
}

nlohmann::ordered_json SuiteJson(std::uint16_t code) {
  const CipherSuiteInfo* info = LookupCipherSuite(code);
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
  verdict.supported.reserve(profile.suites.size());

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
  json["suite"] = verdict.accepted ? nlohmann::ordered_json(SuiteCodeText(verdict.suite))
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
    supported.push_back({{"suite", SuiteCodeText(sighting.suite)},
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
