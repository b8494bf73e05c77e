#include "conformance/runner/suite_runner.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "conformance/runner/emulator_host.h"
#include "conformance/runner/shell_process.h"
#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile_json.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu::conform {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kSetupTimeout{20000};
constexpr milliseconds kTeardownTimeout{10000};
constexpr milliseconds kPollInterval{100};
// After the client ends (or the message lands), events of the last connection may still be
// on their way through the server's thread.
constexpr milliseconds kSettle{300};

std::uint16_t VersionFromName(const std::string& name) {
  for (const std::uint16_t version : {kSsl2, kSsl3, kTls10, kTls11, kTls12, kTls13}) {
    if (VersionName(version) == name) return version;
  }
  return kTls12;
}

// HelloFromEvent rebuilds the parts of a ClientHello the verdict depends on from its event.
ClientHello HelloFromEvent(const nlohmann::json& event) {
  ClientHello hello;
  hello.format =
      event.value("format", "tls") == "ssl2" ? HelloFormat::kSsl2Compatible : HelloFormat::kTls;
  hello.client_version = VersionFromName(event.value("client_version", "TLSv1.2"));
  hello.record_version = hello.format == HelloFormat::kTls ? kTls10 : 0;
  for (const auto& code : event.value("offered", nlohmann::json::array())) {
    if (code.is_string()) {
      hello.cipher_specs.push_back(
          static_cast<std::uint32_t>(std::strtoul(code.get<std::string>().c_str(), nullptr, 16)));
    }
  }
  hello.compression_methods = {0};
  for (const auto& type : event.value("extensions", nlohmann::json::array())) {
    if (type.is_number_unsigned()) {
      hello.extensions.push_back(HelloExtension{type.get<std::uint16_t>(), {}});
      hello.has_extensions_block = true;
    }
  }
  return hello;
}

std::string SuiteLabel(std::uint16_t suite) {
  const auto info = FindCipherSuite(suite);
  char code[8];
  std::snprintf(code, sizeof code, "0x%04x", static_cast<unsigned>(suite));
  return info ? std::string(info->openssl_name) + " (" + code + ")" : std::string(code);
}

std::string Tail(const std::string& text, std::size_t bytes) {
  return text.size() <= bytes ? text : "..." + text.substr(text.size() - bytes);
}

bool DeliveredTo(const std::vector<StoredMessage>& messages, const std::string& rcpt) {
  return std::any_of(messages.begin(), messages.end(), [&](const StoredMessage& message) {
    const auto& list = message.envelope.value("rcpt_to", nlohmann::json::array());
    return std::find(list.begin(), list.end(), rcpt) != list.end();
  });
}

std::string CurrentUser() {
  const passwd* entry = ::getpwuid(::geteuid());
  return entry != nullptr ? entry->pw_name : "root";
}

}  // namespace

