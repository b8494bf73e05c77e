#include "emulator/check/suite_list_input.h"

#include <cctype>
#include <optional>
#include <vector>

#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

bool IsTokenSeparator(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0 || c == ',' || c == ';';
}

// Tokens splits the text at separators, dropping '#' comments to the end of a line.
std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (IsTokenSeparator(text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && !IsTokenSeparator(text[i]) && text[i] != '#') ++i;
    tokens.push_back(text.substr(start, i - start));
  }
  return tokens;
}

std::optional<std::uint16_t> ParseCode(std::string_view token) {
  if (token.size() == 6 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X')) {
    token.remove_prefix(2);
  }
  if (token.size() != 4) return std::nullopt;
  unsigned value = 0;
  for (char c : token) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isxdigit(u) == 0) return std::nullopt;
    const unsigned digit = std::isdigit(u) != 0 ? static_cast<unsigned>(c - '0')
                                                : static_cast<unsigned>(std::tolower(u) - 'a' + 10);
    value = value * 16 + digit;
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

bool LooksLikeSuiteList(std::string_view text) {
  const auto tokens = Tokens(text);
  if (tokens.empty()) return false;
  for (std::string_view token : tokens) {
    if (!ParseCode(token)) return false;
  }
  return true;
}

Expected<CheckInput, std::string> ReadSuiteList(std::string_view text) {
  std::vector<std::uint16_t> suites;
  for (std::string_view token : Tokens(text)) {
    auto code = ParseCode(token);
    if (!code) {
      return Unexpected{"the suite list has '" + std::string(token) +
                        "', which is not a 4-digit hex suite code like c030 or 0x0035"};
    }
    suites.push_back(*code);
  }
  if (suites.empty()) {
    return Unexpected{std::string("the suite list is empty: give codes like 'c030 c02c 0035'")};
  }
  CheckInput input;
  input.format = "suite-list";
  input.hello = HelloFromSuites(suites, kTls12);
  input.notes.push_back(
      "a suite list says nothing about versions or extensions; judged as a TLS 1.2 hello in a "
      "TLS 1.0 record with no extensions (assumed)");
  return input;
}

}  // namespace schannel_emu
