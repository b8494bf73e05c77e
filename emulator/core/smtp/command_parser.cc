#include "emulator/core/smtp/command_parser.h"

#include <limits>

namespace schannel_emu {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// AddressIsClean rejects what no mailbox contains and what would confuse a log line.
bool AddressIsClean(std::string_view address) {
  for (const char c : address) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || c == '<' || c == '>') return false;
  }
  return true;
}

}  // namespace

std::string ToUpperAscii(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

CommandLine SplitCommand(std::string_view line) {
  line = TrimSpaces(line);
  std::size_t verb_end = 0;
  while (verb_end < line.size() && !IsSpace(line[verb_end])) ++verb_end;
  return CommandLine{ToUpperAscii(line.substr(0, verb_end)),
                     std::string(TrimSpaces(line.substr(verb_end)))};
}

std::optional<std::uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<PathArgument> ParsePathArgument(std::string_view argument, std::string_view keyword) {
  argument = TrimSpaces(argument);
  if (argument.size() <= keyword.size() ||
      ToUpperAscii(argument.substr(0, keyword.size())) != keyword ||
      argument[keyword.size()] != ':') {
    return std::nullopt;
  }
  std::string_view rest = TrimSpaces(argument.substr(keyword.size() + 1));

  PathArgument parsed;
  if (!rest.empty() && rest.front() == '<') {
    const std::size_t close = rest.find('>');
    if (close == std::string_view::npos) return std::nullopt;
    parsed.address = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (!rest.empty() && !IsSpace(rest.front())) return std::nullopt;
  } else {
    std::size_t end = 0;
    while (end < rest.size() && !IsSpace(rest[end])) ++end;
    if (end == 0) return std::nullopt;
    parsed.address = std::string(rest.substr(0, end));
    rest = rest.substr(end);
  }
  if (!AddressIsClean(parsed.address)) return std::nullopt;

  rest = TrimSpaces(rest);
  while (!rest.empty()) {
    std::size_t end = 0;
    while (end < rest.size() && !IsSpace(rest[end])) ++end;
    const std::string_view token = rest.substr(0, end);
    const std::size_t equals = token.find('=');
    const std::string_view key = token.substr(0, equals);
    if (key.empty()) return std::nullopt;
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : token.substr(equals + 1);
    parsed.parameters.emplace_back(ToUpperAscii(key), std::string(value));
    rest = TrimSpaces(rest.substr(end));
  }
  return parsed;
}

std::optional<BdatArgument> ParseBdatArgument(std::string_view argument) {
  argument = TrimSpaces(argument);
  std::size_t end = 0;
  while (end < argument.size() && !IsSpace(argument[end])) ++end;
  const auto size = ParseDecimal(argument.substr(0, end));
  if (!size) return std::nullopt;

  const std::string_view rest = TrimSpaces(argument.substr(end));
  if (rest.empty()) return BdatArgument{*size, false};
  if (ToUpperAscii(rest) == "LAST") return BdatArgument{*size, true};
  return std::nullopt;
}

}  // namespace schannel_emu
