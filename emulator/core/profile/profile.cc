#include "emulator/core/profile/profile.h"

#include <algorithm>

namespace schannel_emu {
namespace {

// kStockSuites is SChannel's own preference order on Windows Server 2003 and XP,
// from Microsoft's "TLS cipher suites in Windows" list ("in the default order in
// which they are chosen"). NULL-MD5 and NULL-SHA follow in that list but are not
// enabled by default, so they are left out.
const std::vector<std::uint16_t> kStockSuites = {0x0004, 0x0005, 0x000a, 0x0013, 0x0009, 0x0012,
                                                 0x0064, 0x0062, 0x0063, 0x0003, 0x0006};

// kAesHotfixSuites: KB948963 adds AES128-SHA and AES256-SHA. Microsoft documents
// that they are added, not where they rank. Old clients keep their old suite after
// the update and KB2984448 tells administrators to reorder to prefer AES, so AES
// is not first by default; the emulator ranks them right after the stock
// non-export RSA suites (after DES-CBC-SHA in the RSA-only subsequence). This rank
// is inferred, not documented: a profile file can list the suites in any order.
const std::vector<std::uint16_t> kAesHotfixSuites = {0x0004, 0x0005, 0x000a, 0x0013, 0x0009,
                                                     0x002f, 0x0035, 0x0012, 0x0064, 0x0062,
                                                     0x0063, 0x0003, 0x0006};

// kAesFirstSuites: the same suites with AES moved to the front, as an administrator
// who followed KB2984448's advice to prefer AES would have them.
const std::vector<std::uint16_t> kAesFirstSuites = {0x002f, 0x0035, 0x0004, 0x0005, 0x000a,
                                                    0x0013, 0x0009, 0x0012, 0x0064, 0x0062,
                                                    0x0063, 0x0003, 0x0006};

// MakeWin2003 is stock Windows Server 2003 SP2, fully patched at end of life: the
// Profile defaults already describe it (see profile.h for each field's source).
Profile MakeWin2003() {
  Profile profile;
  profile.name = "win2003";
  profile.description =
      "Windows Server 2003 SP2, fully patched, stock suites (no AES update): SSLv3/TLS 1.0, "
      "server order, 64-entry window, silent close on rejection";
  profile.suites = kStockSuites;
  return profile;
}

Profile MakeWin2003Aes() {
  Profile profile = MakeWin2003();
  profile.name = "win2003-aes";
  profile.description =
      "win2003 plus the KB948963 AES suites, ranked after the stock RSA suites (rank inferred)";
  profile.suites = kAesHotfixSuites;
  return profile;
}

Profile MakeWin2003AesFirst() {
  Profile profile = MakeWin2003Aes();
  profile.name = "win2003-aes-first";
  profile.description =
      "variant: win2003-aes with AES128-SHA and AES256-SHA preferred, as KB2984448 advises";
  profile.suites = kAesFirstSuites;
  return profile;
}

Profile MakeWin2003Unpatched() {
  Profile profile = MakeWin2003();
  profile.name = "win2003-unpatched";
  profile.description =
      "win2003 without KB2541763 (fragmented hellos refused) and MS10-049 (no secure "
      "renegotiation)";
  profile.accept_fragmented_handshake = false;
  profile.secure_renegotiation = false;
  return profile;
}

// The intolerance profiles keep win2003-aes's suites and window so that one
// behaviour at a time differs from a 2003 server a modern sender can talk to.
Profile MakeF5HelloHang() {
  Profile profile = MakeWin2003Aes();
  profile.name = "f5-hello-hang";
  profile.description =
      "not Windows: win2003-aes that stays silent on 256-511 byte ClientHellos (F5 bug, RFC 7685)";
  profile.intolerances.hang_on_256_to_511_byte_hello = true;
  return profile;
}

Profile MakeAsa128Suites() {
  Profile profile = MakeWin2003Aes();
  profile.name = "asa-128-suites";
  profile.description =
      "not Windows: win2003-aes that refuses hellos offering more than 128 suites (old Cisco ASA)";
  profile.intolerances.max_offered_suites = 128;
  return profile;
}

Profile MakeTls12Intolerant() {
  Profile profile = MakeWin2003Aes();
  profile.name = "tls12-intolerant";
  profile.description =
      "not Windows: win2003-aes that refuses a client_version above TLS 1.0 instead of answering "
      "with TLS 1.0";
  profile.intolerances.version_intolerant = true;
  return profile;
}

Profile MakeExtensionIntolerant() {
  Profile profile = MakeWin2003Aes();
  profile.name = "extension-intolerant";
  profile.description =
      "not Windows: win2003-aes that refuses any extension other than server_name and "
      "renegotiation_info";
  profile.intolerances.extension_intolerant = true;
  profile.intolerances.known_extensions = {kExtServerName, kExtRenegotiationInfo};
  return profile;
}

}  // namespace

std::string_view FailureModeName(FailureMode mode) {
  switch (mode) {
    case FailureMode::kClose:
      return "close";
    case FailureMode::kReset:
      return "reset";
    case FailureMode::kAlert:
      return "alert";
  }
  return "close";
}

std::optional<FailureMode> ParseFailureMode(std::string_view name) {
  for (const FailureMode mode : {FailureMode::kClose, FailureMode::kReset, FailureMode::kAlert}) {
    if (FailureModeName(mode) == name) return mode;
  }
  return std::nullopt;
}

const std::vector<Profile>& BuiltinProfiles() {
  // Built once on first use; the order is the order `schannel-emu profiles` lists.
  static const std::vector<Profile> profiles = {
      MakeWin2003(),     MakeWin2003Aes(),   MakeWin2003AesFirst(), MakeWin2003Unpatched(),
      MakeF5HelloHang(), MakeAsa128Suites(), MakeTls12Intolerant(), MakeExtensionIntolerant()};
  return profiles;
}

const Profile* FindBuiltinProfile(std::string_view name) {
  const auto& profiles = BuiltinProfiles();
  const auto found = std::find_if(profiles.begin(), profiles.end(),
                                  [name](const Profile& profile) { return profile.name == name; });
  return found == profiles.end() ? nullptr : &*found;
}

}  // namespace schannel_emu
