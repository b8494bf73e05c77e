#include "conformance/runner/report.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "emulator/core/base/markup.h"

namespace schannel_emu::conform {
namespace {

std::string Cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string HelloCell(const ScenarioResult& result) {
  const nlohmann::json& verdict = result.judgement.hello_verdict;
  if (verdict.is_null()) return "-";
  if (verdict.value("accepted", false)) {
    return verdict.value("suite_name", nlohmann::json("")).is_string()
               ? verdict.value("suite_name", std::string()) + "@" +
                     std::to_string(verdict.value("position", 0)) + "/" +
                     std::to_string(verdict.value("offered_count", 0))
               : "accepted";
  }
  return verdict.value("reason", std::string("refused"));
}

std::string Fit(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text + std::string(width - text.size(), ' ');
  return text.substr(0, width - 1) + "~";
}

}  // namespace

std::string Status(const ScenarioResult& result) {
  const bool listed = !result.expected_failure.empty();
  if (result.outcome == Outcome::kError) return listed ? "XFAIL" : "ERROR";
  if (result.meets_expectation) {
    const bool ran =
        result.outcome != Outcome::kNotApplicable && result.outcome != Outcome::kSkipped;
    return listed && ran ? "XPASS" : "ok";
  }
  return listed ? "XFAIL" : "FAIL";
}

bool Passed(const SuiteReport& report) {
  return std::none_of(report.results.begin(), report.results.end(), [](const auto& result) {
    const std::string status = Status(result);
    return status == "FAIL" || status == "ERROR";
  });
}

std::string ExpectText(const std::vector<Outcome>& expect) {
  std::string text;
  for (const Outcome outcome : expect) {
    text += (text.empty() ? "" : " or ") + std::string(OutcomeName(outcome));
  }
  return text;
}

void PrintTable(std::ostream& out, const SuiteReport& report) {
  out << "client: " << report.client.name;
  if (!report.client.version.empty()) out << " (" << report.client.version << ")";
  if (!report.client.tls_library.empty()) out << ", TLS: " << report.client.tls_library;
  out << "\n";
  if (!report.client.skip_reason.empty()) {
    out << "  skipped: " << report.client.skip_reason << "\n";
    return;
  }
  out << Fit("scenario", 24) << Fit("outcome", 15) << Fit("expected", 22) << Fit("hello", 26)
      << Fit("then", 22) << Fit("status", 7) << "detail\n";
  for (const ScenarioResult& result : report.results) {
    out << Fit(result.scenario, 24) << Fit(std::string(OutcomeName(result.outcome)), 15)
        << Fit(ExpectText(result.expect), 22) << Fit(HelloCell(result), 26)
        << Fit(result.judgement.next.empty() ? "-" : result.judgement.next, 22)
        << Fit(Status(result), 7) << result.detail;
    if (!result.expected_failure.empty())
      out << " [expected failure: " << result.expected_failure << "]";
    out << "\n";
    if (!result.setup_note.empty())
      out << std::string(24, ' ') << "(" << result.setup_note << ")\n";
  }
  std::size_t failed = 0;
  for (const auto& result : report.results) {
    const std::string status = Status(result);
    failed += status == "FAIL" || status == "ERROR" ? 1u : 0u;
  }
  out << (failed == 0 ? "all scenarios meet their expectation\n"
                      : std::to_string(failed) + " scenario(s) miss their expectation\n");
}

std::string JUnitXml(const std::vector<SuiteReport>& reports) {
  std::ostringstream xml;
  xml << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"schannel-conform\">\n";
  for (const SuiteReport& report : reports) {
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::size_t skipped = 0;
    double seconds = 0;
    for (const auto& result : report.results) {
      const std::string status = Status(result);
      failures += status == "FAIL" ? 1u : 0u;
      errors += status == "ERROR" ? 1u : 0u;
      skipped += result.outcome == Outcome::kSkipped || result.outcome == Outcome::kNotApplicable ||
                         status == "XFAIL"
                     ? 1u
                     : 0u;
      seconds += result.seconds;
    }
    xml << "  <testsuite name=\"" << MarkupEscape(report.client.name) << "\" tests=\""
        << report.results.size() << "\" failures=\"" << failures << "\" errors=\"" << errors
        << "\" skipped=\"" << skipped << "\" time=\"" << std::fixed << std::setprecision(3)
        << seconds << "\">\n";
    if (!report.client.skip_reason.empty()) {
      xml << "    <testcase classname=\"" << MarkupEscape(report.client.name)
          << "\" name=\"client\"><skipped message=\"" << MarkupEscape(report.client.skip_reason)
          << "\"/></testcase>\n";
    }
    for (const auto& result : report.results) {
      const std::string status = Status(result);
      xml << "    <testcase classname=\"" << MarkupEscape(report.client.name) << "\" name=\""
          << MarkupEscape(result.scenario) << "\" time=\"" << result.seconds << "\">";
      const std::string message = std::string(OutcomeName(result.outcome)) + " (expected " +
                                  ExpectText(result.expect) + "): " + result.detail;
      if (status == "FAIL") {
        xml << "<failure message=\"" << MarkupEscape(message) << "\">"
            << MarkupEscape(result.client_output) << "</failure>";
      } else if (status == "ERROR") {
        xml << "<error message=\"" << MarkupEscape(message) << "\"/>";
      } else if (status == "XFAIL") {
        xml << "<skipped message=\"expected failure: " << MarkupEscape(result.expected_failure)
            << "; " << MarkupEscape(message) << "\"/>";
      } else if (result.outcome == Outcome::kSkipped || result.outcome == Outcome::kNotApplicable) {
        xml << "<skipped message=\"" << MarkupEscape(message) << "\"/>";
      } else {
        xml << "<system-out>" << MarkupEscape(message) << "</system-out>";
      }
      xml << "</testcase>\n";
    }
    xml << "  </testsuite>\n";
  }
  xml << "</testsuites>\n";
  return xml.str();
}

nlohmann::ordered_json ReportJson(const std::vector<SuiteReport>& reports) {
  nlohmann::ordered_json clients = nlohmann::ordered_json::array();
  for (const SuiteReport& report : reports) {
    nlohmann::ordered_json client;
    client["name"] = report.client.name;
    client["description"] = report.client.description;
    client["version"] = report.client.version;
    client["tls_library"] = report.client.tls_library;
    client["skipped"] = report.client.skip_reason.empty()
                            ? nlohmann::ordered_json(nullptr)
                            : nlohmann::ordered_json(report.client.skip_reason);
    client["passed"] = Passed(report);
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const ScenarioResult& result : report.results) {
      nlohmann::ordered_json item;
      item["scenario"] = result.scenario;
      item["outcome"] = OutcomeName(result.outcome);
      nlohmann::ordered_json expect = nlohmann::ordered_json::array();
      for (const Outcome outcome : result.expect) expect.push_back(OutcomeName(outcome));
      item["expect"] = std::move(expect);
      item["status"] = Status(result);
      item["expected_failure"] = result.expected_failure.empty()
                                     ? nlohmann::ordered_json(nullptr)
                                     : nlohmann::ordered_json(result.expected_failure);
      item["detail"] = result.detail;
      item["next"] = result.judgement.next;
      item["setup"] = result.setup_note;
      item["hello_verdict"] = result.judgement.hello_verdict;
      nlohmann::ordered_json connections = nlohmann::ordered_json::array();
      for (const ConnectionSummary& connection : result.judgement.connections) {
        connections.push_back({{"id", connection.id},
                               {"starttls", connection.starttls},
                               {"tls", connection.tls},
                               {"tls_suite", connection.tls_suite},
                               {"tls_failed", connection.tls_failed},
                               {"failure_mode", connection.failure_mode},
                               {"mail", connection.mail},
                               {"bdat", connection.bdat},
                               {"messages", connection.messages},
                               {"disconnect", connection.disconnect}});
      }
      item["connections"] = std::move(connections);
      item["seconds"] = result.seconds;
      if (!result.client_output.empty()) item["client_output"] = result.client_output;
      results.push_back(std::move(item));
    }
    client["results"] = std::move(results);
    clients.push_back(std::move(client));
  }
  return {{"tool", "schannel-conform"}, {"clients", std::move(clients)}};
}

