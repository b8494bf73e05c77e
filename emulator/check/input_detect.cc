#include "emulator/check/input_detect.h"

#include "emulator/check/hex_input.h"
#include "emulator/check/pcap_input.h"
#include "emulator/check/suite_list_input.h"
#include "emulator/check/wireshark_input.h"

namespace schannel_emu {
namespace {

Expected<InputSet, std::string> One(Expected<CheckInput, std::string> input) {
  if (!input) return Unexpected{input.error()};
  InputSet set;
  set.hellos.push_back(std::move(input.value()));
  return set;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::optional<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "wireshark") return InputFormat::kWireshark;
  if (name == "hex") return InputFormat::kHex;
  if (name == "suites") return InputFormat::kSuites;
  if (name == "pcap" || name == "pcapng") return InputFormat::kPcap;
  return std::nullopt;
}

Expected<InputSet, std::string> ReadCheckInput(const Bytes& content, InputFormat format) {
  if (format == InputFormat::kPcap || (format == InputFormat::kAuto && LooksLikePcap(content))) {
    auto scan = ReadPcap(content);
    if (!scan) return Unexpected{scan.error()};
    InputSet set;
    set.hellos = std::move(scan.value().hellos);
    set.warnings = std::move(scan.value().warnings);
    return set;
  }

  const std::string_view text = AsText(content);
  if (IsBlank(text)) {
    return Unexpected{
        std::string("the input is empty: give a file (capture, Wireshark text, hex, suite list) or "
                    "--openssl CIPHERS")};
  }
  switch (format) {
    case InputFormat::kWireshark:
      return One(ReadWiresharkText(text));
    case InputFormat::kHex:
      return One(ReadHexHello(text));
    case InputFormat::kSuites:
      return One(ReadSuiteList(text));
    case InputFormat::kPcap:
    case InputFormat::kAuto:
      break;
  }

  if (LooksLikeWiresharkText(text)) return One(ReadWiresharkText(text));
  if (LooksLikeSuiteList(text)) {
    // "1603 0100 ..." grouped by four is still a record; prefer it when it reads.
    auto as_hex = ReadHexHello(text);
    if (as_hex && as_hex.value().format == "hex-record") return One(std::move(as_hex));
    return One(ReadSuiteList(text));
  }
  if (text.find("Cipher Suite") != std::string_view::npos) return One(ReadWiresharkText(text));
  auto as_hex = ReadHexHello(text);
  if (!as_hex) {
    return Unexpected{
        "the input is not a capture, not a Wireshark dissection with 'Cipher Suite: NAME "
        "(0xXXXX)' lines, not a suite list, and not hex: " +
        as_hex.error()};
  }
  return One(std::move(as_hex));
}

}  // namespace schannel_emu
