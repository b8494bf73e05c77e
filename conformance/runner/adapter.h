// Adapter: how to drive one SMTP client or MTA, as data (conformance/adapters/<name>.json), so
// a project can add its own client without recompiling the suite.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emulator/core/base/expected.h"

namespace schannel_emu::conform {

enum class ClientKind {
  kClient,     // sends once and exits; what happens is over when the command returns
  kMta,        // queues the message and delivers it on its own; the suite waits and flushes
  kHelloOnly,  // sends a ClientHello and stops: judged on the handshake step only
};

struct Adapter {
  std::string name;
  std::string description;
  ClientKind kind = ClientKind::kClient;
  std::filesystem::path file;  // where it was read from ("" for --client)

  // Programs that must be found (on PATH, or as a path after template expansion) for the
  // adapter to run at all; the first one missing becomes the skip reason.
  std::vector<std::string> requires_programs;
  std::vector<std::string> capabilities;      // "retry_in_clear", "chunking", "sslv2_hello", ...
  std::string message_line_endings = "crlf";  // how the client wants its message file
  // False for clients that end the data with a line break of their own (swaks): their file
  // lacks the message's last line ending, which they put back.
  bool message_trailing_newline = true;

  std::map<std::string, std::vector<std::string>> files;  // name in {workdir} -> lines
  std::vector<std::string> setup;                         // run in order, each must exit 0
  std::string send;                                       // the client itself
  std::string flush;  // MTAs: asks for a queue run now (run every flush_interval)
  double flush_interval_seconds = 1.0;
  std::string queued;  // MTAs: exits 0 and prints something when mail is still queued
  std::vector<std::string> teardown;  // always run, errors ignored
  std::string version;                // prints the client's version (first line used)
  std::string tls_library;            // prints the TLS stack and its version
};

// ParseAdapter reads an adapter document; errors name the key.
Expected<Adapter, std::string> ParseAdapter(const nlohmann::json& json);

// LoadAdapterFile reads ParseAdapter's input from a file; errors name the file.
Expected<Adapter, std::string> LoadAdapterFile(const std::filesystem::path& path);

// AdapterForCommand makes the ad-hoc adapter behind --client 'COMMAND'.
Adapter AdapterForCommand(const std::string& command);

using Variables = std::map<std::string, std::string>;

// ExpandTemplate replaces every {name} whose name is in `variables`; other braces (shell
// ${VAR}, awk blocks) are left as they are, so templates need no escaping.
std::string ExpandTemplate(const std::string& text, const Variables& variables);

// FindProgram returns the path `program` runs as (itself when it contains a '/' and is
// executable, else the first match on PATH), or "" when there is none.
std::string FindProgram(const std::string& program);

// MissingProgram names the first required program that cannot be found, or "" when all are.
std::string MissingProgram(const Adapter& adapter, const Variables& variables);

bool HasCapability(const Adapter& adapter, const std::string& capability);

}  // namespace schannel_emu::conform
