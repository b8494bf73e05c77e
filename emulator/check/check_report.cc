#include "emulator/check/check_report.h"

#include <algorithm>

#include "emulator/check/iana_names.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

bool ProfileHas(const Profile& profile, std::uint16_t suite) {
  return std::find(profile.suites.begin(), profile.suites.end(), suite) != profile.suites.end();
}

std::string SuiteLabel(std::uint16_t suite) {
  const auto known = FindCipherSuite(suite);
  if (known) return std::string(known->openssl_name) + " (" + SuiteCodeText(suite) + ")";
  return IanaDisplayName(suite) + " (" + SuiteCodeText(suite) + ")";
}

void AddAdvice(const HelloReport& hello, ProfileOutcome& outcome, const CheckOptions& options,
               std::uint16_t sender_min_version) {
  const Verdict& verdict = outcome.verdict;

  if (outcome.sender_refuses_version) {
    const std::uint16_t answer =
        std::min(hello.input.hello.client_version, outcome.profile.max_version);
    outcome.advice.push_back(
        "The sender refuses " + VersionName(answer) +
        ", the highest version this "
        "server speaks (its minimum is " +
        VersionName(sender_min_version) +
        "). Per "
        "destination: '" +
        options.destination +
        " may protocols=>=TLSv1'; if its OpenSSL "
        "security level also refuses TLS 1.0, append ':@SECLEVEL=0' to its cipher list for "
        "that destination. Cost: TLS 1.0 (and weaker keys at level 0) for this destination only.");
  }
  if (verdict.accepted) return;

  const bool fixed = std::any_of(outcome.fixes.begin(), outcome.fixes.end(),
                                 [](const Fix& fix) { return !fix.words.empty(); });

  // The AES update helps whenever the sender offers AES inside the window.
  const bool has_aes = ProfileHas(outcome.profile, 0x002f) || ProfileHas(outcome.profile, 0x0035);
  if (!has_aes) {
    const auto& suites = hello.input.hello.cipher_specs;
    for (std::size_t i = 0; i < suites.size() && i < verdict.window_last_position; ++i) {
      if (suites[i] == 0x0035 || suites[i] == 0x002f) {
        outcome.advice.push_back(
            "On the server: install the AES update KB948963; the sender offers " +
            SuiteLabel(static_cast<std::uint16_t>(suites[i])) + " at position " +
            std::to_string(i + 1) +
            ", inside the window. Cost: a Windows update and a restart; it helps every sender "
            "at once.");
        break;
      }
    }
  }

  if (verdict.reason == VerdictReason::kNoSharedSuite) {
    std::string text =
        "Nothing the sender offers is enabled on this server, so no exclusion can help.";
    if (hello.input.format == "openssl" || options.sender) {
      text += " This machine's OpenSSL (" + OpenSslVersionText() +
              ") has no RC4, 3DES or DES suites at all, and";
      text += has_aes ? " the server has no other suite in common."
                      : " the server has no AES without KB948963.";
    }
    text +=
        " Until then such a sender only delivers by its plaintext retry (Postfix 'may', "
        "after a deferral).";
    outcome.advice.push_back(text);
  } else if (verdict.reason == VerdictReason::kNoSharedSuiteInWindow && !fixed &&
             !outcome.sender_refuses_version) {
    outcome.advice.push_back(
        "No exclusion of up to three words brings a usable suite into the first " +
        std::to_string(outcome.profile.window.size) +
        " entries; 'ciphers=' or a shorter cipher list on the sender for this destination "
        "would, at the cost of fewer suites for it.");
  }
  if (!fixed && (verdict.reason == VerdictReason::kNoSharedSuiteInWindow ||
                 verdict.reason == VerdictReason::kNoSharedSuite)) {
    outcome.advice.push_back(
        "Do not switch STARTTLS off on the receive connector: that sends all mail in clear.");
  }
}

// ExclusionsCanHelp: removing suites can only help when the trouble is where or
// how many suites are offered, not which versions or which suites exist at all.
bool ExclusionsCanHelp(VerdictReason reason) {
  return reason == VerdictReason::kNoSharedSuiteInWindow ||
         reason == VerdictReason::kTooManySuites || reason == VerdictReason::kHelloTooLarge ||
         reason == VerdictReason::kHangOnHelloSize;
}

}  // namespace

std::string FailureText(FailureMode mode) {
  switch (mode) {
    case FailureMode::kClose:
      return "the server closes the connection without an alert (TCP FIN): OpenSSL reports "
             "'connection closed' / SSL_ERROR_SYSCALL, Postfix logs 'Cannot start TLS: "
             "handshake failure'";
    case FailureMode::kReset:
      return "the server resets the connection (TCP RST): the sender sees 'connection reset by "
             "peer'";
    case FailureMode::kAlert:
      return "the server sends a fatal handshake_failure alert (40) and closes: the sender "
             "logs 'sslv3 alert handshake failure'";
  }
  return "the connection fails";
}

std::string FailureTextFor(const Verdict& verdict) {
  if (verdict.reason == VerdictReason::kHangOnHelloSize) {
    return "the server stays silent: the sender waits until its own handshake timeout";
  }
  return FailureText(verdict.failure);
}

CheckReport BuildCheckReport(std::vector<CheckInput> hellos, std::vector<std::string> warnings,
                             const CheckOptions& options) {
  CheckReport report;
  report.warnings = std::move(warnings);
  report.sender = options.sender;
  report.openssl_version = OpenSslVersionText();
  report.destination = options.destination;

  std::uint16_t sender_min_version = 0;
  if (options.sender) {
    auto built = BuildOpenSslHello(*options.sender);
    if (built) sender_min_version = built.value().min_version;
  }

  OpenSslHelloCache cache;
  for (CheckInput& input : hellos) {
    HelloReport hello_report;
    hello_report.input = std::move(input);
    for (const Profile& profile : options.profiles) {
      ProfileOutcome outcome;
      outcome.profile = profile;
      outcome.verdict = Judge(profile, hello_report.input.hello);
      // The highest version this profile can answer with; a sender whose minimum
      // is above it fails whatever suites it offers.
      const std::uint16_t answer =
          std::min(hello_report.input.hello.client_version, profile.max_version);
      outcome.sender_refuses_version = sender_min_version > answer;
      if (!outcome.works() && options.search_fix && !outcome.sender_refuses_version &&
          ExclusionsCanHelp(outcome.verdict.reason)) {
        if (options.sender) {
          outcome.fixes.push_back(SearchOpenSslFix(*options.sender, profile, cache));
        }
        if (hello_report.input.format != "openssl") {
          outcome.fixes.push_back(SearchModelledFix(hello_report.input.hello, profile));
        }
      }
      AddAdvice(hello_report, outcome, options, sender_min_version);
      hello_report.outcomes.push_back(std::move(outcome));
    }
    report.hellos.push_back(std::move(hello_report));
  }
  return report;
}

}  // namespace schannel_emu
