#include "conformance/runner/scenario.h"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>

namespace schannel_emu::conform {
namespace {

Expected<std::string, std::string> RequiredString(const nlohmann::json& json,
                                                  const std::string& key) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_string()) {
    return Unexpected{"needs \"" + key + "\" as a string"};
  }
  return found->get<std::string>();
}

std::string OptionalString(const nlohmann::json& json, const std::string& key) {
  const auto found = json.find(key);
  return found != json.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

Expected<Scenario, std::string> ParseScenario(const nlohmann::json& json, const std::string& name,
                                              const std::filesystem::path& folder) {
  if (!json.is_object()) return Unexpected{std::string("must be a JSON object")};
  Scenario scenario;
  scenario.name = name;

  auto title = RequiredString(json, "title");
  if (!title) return Unexpected{title.error()};
  scenario.title = *title;
  auto models = RequiredString(json, "models");
  if (!models) return Unexpected{models.error()};
  scenario.models = *models;

  const auto profile = json.find("profile");
  if (profile == json.end() || !(profile->is_object() || profile->is_string())) {
    return Unexpected{std::string(
        "needs \"profile\": a built-in name or an object such as {\"base\": \"win2003\"}")};
  }
  scenario.profile = profile->is_string() ? nlohmann::json{{"base", *profile}} : *profile;

  const std::string fit = OptionalString(json, "window_fit");
  if (fit == "last_slot") {
    scenario.window_fit = WindowFit::kLastSlot;
  } else if (fit == "one_past") {
    scenario.window_fit = WindowFit::kOnePast;
  } else if (!fit.empty()) {
    return Unexpected{"\"window_fit\" is \"" + fit + "\"; use \"last_slot\" or \"one_past\""};
  }
  scenario.suites_client_lacks = json.value("suites_client_lacks", false);

  if (const auto needs = json.find("requires"); needs != json.end()) {
    if (!needs->is_array()) return Unexpected{std::string("\"requires\" must be a list")};
    for (const auto& capability : *needs) {
      if (!capability.is_string()) {
        return Unexpected{std::string("\"requires\" must list capability names")};
      }
      scenario.requires_capabilities.push_back(capability.get<std::string>());
    }
  }
  if (const std::string transfer = OptionalString(json, "transfer_if_chunking");
      !transfer.empty()) {
    scenario.transfer_if_chunking = transfer;
  }

  for (const auto& [key, count] :
       {std::pair{"refuse_first_messages", &scenario.faults.refuse_first_messages},
        std::pair{"try_later_first_recipients", &scenario.faults.try_later_first_recipients}}) {
    const auto value = json.find(key);
    if (value == json.end()) continue;
    if (!value->is_number_unsigned() || value->get<std::size_t>() > 100) {
      return Unexpected{"\"" + std::string(key) + "\" must be a count from 0 to 100"};
    }
    *count = value->get<std::size_t>();
  }

  auto message = RequiredString(json, "message");
  if (!message) return Unexpected{message.error()};
  scenario.message_file = folder / *message;

  const auto expect = json.find("expect");
  if (expect == json.end() || !expect->is_array() || expect->empty()) {
    return Unexpected{std::string("needs \"expect\": a list of outcomes such as [\"pass\"]")};
  }
  for (const auto& item : *expect) {
    const auto outcome = item.is_string() ? ParseOutcome(item.get<std::string>()) : std::nullopt;
    if (!outcome) {
      return Unexpected{
          std::string("\"expect\" entries must be \"pass\", \"pass-in-clear\" or \"fail\"")};
    }
    scenario.expect.push_back(*outcome);
  }
  scenario.skip_reason = OptionalString(json, "skip");
  scenario.in_default_suite = json.value("default", true);
  return scenario;
}

Expected<std::vector<Scenario>, std::string> LoadScenarios(const std::filesystem::path& folder) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (error) {
    return Unexpected{"cannot read the scenario folder " + folder.string() + ": " +
                      error.message()};
  }
  std::sort(files.begin(), files.end());

  std::vector<Scenario> scenarios;
  for (const auto& file : files) {
    std::ifstream in(file);
    const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return Unexpected{file.string() + ": not valid JSON"};
    auto scenario = ParseScenario(json, file.stem().string(), folder);
    if (!scenario) return Unexpected{file.string() + ": " + scenario.error()};
    scenarios.push_back(std::move(*scenario));
  }
  return scenarios;
}

bool MatchesGlob(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

}  // namespace schannel_emu::conform
