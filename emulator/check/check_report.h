// CheckReport: everything `schannel-emu check` found, ready for the text, JSON and HTML
// renderers.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "emulator/check/check_input.h"
#include "emulator/check/fix_search.h"
#include "emulator/check/openssl_hello.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu {

struct ProfileOutcome {
  Profile profile;
  Verdict verdict;
  // The sender would refuse the version the profile answers with (its minimum
  // protocol is above it), so an "accepted" verdict still fails on the wire.
  bool sender_refuses_version = false;
  // Searched only when the profile rejects: a libssl-verified fix when the
  // sender's cipher string is known, a modelled one for given suite lists.
  std::vector<Fix> fixes;
  std::vector<std::string> advice;  // what else would help, with its cost

  bool works() const { return verdict.accepted && !sender_refuses_version; }
};

struct HelloReport {
  CheckInput input;
  std::vector<ProfileOutcome> outcomes;
};

struct CheckReport {
  std::vector<HelloReport> hellos;
  std::vector<std::string> warnings;
  // Set when the sender's OpenSSL cipher configuration is known (--openssl).
  std::optional<OpenSslSenderConfig> sender;
  std::string openssl_version;  // this machine's libssl, for "verified" fixes
  std::string destination;      // for the policy-map line
};

struct CheckOptions {
  std::vector<Profile> profiles;  // judged in this order
  std::optional<OpenSslSenderConfig> sender;
  std::string destination = "[mx.example.com]:25";
  bool search_fix = true;
};

// BuildCheckReport judges every hello against every profile, and for each
// rejection searches a fix (verified with libssl when the sender's cipher
// string is known, modelled otherwise) and writes the advice.
CheckReport BuildCheckReport(std::vector<CheckInput> hellos, std::vector<std::string> warnings,
                             const CheckOptions& options);

// FailureText says what the sender sees when the profile rejects: "the connection
// is closed (TCP FIN); the sender logs 'Cannot start TLS: handshake failure'".
std::string FailureText(FailureMode mode);
// FailureTextFor is FailureText for one verdict: a profile that hangs on the
// hello leaves the sender waiting instead.
std::string FailureTextFor(const Verdict& verdict);

void RenderText(const CheckReport& report, std::ostream& out);
nlohmann::ordered_json RenderJson(const CheckReport& report);
std::string RenderHtml(const CheckReport& report);

}  // namespace schannel_emu
