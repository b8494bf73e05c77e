// schannel-conform: the conformance suite's command line (see Usage() and docs/CONFORMANCE.md).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "conformance/runner/adapter.h"
#include "conformance/runner/expected_failures.h"
#include "conformance/runner/options.h"
#include "conformance/runner/report.h"
#include "conformance/runner/scenario.h"
#include "conformance/runner/shell_process.h"
#include "conformance/runner/suite_runner.h"

namespace schannel_emu::conform {
namespace {

namespace fs = std::filesystem;

struct Client {
  Adapter adapter;
  std::string expected_failures_file;
};

std::string FirstLine(const std::string& command, const Variables& variables,
                      const fs::path& work_root) {
  if (command.empty()) return "";
  const fs::path output = work_root / "version.txt";
  fs::remove(output);
  RunCommand(ExpandTemplate(command, variables), work_root, output, std::chrono::seconds(10));
  const std::string text = ReadFileText(output);
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find('\n', begin);
    std::string line =
        text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) return line;
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return "";
}

Expected<std::vector<Client>, std::string> ChooseClients(const Options& options,
                                                         const fs::path& suite_dir) {
  std::vector<Client> clients;
  auto add_file = [&](const fs::path& file) -> Expected<bool, std::string> {
    auto adapter = LoadAdapterFile(file);
    if (!adapter) return Unexpected{adapter.error()};
    Client client{std::move(*adapter), ""};
    const fs::path expected = suite_dir / "expected" / (client.adapter.name + ".txt");
    if (fs::exists(expected)) client.expected_failures_file = expected.string();
    clients.push_back(std::move(client));
    return true;
  };

  if (!options.client_command.empty())
    clients.push_back({AdapterForCommand(options.client_command), ""});
  for (const std::string& name : options.mtas) {
    const fs::path file = suite_dir / "adapters" / (name + ".json");
    if (!fs::exists(file)) {
      return Unexpected{"no adapter named " + name + " (" + file.string() +
                        "); see --list, or pass your own with --adapter FILE"};
    }
    if (auto added = add_file(file); !added) return Unexpected{added.error()};
  }
  for (const std::string& file : options.adapter_files) {
    if (auto added = add_file(file); !added) return Unexpected{added.error()};
  }
  if (options.all_adapters) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(suite_dir / "adapters")) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      if (auto added = add_file(file); !added) return Unexpected{added.error()};
    }
  }
  if (!options.expected_failures_file.empty()) {
    for (Client& client : clients) client.expected_failures_file = options.expected_failures_file;
  }
  return clients;
}

