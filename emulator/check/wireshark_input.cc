#include "emulator/check/wireshark_input.h"

#include <cctype>
#include <optional>
#include <vector>

#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

constexpr std::string_view kSuiteItem = "Cipher Suite: ";
constexpr std::string_view kVersionItem = "Version: ";

// ParenthesisedCode reads "(0xXXXX)" at `at`; nullopt when the text is anything else.
std::optional<std::uint16_t> ParenthesisedCode(std::string_view text, std::size_t at) {
  if (at + 8 > text.size() || text.substr(at, 3) != "(0x" || text[at + 7] != ')') {
    return std::nullopt;
  }
  unsigned value = 0;
  for (std::size_t i = at + 3; i < at + 7; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isxdigit(c) == 0) return std::nullopt;
    value = value * 16 +
            static_cast<unsigned>(std::isdigit(c) != 0 ? c - '0' : std::tolower(c) - 'a' + 10);
  }
  return static_cast<std::uint16_t>(value);
}

// ItemCode finds the "(0xXXXX)" that ends the item starting at `start`: the first
// one before the next line break or the next item of the same kind. Names such
// as "Reserved (GREASE)" hold parentheses of their own, so the code is the first
// parenthesis that parses as one.
std::optional<std::uint16_t> ItemCode(std::string_view text, std::size_t start,
                                      std::string_view item) {
  std::size_t end = text.find('\n', start);
  const std::size_t next_item = text.find(item, start);
  if (next_item != std::string_view::npos && (end == std::string_view::npos || next_item < end)) {
    end = next_item;
  }
  if (end == std::string_view::npos) end = text.size();
  for (std::size_t at = text.find("(0x", start); at != std::string_view::npos && at < end;
       at = text.find("(0x", at + 1)) {
    if (auto code = ParenthesisedCode(text, at)) return code;
  }
  return std::nullopt;
}

// DeclaredSuiteCount reads N from "Cipher Suites (N suites)" when present.
std::optional<std::size_t> DeclaredSuiteCount(std::string_view text) {
  constexpr std::string_view kHeader = "Cipher Suites (";
  const std::size_t at = text.find(kHeader);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t i = at + kHeader.size();
  std::size_t count = 0;
  bool any = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
    count = count * 10 + static_cast<std::size_t>(text[i] - '0');
    any = true;
    ++i;
  }
  return any ? std::optional<std::size_t>(count) : std::nullopt;
}

}  // namespace

bool LooksLikeWiresharkText(std::string_view text) {
  for (std::size_t at = text.find(kSuiteItem); at != std::string_view::npos;
       at = text.find(kSuiteItem, at + 1)) {
    if (ItemCode(text, at + kSuiteItem.size(), kSuiteItem)) return true;
  }
  return false;
}

Expected<CheckInput, std::string> ReadWiresharkText(std::string_view text) {
  // Only the Client Hello's part counts: a pasted capture may go on to a Server Hello.
  std::size_t begin = text.find("Handshake Type: Client Hello");
  std::size_t end = text.size();
  if (begin != std::string_view::npos) {
    const std::size_t next = text.find("Handshake Type: ", begin + 1);
    if (next != std::string_view::npos) end = next;
  }
  if (begin == std::string_view::npos) begin = 0;
  const std::string_view hello_text = text.substr(0, end);

  CheckInput input;
  input.format = "wireshark";
  std::vector<std::uint16_t> suites;
  for (std::size_t at = hello_text.find(kSuiteItem, begin); at != std::string_view::npos;
       at = hello_text.find(kSuiteItem, at + 1)) {
    if (auto code = ItemCode(hello_text, at + kSuiteItem.size(), kSuiteItem)) {
      suites.push_back(*code);
    }
  }
  if (suites.empty()) {
    return Unexpected{std::string(
        "the text has no 'Cipher Suite: NAME (0xXXXX)' lines: copy the Client Hello's packet "
        "details from Wireshark with the Cipher Suites list expanded")};
  }
  if (auto declared = DeclaredSuiteCount(hello_text); declared && *declared != suites.size()) {
    return Unexpected{"the dissection says 'Cipher Suites (" + std::to_string(*declared) +
                      " suites)' but lists " + std::to_string(suites.size()) +
                      ": the copy is incomplete; expand the whole list before copying"};
  }

  // The record layer's "Version:" comes before the handshake header, the client
  // version is the first one after it. "Handshake Protocol: Client Hello" also
  // appears in the record's title line, so the last occurrence marks the header.
  std::optional<std::uint16_t> record_version;
  std::optional<std::uint16_t> client_version;
  std::size_t split = text.find("Handshake Type: Client Hello");
  if (split == std::string_view::npos) split = hello_text.rfind("Handshake Protocol: Client Hello");
  const bool has_split = split != std::string_view::npos;
  for (std::size_t at = hello_text.find(kVersionItem); at != std::string_view::npos;
       at = hello_text.find(kVersionItem, at + 1)) {
    auto code = ItemCode(hello_text, at + kVersionItem.size(), kVersionItem);
    if (!code) continue;
    if (has_split && at < split) {
      record_version = code;
    } else {
      client_version = code;
      break;
    }
  }

  input.hello = HelloFromSuites(suites, client_version.value_or(kTls12));
  if (record_version) input.hello.record_version = *record_version;
  if (!client_version) {
    input.notes.push_back(
        "the dissection shows no client version inside the Handshake Protocol; assumed TLS 1.2");
  }
  input.notes.push_back(
      "a dissection lists the suites but not the exact bytes; judged as a hello without "
      "extensions, so only size-based intolerances can differ from the real one");
  return input;
}

}  // namespace schannel_emu
