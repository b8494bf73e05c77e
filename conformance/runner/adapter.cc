#include "conformance/runner/adapter.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace schannel_emu::conform {
namespace {

// StringList accepts a string or a list of strings.
Expected<std::vector<std::string>, std::string> StringList(const nlohmann::json& json,
                                                           const std::string& key) {
  std::vector<std::string> list;
  const auto found = json.find(key);
  if (found == json.end()) return list;
  if (found->is_string()) {
    list.push_back(found->get<std::string>());
    return list;
  }
  if (!found->is_array()) return Unexpected{"\"" + key + "\" must be a string or a list"};
  for (const auto& item : *found) {
    if (!item.is_string()) return Unexpected{"\"" + key + "\" must list strings"};
    list.push_back(item.get<std::string>());
  }
  return list;
}

std::string String(const nlohmann::json& json, const std::string& key) {
  const auto found = json.find(key);
  return found != json.end() && found->is_string() ? found->get<std::string>() : std::string();
}

bool IsExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

}  // namespace

Expected<Adapter, std::string> ParseAdapter(const nlohmann::json& json) {
  if (!json.is_object()) return Unexpected{std::string("must be a JSON object")};
  Adapter adapter;
  adapter.name = String(json, "name");
  if (adapter.name.empty()) return Unexpected{std::string("needs \"name\"")};
  adapter.description = String(json, "description");

  const std::string kind = String(json, "kind");
  if (kind == "mta") {
    adapter.kind = ClientKind::kMta;
  } else if (kind == "hello-only") {
    adapter.kind = ClientKind::kHelloOnly;
  } else if (kind == "client" || kind.empty()) {
    adapter.kind = ClientKind::kClient;
  } else {
    return Unexpected{"\"kind\" is \"" + kind + "\"; use \"client\", \"mta\" or \"hello-only\""};
  }

  adapter.send = String(json, "send");
  if (adapter.send.empty()) return Unexpected{std::string("needs \"send\": the client command")};

  for (const auto& [key, target] :
       {std::pair<std::string, std::vector<std::string>*>{"requires", &adapter.requires_programs},
        {"capabilities", &adapter.capabilities},
        {"setup", &adapter.setup},
        {"teardown", &adapter.teardown}}) {
    auto list = StringList(json, key);
    if (!list) return Unexpected{list.error()};
    *target = std::move(*list);
  }

  if (const auto files = json.find("files"); files != json.end()) {
    if (!files->is_object()) return Unexpected{std::string("\"files\" must map names to lines")};
    for (const auto& [file_name, lines] : files->items()) {
      if (file_name.find('/') != std::string::npos || file_name.starts_with(".")) {
        return Unexpected{"\"files\": \"" + file_name + "\" must be a plain file name"};
      }
      auto list = StringList(*files, file_name);
      if (!list) return Unexpected{"\"files\"." + list.error()};
      adapter.files[file_name] = std::move(*list);
    }
  }

  adapter.message_line_endings = String(json, "message_line_endings");
  if (adapter.message_line_endings.empty()) adapter.message_line_endings = "crlf";
  if (adapter.message_line_endings != "crlf" && adapter.message_line_endings != "lf") {
    return Unexpected{std::string("\"message_line_endings\" must be \"crlf\" or \"lf\"")};
  }
  adapter.message_trailing_newline = json.value("message_trailing_newline", true);
  adapter.flush = String(json, "flush");
  adapter.flush_interval_seconds = json.value("flush_interval", 1.0);
  if (adapter.flush_interval_seconds < 0.1) {
    return Unexpected{std::string("\"flush_interval\" must be at least 0.1 seconds")};
  }
  adapter.queued = String(json, "queued");
  adapter.version = String(json, "version");
  adapter.tls_library = String(json, "tls_library");
  return adapter;
}

Expected<Adapter, std::string> LoadAdapterFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Unexpected{"cannot read the adapter file " + path.string()};
  const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Unexpected{path.string() + ": not valid JSON"};
  auto adapter = ParseAdapter(json);
  if (!adapter) return Unexpected{path.string() + ": " + adapter.error()};
  adapter->file = path;
  return adapter;
}

Adapter AdapterForCommand(const std::string& command) {
  Adapter adapter;
  adapter.name = "client";
  adapter.description = "--client " + command;
  adapter.kind = ClientKind::kClient;
  adapter.send = command;
  return adapter;
}

std::string ExpandTemplate(const std::string& text, const Variables& variables) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t open = text.find('{', at);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('}', open + 1);
    if (close == std::string::npos) break;
    const std::string name = text.substr(open + 1, close - open - 1);
    const auto found = variables.find(name);
    if (found == variables.end()) {
      // Not ours: keep the brace and go on scanning after it, so "${x}" and "{a{b}" work.
      out.append(text, at, open + 1 - at);
      at = open + 1;
      continue;
    }
    out.append(text, at, open - at);
    out += found->second;
    at = close + 1;
  }
  out.append(text, at, std::string::npos);
  return out;
}

std::string FindProgram(const std::string& program) {
  if (program.empty()) return "";
  if (program.find('/') != std::string::npos) return IsExecutable(program) ? program : "";
  const char* path = std::getenv("PATH");
  // Daemons live in sbin, which a non-login PATH often lacks.
  std::string search =
      std::string(path != nullptr ? path : "/usr/bin:/bin") + ":/usr/local/sbin:/usr/sbin:/sbin";
  std::stringstream folders(search);
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    if (folder.empty()) continue;
    const std::string candidate = folder + "/" + program;
    if (IsExecutable(candidate)) return candidate;
  }
  return "";
}

std::string MissingProgram(const Adapter& adapter, const Variables& variables) {
  for (const std::string& program : adapter.requires_programs) {
    const std::string expanded = ExpandTemplate(program, variables);
    if (FindProgram(expanded).empty()) return expanded;
  }
  return "";
}

bool HasCapability(const Adapter& adapter, const std::string& capability) {
  return std::find(adapter.capabilities.begin(), adapter.capabilities.end(), capability) !=
         adapter.capabilities.end();
}

}  // namespace schannel_emu::conform
