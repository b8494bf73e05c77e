// The 80-column text report of `schannel-emu check`.
#include <algorithm>
#include <set>

#include "emulator/check/check_report.h"
#include "emulator/check/iana_names.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

constexpr std::size_t kWidth = 80;

std::string OpenSslOrIana(std::uint16_t suite) {
  const auto known = FindCipherSuite(suite);
  if (known) return std::string(known->openssl_name);
  return IanaDisplayName(suite);
}

std::string Label(std::uint16_t suite) {
  return OpenSslOrIana(suite) + " (" + SuiteCodeText(suite) + ")";
}

// Wrap prints `text` in lines of at most kWidth columns, the first starting with
// `first`, the rest indented to the same width.
void Wrap(std::ostream& out, const std::string& first, const std::string& text) {
  const std::string indent(first.size(), ' ');
  std::string line = first;
  std::size_t start = 0;
  bool empty_line = true;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!empty_line && line.size() + 1 + word.size() > kWidth) {
      out << line << "\n";
      line = indent;
      empty_line = true;
    }
    line += (empty_line ? "" : " ") + word;
    empty_line = false;
    start = end + 1;
  }
  out << line << "\n";
}

std::string Pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string VerdictLine(const ProfileOutcome& outcome) {
  const Verdict& verdict = outcome.verdict;
  if (outcome.works()) {
    return "ACCEPTED  " + VersionName(verdict.version) + " " + Label(verdict.suite) +
           " at position " + std::to_string(verdict.position) + " of " +
           std::to_string(verdict.offered_count);
  }
  if (verdict.accepted) {
    return "FAILS     the server answers " + VersionName(verdict.version) + " with " +
           Label(verdict.suite) + ", a version the sender refuses";
  }
  std::string text = "REJECTED  " + verdict.explanation;
  if (outcome.sender_refuses_version) text += "; the sender also refuses the server's version";
  return text;
}

void PrintFix(std::ostream& out, const ProfileOutcome& outcome, const Fix& fix,
              const CheckReport& report) {
  const std::string how = fix.method == "verified"
                              ? "verified with " + report.openssl_version + " on this machine"
                              : "modelled, not verified with this sender's OpenSSL";
  if (fix.words.empty() || !fix.verdict) {
    Wrap(out, "    ",
         "Fix (" + how + "): no set of up to three exclusion words helps (" +
             std::to_string(fix.candidates_tried) + " sets tried).");
    return;
  }
  std::string words;
  for (const std::string& word : fix.words) words += (words.empty() ? "" : " ") + word;
  Wrap(out, "    ",
       "Fix (" + how + "): exclude " + words + " -> " + std::to_string(fix.suites.size()) +
           " suites offered; " + outcome.profile.name + " then picks " + Label(fix.verdict->suite) +
           " at position " + std::to_string(fix.verdict->position) + ".");
  out << "      main.cf:     " << ExcludeSetting(fix.words) << "\n";
  out << "      policy map:  " << PolicyMapLine(report.destination, fix.words) << "\n";
}

void PrintOffered(std::ostream& out, const HelloReport& hello) {
  // Every offered entry, as positions in the verdict count them.
  const auto& suites = hello.input.hello.cipher_specs;
  const auto& outcomes = hello.outcomes;

  out << "\nOffered suites (" << suites.size() << "). Columns, one per profile:";
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    out << (i % 3 == 0 ? "\n   " : "  ") << static_cast<char>('A' + i) << " = "
        << outcomes[i].profile.name;
  }
  out << "\n   '>' picked, '+' usable, '-' usable but past the window, 'd' enabled but\n"
         "   needs a DSS certificate\n\n";

  // One boundary line per distinct window end among the profiles.
  std::set<std::size_t> boundaries;
  for (const auto& outcome : outcomes) {
    if (outcome.verdict.window_last_position < suites.size()) {
      boundaries.insert(outcome.verdict.window_last_position);
    }
  }

  const std::size_t marks_width = outcomes.size() * 2;
  const std::size_t name_width = kWidth - 16 - marks_width;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    const std::size_t position = i + 1;
    std::string marks;
    for (const auto& outcome : outcomes) {
      char mark = ' ';
      for (const SuiteSighting& sighting : outcome.verdict.supported) {
        if (sighting.position != position) continue;
        if (!sighting.usable)
          mark = 'd';
        else
          mark = sighting.in_window ? '+' : '-';
      }
      if (outcome.verdict.accepted && outcome.verdict.position == position) mark = '>';
      marks += mark;
      marks += ' ';
    }
    std::string name = SpecDisplayName(suites[i]);
    if (name.size() > name_width) name = name.substr(0, name_width - 1) + "~";
    std::string number = std::to_string(position);
    std::string line = std::string(4 - std::min<std::size_t>(4, number.size()), ' ') + number +
                       "  " + Pad(SuiteCodeText(suites[i]), 6) + "  " + Pad(name, name_width) +
                       " " + marks;
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";

    if (boundaries.count(position) != 0) {
      std::string rule = "  ---- window ends after entry " + std::to_string(position) +
                         ": SChannel never looks further ";
      if (rule.size() < kWidth) rule.append(kWidth - 2 - rule.size(), '-');
      out << rule << "\n";
    }
  }
}

}  // namespace

void RenderText(const CheckReport& report, std::ostream& out) {
  for (const std::string& warning : report.warnings) Wrap(out, "warning: ", warning);

  std::size_t number = 0;
  for (const HelloReport& hello : report.hellos) {
    ++number;
    const ClientHello& client_hello = hello.input.hello;
    std::string title = "ClientHello " + std::to_string(number) + " of " +
                        std::to_string(report.hellos.size()) + " (" + hello.input.format + ")";
    if (!hello.input.origin.empty()) title += " from " + hello.input.origin;
    out << (number > 1 ? "\n" : "") << std::string(kWidth, '=') << "\n";
    Wrap(out, "", title);
    Wrap(out, "  ",
         "client version " + VersionName(client_hello.client_version) + ", record version " +
             VersionName(client_hello.record_version) + ", " +
             std::to_string(client_hello.cipher_specs.size()) + " suites, " +
             std::to_string(client_hello.extensions.size()) + " extensions");
    for (const std::string& note : hello.input.notes) Wrap(out, "  note: ", note);

    out << "\nVerdicts\n";
    for (const ProfileOutcome& outcome : hello.outcomes) {
      Wrap(out, "  " + Pad(outcome.profile.name, 20) + " ", VerdictLine(outcome));
      if (!outcome.works()) {
        Wrap(out, "    ", "On failure: " + FailureTextFor(outcome.verdict) + ".");
      }
      for (const Fix& fix : outcome.fixes) PrintFix(out, outcome, fix, report);
      for (const std::string& advice : outcome.advice) Wrap(out, "    advice: ", advice);
    }
    PrintOffered(out, hello);
  }
}

}  // namespace schannel_emu
