// The --json form of the check report; docs/CHECK-JSON.md documents every key.
#include "emulator/check/check_report.h"
#include "emulator/check/iana_names.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

using Json = nlohmann::ordered_json;

Json SuiteJson(std::uint16_t suite) {
  Json json;
  json["suite"] = SuiteCodeText(suite);
  json["name"] = IanaDisplayName(suite);
  const auto known = FindCipherSuite(suite);
  json["openssl_name"] = known ? Json(std::string(known->openssl_name)) : Json(nullptr);
  return json;
}

Json FixJson(const Fix& fix, const CheckReport& report) {
  Json json;
  json["method"] = fix.method;
  json["found"] = !fix.words.empty() && fix.verdict.has_value();
  json["words"] = fix.words;
  json["candidates_tried"] = fix.candidates_tried;
  if (!fix.words.empty() && fix.verdict) {
    json["exclude_setting"] = ExcludeSetting(fix.words);
    json["policy_map_line"] = PolicyMapLine(report.destination, fix.words);
    json["offered_count"] = fix.suites.size();
    json["verdict"] = VerdictToJson(*fix.verdict);
  }
  return json;
}

}  // namespace

nlohmann::ordered_json RenderJson(const CheckReport& report) {
  Json json;
  json["schema"] = "schannel-emu-check/1";
  json["openssl_version"] = report.openssl_version;
  json["destination"] = report.destination;
  if (report.sender) {
    Json sender;
    sender["cipher_list"] = report.sender->cipher_list;
    sender["exclude"] = report.sender->exclude;
    sender["protocols"] = report.sender->protocols;
    sender["effective_cipher_list"] =
        PostfixCipherList(report.sender->cipher_list, report.sender->exclude);
    json["sender"] = sender;
  } else {
    json["sender"] = nullptr;
  }
  json["warnings"] = report.warnings;

  Json hellos = Json::array();
  for (const HelloReport& hello : report.hellos) {
    const ClientHello& client_hello = hello.input.hello;
    Json item;
    item["format"] = hello.input.format;
    item["origin"] = hello.input.origin;
    item["notes"] = hello.input.notes;
    item["client_version"] = VersionName(client_hello.client_version);
    item["record_version"] = VersionName(client_hello.record_version);
    Json extensions = Json::array();
    for (const HelloExtension& extension : client_hello.extensions) {
      extensions.push_back(SuiteCodeText(extension.type));
    }
    item["extensions"] = extensions;
    item["wire_hex"] = hello.input.wire ? Json(ToHex(*hello.input.wire)) : Json(nullptr);

    Json offered = Json::array();
    std::size_t position = 0;
    // Every offered entry, as positions in the verdict count them.
    for (std::uint32_t spec : client_hello.cipher_specs) {
      Json entry;
      entry["position"] = ++position;
      if (IsSsl2OnlySpec(spec)) {
        entry["suite"] = SuiteCodeText(spec);
        entry["name"] = SpecDisplayName(spec);
        entry["openssl_name"] = nullptr;
      } else {
        entry.update(SuiteJson(static_cast<std::uint16_t>(spec)));
      }
      offered.push_back(entry);
    }
    item["offered_count"] = position;
    item["offered"] = offered;

    Json profiles = Json::array();
    for (const ProfileOutcome& outcome : hello.outcomes) {
      Json result;
      result["profile"] = outcome.profile.name;
      result["works"] = outcome.works();
      result["sender_refuses_version"] = outcome.sender_refuses_version;
      result["verdict"] = VerdictToJson(outcome.verdict);
      result["on_failure"] = {{"mode", std::string(FailureModeName(outcome.verdict.failure))},
                              {"sender_sees", FailureTextFor(outcome.verdict)}};
      Json fixes = Json::array();
      for (const Fix& fix : outcome.fixes) fixes.push_back(FixJson(fix, report));
      result["fixes"] = fixes;
      result["advice"] = outcome.advice;
      profiles.push_back(result);
    }
    item["profiles"] = profiles;
    hellos.push_back(item);
  }
  json["hellos"] = hellos;
  return json;
}

}  // namespace schannel_emu