int Run(const std::vector<std::string>& args) {
  auto options = ParseOptions(args);
  if (!options) {
    std::cerr << "schannel-conform: " << options.error() << "\n";
    return 2;
  }
  if (options->help) {
    std::cout << Usage();
    return 0;
  }

  const char* env_suite = std::getenv("SCHANNEL_CONFORM_SUITE_DIR");
  const fs::path suite_dir = !options->suite_dir.empty() ? fs::path(options->suite_dir)
                             : env_suite != nullptr      ? fs::path(env_suite)
                                                         : fs::path(SCHANNEL_CONFORM_SUITE_DIR);
  const fs::path source_dir =
      options->source_dir.empty() ? suite_dir.parent_path() : fs::path(options->source_dir);

  auto scenarios = LoadScenarios(suite_dir / "scenarios");
  if (!scenarios) {
    std::cerr << "schannel-conform: " << scenarios.error() << "\n";
    return 2;
  }
  std::vector<Scenario> chosen;
  for (const Scenario& scenario : *scenarios) {
    const bool wanted =
        options->scenario_globs.empty()
            ? scenario.in_default_suite
            : std::any_of(
                  options->scenario_globs.begin(), options->scenario_globs.end(),
                  [&](const std::string& glob) { return MatchesGlob(glob, scenario.name); });
    if (wanted) chosen.push_back(scenario);
  }

  if (options->list) {
    std::cout << "scenarios (" << (suite_dir / "scenarios").string() << "):\n";
    for (const Scenario& scenario : *scenarios) {
      std::cout << "  " << scenario.name << (scenario.in_default_suite ? "" : " (not default)")
                << ": " << scenario.title << "\n";
    }
    std::cout << "adapters (" << (suite_dir / "adapters").string() << "):\n";
    for (const auto& entry : fs::directory_iterator(suite_dir / "adapters")) {
      if (entry.path().extension() != ".json") continue;
      if (auto adapter = LoadAdapterFile(entry.path())) {
        std::cout << "  " << adapter->name << ": " << adapter->description << "\n";
      }
    }
    return 0;
  }
  if (chosen.empty()) {
    std::cerr << "schannel-conform: no scenario matches; see --list\n";
    return 2;
  }

  auto clients = ChooseClients(*options, suite_dir);
  if (!clients) {
    std::cerr << "schannel-conform: " << clients.error() << "\n";
    return 2;
  }

  std::string work_template = (fs::temp_directory_path() / "schannel-conform.XXXXXX").string();
  if (::mkdtemp(work_template.data()) == nullptr) {
    std::cerr << "schannel-conform: cannot create a work folder under "
              << fs::temp_directory_path().string() << " (set TMPDIR)\n";
    return 1;
  }
  const fs::path work_root = work_template;
  // The MTAs run as their own unprivileged users and must reach their folders below it.
  fs::permissions(work_root, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);

  std::vector<SuiteReport> reports;
  bool any_ran = false;
  for (Client& client : *clients) {
    RunOptions run_options;
    run_options.timeout =
        std::chrono::milliseconds(static_cast<long>(options->timeout_seconds * 1000));
    run_options.work_root = work_root;
    run_options.source_dir = source_dir;
    SuiteRunner runner(client.adapter, run_options);

    SuiteReport report;
    report.client.name = client.adapter.name;
    report.client.description = client.adapter.description;
    report.client.skip_reason = runner.SkipReason();
    if (report.client.skip_reason.empty()) {
      report.client.version = FirstLine(client.adapter.version, runner.BaseVariables(), work_root);
      report.client.tls_library =
          FirstLine(client.adapter.tls_library, runner.BaseVariables(), work_root);
    }

    ExpectedFailures expected;
    if (!client.expected_failures_file.empty()) {
      auto loaded = LoadExpectedFailures(client.expected_failures_file);
      if (!loaded) {
        std::cerr << "schannel-conform: " << loaded.error() << "\n";
        return 2;
      }
      expected = std::move(*loaded);
    }

    if (report.client.skip_reason.empty()) {
      any_ran = true;
      for (const Scenario& scenario : chosen) {
        std::cerr << "schannel-conform: " << client.adapter.name << " / " << scenario.name
                  << " ...\n";
        ScenarioResult result = runner.Run(scenario);
        result.expected_failure = FindExpectedFailure(expected, scenario.name);
        report.results.push_back(std::move(result));
      }
    }
    PrintTable(std::cout, report);
    std::cout << "\n";
    reports.push_back(std::move(report));
  }

  if (!options->junit_file.empty()) std::ofstream(options->junit_file) << JUnitXml(reports);
  if (!options->json_file.empty()) {
    std::ofstream(options->json_file) << ReportJson(reports).dump(2) << "\n";
  }
  if (options->matrix) {
    std::string command = "schannel-conform";
    for (const std::string& arg : args) command += " " + arg;
    std::ofstream(options->matrix_out) << MatrixMarkdown(reports, chosen, command);
  }

  if (options->keep) {
    std::cerr << "schannel-conform: work folders kept in " << work_root.string() << "\n";
  } else {
    std::error_code ignored;
    fs::remove_all(work_root, ignored);
  }

  if (!any_ran) return options->skip_code;
  return std::all_of(reports.begin(), reports.end(), Passed) ? 0 : 1;
}

}  // namespace
}  // namespace schannel_emu::conform

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return schannel_emu::conform::Run(args);
}
