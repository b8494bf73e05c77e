#include "emulator/check/smtp_tls_start.h"

#include <cctype>
#include <string_view>

#include "emulator/core/hello/client_hello.h"

namespace schannel_emu {
namespace {

std::string Upper(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

// CountReplies counts reply lines starting with `code` followed by a space (the
// last line of a reply; "220-" continuation lines belong to the same reply).
std::size_t CountReplies(std::string_view server, std::string_view code) {
  std::size_t count = 0;
  std::size_t line_start = 0;
  while (line_start < server.size()) {
    std::size_t line_end = server.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = server.size();
    const std::string_view line = server.substr(line_start, line_end - line_start);
    if (line.size() >= 4 && line.substr(0, 3) == code && line[3] == ' ') ++count;
    line_start = line_end + 1;
  }
  return count;
}

}  // namespace

std::optional<TlsStart> FindClientTlsStart(const Bytes& client, const Bytes& server) {
  if ((client.size() >= 3 && client[0] == 0x16 && client[1] == 0x03) ||
      (client.size() >= 3 && LooksLikeSsl2Hello(client))) {
    return TlsStart{0, false, ""};
  }

  const std::string_view server_text = AsText(server);
  if (server_text.substr(0, 3) != "220") return std::nullopt;

  // Walk the client's command lines; the TLS records follow the STARTTLS line.
  const std::string_view client_text = AsText(client);
  bool greeted = false;
  std::size_t line_start = 0;
  while (line_start < client_text.size()) {
    const std::size_t newline = client_text.find('\n', line_start);
    if (newline == std::string_view::npos) break;
    std::string_view line = client_text.substr(line_start, newline - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string command = Upper(line);
    if (command.rfind("EHLO", 0) == 0 || command.rfind("HELO", 0) == 0) greeted = true;
    if (command == "STARTTLS") {
      TlsStart start{newline + 1, true, ""};
      if (!greeted) start.note = "the client sent STARTTLS without EHLO/HELO first";
      if (CountReplies(server_text, "220") < 2) {
        start.note = "the server's 220 answer to STARTTLS is not in the capture";
      }
      return start;
    }
    line_start = newline + 1;
  }
  return std::nullopt;
}

}  // namespace schannel_emu
