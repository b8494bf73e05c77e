// The --html page: one self-contained file (inline CSS, no scripts, nothing fetched)
// that draws the offered list as a column with the window boundary and the usable
// suites marked.
#include <sstream>

#include "emulator/check/check_report.h"
#include "emulator/check/iana_names.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/markup.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

std::string SuiteLabel(std::uint16_t suite) {
  const auto known = FindCipherSuite(suite);
  return (known ? std::string(known->openssl_name) : IanaDisplayName(suite)) + " (" +
         SuiteCodeText(suite) + ")";
}

constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 60em; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.verdicts td, .verdicts th { padding: 0.2em 0.6em; text-align: left; }
.works { color: #0a6b1f; font-weight: bold; } .fails { color: #b00020; font-weight: bold; }
.fix { background: #eef6ee; border-left: 4px solid #0a6b1f; padding: 0.4em 0.8em; }
.fix code, .advice code { background: #fff; padding: 0 0.2em; }
.advice { background: #fff6e0; border-left: 4px solid #d08a00; padding: 0.4em 0.8em; }
table.offered { border-collapse: collapse; font-family: monospace; font-size: 0.9em; }
table.offered td { padding: 0.05em 0.6em; border-bottom: 1px solid #eee; }
tr.suite.out-of-window { color: #999; background: #f4f4f4; }
tr.suite.usable td.name { font-weight: bold; }
tr.suite.usable.in-window { background: #c9f2cf; color: #0a3b12; }
tr.suite.usable.out-of-window { background: #ffd6d6; color: #7a0010; }
tr.suite.picked { outline: 2px solid #0a6b1f; }
tr.boundary td { background: #b00020; color: #fff; font-weight: bold; font-family: sans-serif;
  padding: 0.3em 0.6em; }
.legend span { display: inline-block; padding: 0 0.5em; margin-right: 0.6em; }
)";

void Hello(std::ostringstream& out, const HelloReport& hello, std::size_t number,
           const CheckReport& report) {
  const std::string id = number == 1 ? "" : "-" + std::to_string(number);
  out << "<section class=\"hello\" id=\"hello" << id << "\">\n";
  out << "<h2>ClientHello " << number << " (" << MarkupEscape(hello.input.format) << ")";
  if (!hello.input.origin.empty()) out << " from " << MarkupEscape(hello.input.origin);
  out << "</h2>\n";
  for (const std::string& note : hello.input.notes) {
    out << "<p class=\"note\">" << MarkupEscape(note) << "</p>\n";
  }

  out << "<table class=\"verdicts\"><tr><th>Server profile</th><th>Result</th><th>Why</th></tr>\n";
  for (const ProfileOutcome& outcome : hello.outcomes) {
    out << "<tr class=\"verdict\" data-profile=\"" << MarkupEscape(outcome.profile.name)
        << "\"><td>" << MarkupEscape(outcome.profile.name) << "</td><td class=\""
        << (outcome.works() ? "works\">works" : "fails\">fails") << "</td><td>"
        << MarkupEscape(outcome.verdict.explanation);
    if (!outcome.works())
      out << ". On failure " << MarkupEscape(FailureTextFor(outcome.verdict)) << ".";
    out << "</td></tr>\n";
  }
  out << "</table>\n";

  for (const ProfileOutcome& outcome : hello.outcomes) {
    for (const Fix& fix : outcome.fixes) {
      if (fix.words.empty() || !fix.verdict) continue;
      out << "<div class=\"fix\" data-profile=\"" << MarkupEscape(outcome.profile.name)
          << "\" data-method=\"" << fix.method << "\"><p>To reach <b>"
          << MarkupEscape(outcome.profile.name) << "</b> ("
          << (fix.method == "verified" ? "verified with " + MarkupEscape(report.openssl_version)
                                       : std::string("modelled, not verified with this "
                                                     "sender's OpenSSL"))
          << "): <code>" << MarkupEscape(ExcludeSetting(fix.words))
          << "</code> or, per destination, "
          << "<code>" << MarkupEscape(PolicyMapLine(report.destination, fix.words))
          << "</code>; the server then picks " << MarkupEscape(SuiteLabel(fix.verdict->suite))
          << " at position " << fix.verdict->position << ".</p></div>\n";
    }
    for (const std::string& advice : outcome.advice) {
      out << "<div class=\"advice\" data-profile=\"" << MarkupEscape(outcome.profile.name)
          << "\"><p>" << MarkupEscape(advice) << "</p></div>\n";
    }
  }

  // The column is drawn against the first profile: the one the user asked about.
  const ProfileOutcome& focus = hello.outcomes.front();
  out << "<h2>What the sender offers, as " << MarkupEscape(focus.profile.name) << " sees it</h2>\n";
  out << "<p class=\"legend\"><span style=\"background:#c9f2cf\">usable, inside the window"
         "</span><span style=\"background:#ffd6d6\">usable, but never looked at</span>"
         "<span style=\"background:#f4f4f4;color:#999\">below the window</span></p>\n";
  out << "<table class=\"offered\" data-profile=\"" << MarkupEscape(focus.profile.name) << "\">\n";
  // Every offered entry, as positions in the verdict count them.
  const auto& suites = hello.input.hello.cipher_specs;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    const std::size_t position = i + 1;
    const bool in_window = position <= focus.verdict.window_last_position;
    bool usable = false;
    for (const SuiteSighting& sighting : focus.verdict.supported) {
      if (sighting.position == position && sighting.usable) usable = true;
    }
    const bool picked = focus.verdict.accepted && focus.verdict.position == position;
    out << "<tr id=\"suite" << id << "-" << position << "\" class=\"suite "
        << (in_window ? "in-window" : "out-of-window") << (usable ? " usable" : "")
        << (picked ? " picked" : "") << "\" data-position=\"" << position << "\" data-suite=\""
        << SuiteCodeText(suites[i]) << "\"><td>" << position << "</td><td>"
        << SuiteCodeText(suites[i]) << "</td><td class=\"name\">"
        << MarkupEscape(SpecDisplayName(suites[i])) << "</td><td>"
        << (picked   ? "picked"
            : usable ? "usable"
                     : "")
        << "</td></tr>\n";
    if (position == focus.verdict.window_last_position && position < suites.size()) {
      out << "<tr id=\"window-boundary" << id << "\" class=\"boundary\"><td colspan=\"4\">"
          << "Window ends here: " << MarkupEscape(focus.profile.name) << " never looks past entry "
          << position << "</td></tr>\n";
    }
  }
  out << "</table>\n</section>\n";
}

}  // namespace

std::string RenderHtml(const CheckReport& report) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<title>schannel-emu check</title>\n<style>" << kStyle << "</style></head>\n<body>\n"
      << "<h1>Would this legacy server accept the sender's TLS hello?</h1>\n";
  for (const std::string& warning : report.warnings) {
    out << "<p class=\"warning\">" << MarkupEscape(warning) << "</p>\n";
  }
  std::size_t number = 0;
  for (const HelloReport& hello : report.hellos) Hello(out, hello, ++number, report);
  out << "</body></html>\n";
  return out.str();
}

}  // namespace schannel_emu
