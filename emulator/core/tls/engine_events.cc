#include "emulator/core/tls/engine_events.h"

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

Event HelloEvent(const ClientHello& hello, const Verdict& verdict) {
  Event event = MakeEvent("hello");
  event.fields["format"] = hello.format == HelloFormat::kTls ? "tls" : "ssl2";
  event.fields["record_version"] = VersionName(hello.record_version);
  event.fields["client_version"] = VersionName(hello.client_version);

  auto offered = nlohmann::ordered_json::array();
  for (const std::uint32_t spec : hello.cipher_specs) offered.push_back(SuiteCodeText(spec));
  event.fields["offered"] = std::move(offered);
  event.fields["offered_count"] = hello.cipher_specs.size();

  auto extensions = nlohmann::ordered_json::array();
  for (const HelloExtension& extension : hello.extensions) extensions.push_back(extension.type);
  event.fields["extensions"] = std::move(extensions);
  event.fields["verdict"] = VerdictToJson(verdict);
  return event;
}

Event TlsEvent(std::uint16_t version, std::uint16_t suite, bool resumed,
               bool secure_renegotiation) {
  Event event = MakeEvent("tls");
  event.fields["version"] = VersionName(version);
  event.fields["suite"] = SuiteCodeText(suite);
  const auto info = FindCipherSuite(suite);
  event.fields["suite_name"] = info ? std::string(info->openssl_name) : SuiteCodeText(suite);
  event.fields["resumed"] = resumed;
  event.fields["secure_renegotiation"] = secure_renegotiation;
  return event;
}

Event TlsFailedEvent(std::string_view mode, std::string_view reason, std::string_view detail) {
  Event event = MakeEvent("tls_failed");
  event.fields["mode"] = mode;
  event.fields["reason"] = reason;
  event.fields["detail"] = detail;
  return event;
}

Event AlertEvent(std::string_view name, std::uint8_t level, std::uint8_t description) {
  Event event = MakeEvent(std::string(name));
  if (level == static_cast<std::uint8_t>(AlertLevel::kWarning)) {
    event.fields["level"] = "warning";
  } else if (level == static_cast<std::uint8_t>(AlertLevel::kFatal)) {
    event.fields["level"] = "fatal";
  } else {
    event.fields["level"] = "level_" + std::to_string(level);
  }
  event.fields["description"] = AlertName(description);
  return event;
}

Event TlsClosedEvent(std::string_view by) {
  Event event = MakeEvent("tls_closed");
  event.fields["by"] = by;
  return event;
}

}  // namespace schannel_emu