std::string MatrixMarkdown(const std::vector<SuiteReport>& reports,
                           const std::vector<Scenario>& scenarios,
                           const std::string& generated_by) {
  std::ostringstream md;
  md << "# Compatibility matrix\n\n"
     << "Generated by `" << generated_by << "` — do not edit by hand; rerun the command.\n"
     << "Each cell is what the emulated Exchange 2007 / Windows Server 2003 receiver saw a real\n"
     << "client do (docs/CONFORMANCE.md explains the scenarios and the outcome words):\n"
     << "**pass** = delivered over TLS byte-exact, **pass-in-clear** = delivered byte-exact only\n"
     << "after TLS failed (the message crossed the network unencrypted), **pass-handshake** = a\n"
     << "hello-only client whose ClientHello was accepted, **fail** = not delivered or altered,\n"
     << "n/a = the client cannot do what the scenario needs. A trailing `*` marks a result that\n"
     << "misses the scenario's expectation; `(x)` marks an entry of the client's "
        "expected-failures\n"
     << "list.\n\n";

  md << "## Clients\n\n| client | version | TLS library | what it is |\n|---|---|---|---|\n";
  for (const SuiteReport& report : reports) {
    md << "| " << Cell(report.client.name) << " | "
       << Cell(report.client.skip_reason.empty() ? report.client.version : "not installed") << " | "
       << Cell(report.client.tls_library) << " | " << Cell(report.client.description) << " |\n";
  }

  md << "\n## Results\n\n| scenario | expected |";
  for (const SuiteReport& report : reports) md << " " << Cell(report.client.name) << " |";
  md << "\n|---|---|";
  for (std::size_t i = 0; i < reports.size(); ++i) md << "---|";
  md << "\n";
  for (const Scenario& scenario : scenarios) {
    md << "| " << scenario.name << " | " << ExpectText(scenario.expect) << " |";
    for (const SuiteReport& report : reports) {
      const auto found = std::find_if(report.results.begin(), report.results.end(),
                                      [&](const auto& r) { return r.scenario == scenario.name; });
      if (!report.client.skip_reason.empty() || found == report.results.end()) {
        md << " — |";
        continue;
      }
      const std::string status = Status(*found);
      md << " " << OutcomeName(found->outcome)
         << (status == "FAIL" || status == "ERROR" ? " *"
             : status == "XFAIL"                   ? " (x)"
                                                   : "")
         << " |";
    }
    md << "\n";
  }

  md << "\n## What each client did\n";
  for (const SuiteReport& report : reports) {
    md << "\n### " << report.client.name << "\n\n";
    if (!report.client.skip_reason.empty()) {
      md << "Not run: " << report.client.skip_reason << "\n";
      continue;
    }
    md << "| scenario | outcome | ClientHello | then | detail |\n|---|---|---|---|---|\n";
    for (const ScenarioResult& result : report.results) {
      md << "| " << result.scenario << " | " << OutcomeName(result.outcome) << " | "
         << Cell(HelloCell(result)) << " | "
         << Cell(result.judgement.next.empty() ? "-" : result.judgement.next) << " | "
         << Cell(result.detail)
         << (result.setup_note.empty() ? "" : " (" + Cell(result.setup_note) + ")")
         << (result.expected_failure.empty()
                 ? ""
                 : " — expected failure: " + Cell(result.expected_failure))
         << " |\n";
    }
  }
  return md.str();
}

}  // namespace schannel_emu::conform