std::string WireForm(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

Expected<std::string, std::string> ShapeWindow(const nlohmann::json& hello_event, bool one_past,
                                               Profile& profile) {
  const ClientHello hello = HelloFromEvent(hello_event);
  Profile open = profile;
  open.window.size = 0;  // no window: see every suite the profile could use
  const Verdict unbounded = Judge(open, hello);
  const auto first = std::find_if(unbounded.supported.begin(), unbounded.supported.end(),
                                  [](const SuiteSighting& s) { return s.usable && s.slot; });
  if (first == unbounded.supported.end()) {
    return Unexpected{std::string("the client offers no suite profile ") + profile.name +
                      " can use, so no window placement can matter"};
  }
  const std::size_t slot = *first->slot;
  if (one_past && slot <= 1) {
    return Unexpected{
        std::string("the client's first usable suite is in slot 1; no window "
                    "can leave it out")};
  }
  profile.window.size = one_past ? slot - 1 : slot;

  // Check the placement with the verdict itself, so the scenario cannot drift from the rule.
  const Verdict shaped = Judge(profile, hello);
  if (shaped.accepted == one_past) {
    return Unexpected{"placing the window at " + std::to_string(profile.window.size) +
                      " slots did not give the intended verdict (" +
                      std::string(VerdictReasonName(shaped.reason)) + ")"};
  }
  return "window " + std::to_string(profile.window.size) +
         " slots; the client's first usable suite " + SuiteLabel(first->suite) + " is at slot " +
         std::to_string(slot) + " of " + std::to_string(hello.cipher_specs.size());
}

Expected<std::string, std::string> DropOfferedSuites(const nlohmann::json& hello_event,
                                                     Profile& profile) {
  const ClientHello hello = HelloFromEvent(hello_event);
  const auto offered = hello.TlsSuites();
  std::erase_if(profile.suites, [&](std::uint16_t suite) {
    return std::find(offered.begin(), offered.end(), suite) != offered.end();
  });
  if (profile.suites.empty()) {
    return Unexpected{std::string("the client offers every suite the profile has")};
  }
  std::string kept;
  for (const std::uint16_t suite : profile.suites)
    kept += (kept.empty() ? "" : ", ") + SuiteLabel(suite);
  return "profile suites reduced to ones the client lacks: " + kept;
}

SuiteRunner::SuiteRunner(Adapter adapter, RunOptions options)
    : adapter_(std::move(adapter)), options_(std::move(options)) {}

Variables SuiteRunner::BaseVariables() const {
  const char* exim = std::getenv("SCHANNEL_EMU_EXIM_DIR");
  Variables variables{
      {"source_dir", options_.source_dir.string()},
      {"conformance_dir", (options_.source_dir / "conformance").string()},
      {"fixtures_dir", (options_.source_dir / "fixtures").string()},
      {"adapter_dir", adapter_.file.empty()
                          ? (options_.source_dir / "conformance" / "adapters").string()
                          : adapter_.file.parent_path().string()},
      {"exim_dir", exim != nullptr ? exim : "/opt/schannel-emu/exim4"},
      {"user", CurrentUser()},
      {"from", options_.mail_from},
      {"to", options_.rcpt_to},
      {"host", "127.0.0.1"},
  };
  return variables;
}

std::string SuiteRunner::SkipReason() const {
  const std::string missing = MissingProgram(adapter_, BaseVariables());
  if (missing.empty()) return "";
  return missing + " is not installed (ci/install-mtas.sh installs the clients the suite knows)";
}

void SuiteRunner::Learn(const std::vector<ObservedEvent>& events) {
  if (learned_hello_) return;
  for (const ObservedEvent& event : events) {
    if (event.name == "hello") {
      learned_hello_ = event.fields;
      return;
    }
  }
}

Expected<std::string, std::string> SuiteRunner::Shape(const Scenario& scenario, Profile& profile) {
  if (scenario.window_fit == WindowFit::kNone && !scenario.suites_client_lacks)
    return std::string();

  if (!learned_hello_) {
    // A probe: one plain delivery against the unshaped profile, only to read the hello.
    const std::string message = WireForm(ReadFileText(scenario.message_file));
    Exchange probe = RunExchange(profile, scenario.name + "-probe", message, StoreFaults{});
    if (!probe.error.empty()) return Unexpected{"probe: " + probe.error};
    Learn(probe.events);
    if (!learned_hello_) {
      return Unexpected{std::string("the client sent no ClientHello in a probe connection")};
    }
  }
  if (scenario.suites_client_lacks) return DropOfferedSuites(*learned_hello_, profile);
  return ShapeWindow(*learned_hello_, scenario.window_fit == WindowFit::kOnePast, profile);
}

SuiteRunner::Exchange SuiteRunner::RunExchange(const Profile& profile, const std::string& label,
                                               const std::string& wire_message,
                                               const StoreFaults& faults) {
  Exchange exchange;
  ++exchange_count_;
  const std::filesystem::path workdir = options_.work_root / (adapter_.name + "-" + label);
  std::error_code error;
  std::filesystem::remove_all(workdir, error);
  std::filesystem::create_directories(workdir, error);
  if (error) {
    exchange.error = "cannot create " + workdir.string() + ": " + error.message();
    return exchange;
  }

  if (!credentials_) {
    auto loaded = LoadSuiteCredentials(profile);
    if (!loaded) {
      exchange.error = loaded.error();
      return exchange;
    }
    credentials_ = std::move(*loaded);
  }
  auto host = EmulatorHost::Start(profile, *credentials_, workdir / "spool", faults);
  if (!host) {
    exchange.error = host.error();
    return exchange;
  }

  const std::filesystem::path message_path = workdir / "message.eml";
  {
    std::string text = wire_message;
    if (adapter_.message_line_endings == "lf") {
      std::string lf;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) lf += text[i];
      }
      text = std::move(lf);
    }
    if (!adapter_.message_trailing_newline) {
      if (text.ends_with("\r\n")) {
        text.resize(text.size() - 2);
      } else if (text.ends_with("\n")) {
        text.resize(text.size() - 1);
      }
    }
    std::ofstream out(message_path, std::ios::binary);
    out << text;
  }

  Variables variables = BaseVariables();
  variables["port"] = std::to_string((*host)->port());
  variables["message"] = message_path.string();
  variables["workdir"] = workdir.string();
  // A per-run number so that parallel or leftover MTA instances never share names.
  variables["instance"] = std::to_string(::getpid()) + "-" + std::to_string(exchange_count_);

  for (const auto& [name, lines] : adapter_.files) {
    std::ofstream out(workdir / name, std::ios::binary);
    for (const std::string& line : lines) out << ExpandTemplate(line, variables) << "\n";
  }

  const std::filesystem::path client_log = workdir / "client.log";
  auto teardown = [&] {
    for (const std::string& command : adapter_.teardown) {
      RunCommand(ExpandTemplate(command, variables), workdir, workdir / "teardown.log",
                 kTeardownTimeout);
    }
  };

  for (const std::string& command : adapter_.setup) {
    const auto result = RunCommand(ExpandTemplate(command, variables), workdir,
                                   workdir / "setup.log", kSetupTimeout);
    if (result.exit_code != 0) {
      exchange.error =
          "setup command failed (" +
          (result.timed_out ? std::string("timed out")
                            : "exit " + std::to_string(result.exit_code.value_or(-1))) +
          "): " + Tail(ReadFileText(workdir / "setup.log"), 600);
      teardown();
      (*host)->Stop();
      return exchange;
    }
  }

  const auto start = Clock::now();
  const auto deadline = start + options_.timeout;
  auto client = ShellProcess::Start(ExpandTemplate(adapter_.send, variables), workdir, client_log);
  if (!client) {
    exchange.error = client.error();
    teardown();
    (*host)->Stop();
    return exchange;
  }

  auto next_flush = start + milliseconds(static_cast<long>(adapter_.flush_interval_seconds * 1000));
  while (Clock::now() < deadline) {
    const bool exited = client->Poll();
    if (adapter_.kind != ClientKind::kMta) {
      if (exited) break;
    } else if (DeliveredTo((*host)->Messages(), options_.rcpt_to)) {
      break;
    } else if (exited && Clock::now() >= next_flush) {
      // Ask the MTA for a queue run now instead of waiting for its own timer, so a retry
      // (in clear or not) happens within the scenario's bound.
      if (!adapter_.flush.empty()) {
        RunCommand(ExpandTemplate(adapter_.flush, variables), workdir, workdir / "flush.log",
                   kSetupTimeout);
      }
      next_flush =
          Clock::now() + milliseconds(static_cast<long>(adapter_.flush_interval_seconds * 1000));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
  if (!client->Poll()) {
    client->Kill();
    exchange.client_timed_out = true;
  }
  exchange.client_exit = client->exit_code();
  std::this_thread::sleep_for(kSettle);

  if (!adapter_.queued.empty() && !DeliveredTo((*host)->Messages(), options_.rcpt_to)) {
    const std::filesystem::path queue_log = workdir / "queued.log";
    const auto result = RunCommand(ExpandTemplate(adapter_.queued, variables), workdir, queue_log,
                                   kTeardownTimeout);
    exchange.still_queued = result.exit_code == 0 && !ReadFileText(queue_log).empty();
  }
  teardown();

  (*host)->Stop();
  exchange.events = (*host)->Events();
  exchange.messages = (*host)->Messages();
  exchange.client_output = Tail(ReadFileText(client_log), 2000);
  {
    // Kept with the work folder (--keep) for whoever has to find out what happened.
    std::ofstream events(workdir / "events.jsonl");
    for (const ObservedEvent& event : exchange.events) events << event.fields.dump() << "\n";
  }
  return exchange;
}

ScenarioResult SuiteRunner::Run(const Scenario& scenario) {
  const auto start = Clock::now();
  ScenarioResult result;
  result.scenario = scenario.name;
  result.title = scenario.title;
  result.expect = scenario.expect;
  auto finish = [&](Outcome outcome, std::string detail) {
    result.outcome = outcome;
    result.detail = std::move(detail);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.meets_expectation = outcome == Outcome::kNotApplicable || outcome == Outcome::kSkipped ||
                               Satisfies(outcome, scenario.expect);
    return result;
  };

  if (!scenario.skip_reason.empty()) return finish(Outcome::kSkipped, scenario.skip_reason);
  for (const std::string& capability : scenario.requires_capabilities) {
    if (!HasCapability(adapter_, capability)) {
      return finish(Outcome::kNotApplicable, "the client cannot " + capability);
    }
  }

  auto profile = ProfileFromJson(scenario.profile);
  if (!profile) return finish(Outcome::kError, "profile: " + profile.error());
  auto note = Shape(scenario, *profile);
  if (!note) {
    return finish(note.error().starts_with("probe:") ? Outcome::kError : Outcome::kNotApplicable,
                  note.error());
  }
  result.setup_note = *note;

  const std::string message = WireForm(ReadFileText(scenario.message_file));
  if (message.empty()) {
    return finish(Outcome::kError, "cannot read the message " + scenario.message_file.string());
  }
  Exchange exchange = RunExchange(*profile, scenario.name, message, scenario.faults);
  if (!exchange.error.empty()) return finish(Outcome::kError, exchange.error);
  Learn(exchange.events);

  JudgeInput input;
  input.kind = adapter_.kind;
  input.events = std::move(exchange.events);
  input.messages = std::move(exchange.messages);
  input.expected_message = message;
  input.rcpt_to = options_.rcpt_to;
  input.still_queued = exchange.still_queued;
  input.client_exit = exchange.client_exit;
  input.client_timed_out = exchange.client_timed_out;
  input.client_uses_chunking =
      scenario.transfer_if_chunking == "bdat" && HasCapability(adapter_, "chunking");
  result.judgement = Judge(input);
  if (result.judgement.outcome != Outcome::kPass &&
      result.judgement.outcome != Outcome::kPassHandshake) {
    result.client_output = exchange.client_output;
  }
  return finish(result.judgement.outcome, result.judgement.detail);
}

}  // namespace schannel_emu::conform
