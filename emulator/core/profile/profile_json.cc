#include "emulator/core/profile/profile_json.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/profile/extension_names.h"

namespace schannel_emu {
namespace {

// A profile file is configuration, not network input, but it is still read
// without exceptions escaping: every problem becomes one message for the user.
using Error = std::optional<std::string>;

// Profile files larger than this are certainly not profiles; refusing them keeps a
// mistaken path (a capture, a log) from being read into memory whole.
constexpr std::size_t kMaxProfileFileBytes = 1 << 20;

constexpr const char* kKnownKeys[] = {"base",
                                      "name",
                                      "description",
                                      "suites",
                                      "min_version",
                                      "max_version",
                                      "accept_ssl2_hello",
                                      "window",
                                      "failure",
                                      "secure_renegotiation",
                                      "accept_fragmented_handshake",
                                      "session_resumption",
                                      "session_cache_seconds",
                                      "session_cache_entries",
                                      "max_client_hello_bytes",
                                      "certificate_key_bits",
                                      "certificate_hash",
                                      "intolerances",
                                      "smtp"};
constexpr const char* kWindowKeys[] = {"size", "count_signalling", "count_unknown"};
constexpr const char* kIntoleranceKeys[] = {"hang_on_256_to_511_byte_hello", "max_offered_suites",
                                            "version_intolerant", "extension_intolerant",
                                            "known_extensions"};
constexpr const char* kCertificateHashes[] = {"sha1", "sha256", "sha384", "sha512"};
constexpr unsigned kMinKeyBits = 512;
constexpr unsigned kMaxKeyBits = 8192;

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

template <std::size_t N>
std::string JoinKeys(const char* const (&keys)[N]) {
  std::string text;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) text += ", ";
    text += keys[i];
  }
  return text;
}

// CheckKeys rejects keys a reader would silently ignore; a misspelt knob must not
// leave the default in place unnoticed.
template <std::size_t N>
Error CheckKeys(const nlohmann::json& object, const std::string& prefix,
                const char* const (&known)[N]) {
  for (const auto& item : object.items()) {
    const bool found = std::any_of(std::begin(known), std::end(known),
                                   [&](const char* key) { return item.key() == key; });
    if (!found) {
      return prefix + item.key() + ": unknown key; allowed keys are " + JoinKeys(known);
    }
  }
  return std::nullopt;
}

Error ReadBool(const nlohmann::json& object, const std::string& prefix, const char* key,
               bool& out) {
  const auto found = object.find(key);
  if (found == object.end()) return std::nullopt;
  if (!found->is_boolean()) return prefix + key + ": expected true or false";
  out = found->get<bool>();
  return std::nullopt;
}

// ReadUnsigned accepts a whole number in [min, max]; negative numbers and
// fractions are refused rather than wrapped or truncated.
template <typename T>
Error ReadUnsigned(const nlohmann::json& object, const std::string& prefix, const char* key, T min,
                   T max, T& out) {
  const auto found = object.find(key);
  if (found == object.end()) return std::nullopt;
  const std::string range =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!found->is_number_unsigned()) return prefix + key + ": expected " + range;
  const auto value = found->get<std::uint64_t>();
  if (value < min || value > max) return prefix + key + ": expected " + range;
  out = static_cast<T>(value);
  return std::nullopt;
}

// ReadOptionalSize accepts null (no limit) or a whole number of at least `min`.
Error ReadOptionalSize(const nlohmann::json& object, const std::string& prefix, const char* key,
                       std::size_t min, std::optional<std::size_t>& out) {
  const auto found = object.find(key);
  if (found == object.end()) return std::nullopt;
  if (found->is_null()) {
    out.reset();
    return std::nullopt;
  }
  std::size_t value = 0;
  if (ReadUnsigned(object, prefix, key, min, std::numeric_limits<std::size_t>::max(), value)) {
    return prefix + key + ": expected null (no limit) or a whole number of at least " +
           std::to_string(min);
  }
  out = value;
  return std::nullopt;
}

Error ReadString(const nlohmann::json& object, const std::string& prefix, const char* key,
                 std::string& out) {
  const auto found = object.find(key);
  if (found == object.end()) return std::nullopt;
  if (!found->is_string()) return prefix + key + ": expected a string";
  out = found->get<std::string>();
  return std::nullopt;
}

// ParseHex16 reads "0x" followed by one to four hex digits.
std::optional<std::uint16_t> ParseHex16(std::string_view text) {
  if (text.size() < 3 || text.size() > 6 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::nullopt;
  }
  std::uint16_t value = 0;
  const char* begin = text.data() + 2;
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(begin, end, value, 16);
  if (status != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::string AllowedSuites() {
  std::string text;
  for (const CipherSuiteInfo& info : AllKnownCipherSuites()) {
    if (!text.empty()) text += ", ";
    text += SuiteCodeText(info.code) + " " + std::string(info.openssl_name);
  }
  return text;
}

// ParseSuite reads one entry of "suites": "0x0004 RC4-MD5", "0x0004", "RC4-MD5",
// "TLS_RSA_WITH_RC4_128_MD5" or the number 4. A code with a name must agree with it.
Expected<std::uint16_t, std::string> ParseSuite(const nlohmann::json& value,
                                                const std::string& where) {
  const std::string allowed = "; allowed suites are " + AllowedSuites();
  if (value.is_number_unsigned()) {
    const auto code = value.get<std::uint64_t>();
    if (code <= 0xffff && FindCipherSuite(static_cast<std::uint16_t>(code))) {
      return static_cast<std::uint16_t>(code);
    }
    return Unexpected{where + ": " + value.dump() + " is not a suite the emulator implements" +
                      allowed};
  }
  if (!value.is_string()) {
    return Unexpected{where + ": expected a string such as \"0x0004 RC4-MD5\"" + allowed};
  }

  const std::string text = value.get<std::string>();
  const auto space = text.find(' ');
  const std::string_view head = std::string_view(text).substr(0, space);
  const std::string_view tail =
      space == std::string::npos ? std::string_view() : std::string_view(text).substr(space + 1);

  std::optional<CipherSuiteInfo> info;
  if (const auto code = ParseHex16(head)) {
    info = FindCipherSuite(*code);
  } else if (tail.empty()) {
    for (const CipherSuiteInfo& known : AllKnownCipherSuites()) {
      if (known.openssl_name == head || known.iana_name == head) info = known;
    }
  }
  if (!info) {
    return Unexpected{where + ": " + Quoted(text) + " is not a suite the emulator implements" +
                      allowed};
  }
  if (!tail.empty() && tail != info->openssl_name && tail != info->iana_name) {
    return Unexpected{where + ": " + Quoted(text) + " names " + SuiteCodeText(info->code) +
                      " with the wrong name; " + SuiteCodeText(info->code) + " is " +
                      std::string(info->openssl_name)};
  }
  return info->code;
}

// ParseExtensionType reads "0x0000 server_name", "0x0000" or the number 0.
Expected<std::uint16_t, std::string> ParseExtensionType(const nlohmann::json& value,
                                                        const std::string& where) {
  const std::string expected =
      ": expected an extension type such as \"0x0000 server_name\", \"0xff01\" or 65281";
  if (value.is_number_unsigned()) {
    const auto type = value.get<std::uint64_t>();
    if (type > 0xffff) return Unexpected{where + expected};
    return static_cast<std::uint16_t>(type);
  }
  if (!value.is_string()) return Unexpected{where + expected};
  const std::string text = value.get<std::string>();
  const auto space = text.find(' ');
  const auto type = ParseHex16(std::string_view(text).substr(0, space));
  if (!type) return Unexpected{where + expected};
  if (space != std::string::npos) {
    const std::string_view name = std::string_view(text).substr(space + 1);
    if (name != ExtensionName(*type)) {
      return Unexpected{where + ": " + Quoted(text) + " does not match; " +
                        DescribeExtension(*type) +
                        " is the name the emulator knows (or give the code alone)"};
    }
  }
  return *type;
}

// ParseVersion reads "SSLv3" or "TLSv1.0" (also "0x0300", "0x0301"): the versions
// the emulated peer speaks. SSL 2.0 is refused because the emulator does not
// implement the SSL 2.0 protocol, only SSLv2-format hellos.
Expected<std::uint16_t, std::string> ParseVersion(const nlohmann::json& value,
                                                  const std::string& key) {
  const std::string allowed =
      ": expected \"SSLv3\" or \"TLSv1.0\" (Windows Server 2003 has nothing newer, and the SSL "
      "2.0 protocol itself is not emulated)";
  if (!value.is_string()) return Unexpected{key + allowed};
  const std::string text = value.get<std::string>();
  for (const std::uint16_t version : {kSsl3, kTls10}) {
    if (text == VersionName(version) || ParseHex16(text) == version) return version;
  }
  return Unexpected{key + ": " + Quoted(text) + " is not allowed" + allowed.substr(1)};
}

Error ReadWindow(const nlohmann::json& json, WindowRule& window) {
  if (!json.is_object()) {
    return std::string("window: expected an object with keys ") + JoinKeys(kWindowKeys);
  }
  if (Error error = CheckKeys(json, "window.", kWindowKeys)) return error;
  Error error;
  if ((error = ReadUnsigned<std::size_t>(json, "window.", "size", 0, 65535, window.size)) ||
      (error = ReadBool(json, "window.", "count_signalling", window.count_signalling)) ||
      (error = ReadBool(json, "window.", "count_unknown", window.count_unknown))) {
    return error;
  }
  return std::nullopt;
}

Error ReadIntolerances(const nlohmann::json& json, Intolerances& intolerances) {
  if (!json.is_object()) {
    return std::string("intolerances: expected an object with keys ") + JoinKeys(kIntoleranceKeys);
  }
  const std::string prefix = "intolerances.";
  if (Error error = CheckKeys(json, prefix, kIntoleranceKeys)) return error;
  Error error;
  if ((error = ReadBool(json, prefix, "hang_on_256_to_511_byte_hello",
                        intolerances.hang_on_256_to_511_byte_hello)) ||
      (error = ReadOptionalSize(json, prefix, "max_offered_suites", 1,
                                intolerances.max_offered_suites)) ||
      (error = ReadBool(json, prefix, "version_intolerant", intolerances.version_intolerant)) ||
      (error = ReadBool(json, prefix, "extension_intolerant", intolerances.extension_intolerant))) {
    return error;
  }

  if (const auto found = json.find("known_extensions"); found != json.end()) {
    if (!found->is_array()) {
      return prefix + "known_extensions: expected an array of extension types such as " +
             "[\"0x0000 server_name\", \"0xff01 renegotiation_info\"]";
    }
    std::vector<std::uint16_t> types;
    for (std::size_t i = 0; i < found->size(); ++i) {
      auto type =
          ParseExtensionType((*found)[i], prefix + "known_extensions[" + std::to_string(i) + "]");
      if (!type) return type.error();
      types.push_back(*type);
    }
    intolerances.known_extensions = std::move(types);
  }
  return std::nullopt;
}

Error ReadSuites(const nlohmann::json& json, std::vector<std::uint16_t>& suites) {
  if (!json.is_array() || json.empty()) {
    return std::string("suites: expected a non-empty array in the server's preference order, ") +
           "e.g. [\"0x0004 RC4-MD5\", \"0x0005 RC4-SHA\"]";
  }
  std::vector<std::uint16_t> parsed;
  for (std::size_t i = 0; i < json.size(); ++i) {
    auto code = ParseSuite(json[i], "suites[" + std::to_string(i) + "]");
    if (!code) return code.error();
    if (std::find(parsed.begin(), parsed.end(), *code) != parsed.end()) {
      return "suites[" + std::to_string(i) + "]: " + SuiteCodeText(*code) +
             " is listed twice; list each suite once, in the server's preference order";
    }
    parsed.push_back(*code);
  }
  suites = std::move(parsed);
  return std::nullopt;
}

// ReadProfile applies every present key of `json` to `profile`.
Error ReadProfile(const nlohmann::json& json, Profile& profile) {
  if (Error error = CheckKeys(json, "", kKnownKeys)) return error;

  Error error;
  if ((error = ReadString(json, "", "name", profile.name)) ||
      (error = ReadString(json, "", "description", profile.description)) ||
      (error = ReadBool(json, "", "accept_ssl2_hello", profile.accept_ssl2_hello)) ||
      (error = ReadBool(json, "", "secure_renegotiation", profile.secure_renegotiation)) ||
      (error = ReadBool(json, "", "accept_fragmented_handshake",
                        profile.accept_fragmented_handshake)) ||
      (error = ReadBool(json, "", "session_resumption", profile.session_resumption)) ||
      (error = ReadUnsigned<std::uint32_t>(json, "", "session_cache_seconds", 0, 86400 * 7,
                                           profile.session_cache_seconds)) ||
      (error = ReadUnsigned<std::size_t>(json, "", "session_cache_entries", 0, 1000000,
                                         profile.session_cache_entries)) ||
      (error = ReadOptionalSize(json, "", "max_client_hello_bytes", 1,
                                profile.max_client_hello_bytes)) ||
      (error = ReadUnsigned<unsigned>(json, "", "certificate_key_bits", kMinKeyBits, kMaxKeyBits,
                                      profile.certificate_key_bits)) ||
      (error = ReadString(json, "", "certificate_hash", profile.certificate_hash))) {
    return error;
  }
  if (profile.name.empty()) return std::string("name: expected a non-empty string");
  if (std::none_of(std::begin(kCertificateHashes), std::end(kCertificateHashes),
                   [&](const char* hash) { return profile.certificate_hash == hash; })) {
    return "certificate_hash: " + Quoted(profile.certificate_hash) +
           " is not allowed; expected one of " + JoinKeys(kCertificateHashes);
  }

  if (const auto found = json.find("suites"); found != json.end()) {
    if ((error = ReadSuites(*found, profile.suites))) return error;
  }
  for (const char* key : {"min_version", "max_version"}) {
    const auto found = json.find(key);
    if (found == json.end()) continue;
    auto version = ParseVersion(*found, key);
    if (!version) return version.error();
    (std::string_view(key) == "min_version" ? profile.min_version : profile.max_version) = *version;
  }
  if (profile.min_version > profile.max_version) {
    return "min_version: " + VersionName(profile.min_version) + " is above max_version " +
           VersionName(profile.max_version) + "; the minimum must not exceed the maximum";
  }
  if (const auto found = json.find("failure"); found != json.end()) {
    const auto mode = found->is_string() ? ParseFailureMode(found->get<std::string>())
                                         : std::optional<FailureMode>();
    if (!mode) return std::string("failure: expected \"close\", \"reset\" or \"alert\"");
    profile.failure = *mode;
  }
  if (const auto found = json.find("window"); found != json.end()) {
    if ((error = ReadWindow(*found, profile.window))) return error;
  }
  if (const auto found = json.find("intolerances"); found != json.end()) {
    if ((error = ReadIntolerances(*found, profile.intolerances))) return error;
  }
  if (const auto found = json.find("smtp"); found != json.end()) {
    auto smtp = SmtpProfileFromJson(*found, profile.smtp);
    if (!smtp) return smtp.error();
    profile.smtp = std::move(*smtp);
  }
  return std::nullopt;
}

std::string BuiltinNames() {
  std::string text;
  for (const Profile& builtin : BuiltinProfiles()) {
    if (!text.empty()) text += ", ";
    text += builtin.name;
  }
  return text;
}

}  // namespace

nlohmann::ordered_json ProfileToJson(const Profile& profile) {
  nlohmann::ordered_json json;
  json["name"] = profile.name;
  json["description"] = profile.description;

  // Suites as "0x0004 RC4-MD5": the code is what the wire carries, the name what
  // Postfix and OpenSSL logs print. Codes outside the table keep the bare code.
  nlohmann::ordered_json suites = nlohmann::ordered_json::array();
  for (const std::uint16_t code : profile.suites) {
    const auto info = FindCipherSuite(code);
    suites.push_back(info ? SuiteCodeText(code) + " " + std::string(info->openssl_name)
                          : SuiteCodeText(code));
  }
  json["suites"] = std::move(suites);

  json["min_version"] = VersionName(profile.min_version);
  json["max_version"] = VersionName(profile.max_version);
  json["accept_ssl2_hello"] = profile.accept_ssl2_hello;
  json["window"] = {{"size", profile.window.size},
                    {"count_signalling", profile.window.count_signalling},
                    {"count_unknown", profile.window.count_unknown}};
  json["failure"] = FailureModeName(profile.failure);
  json["secure_renegotiation"] = profile.secure_renegotiation;
  json["accept_fragmented_handshake"] = profile.accept_fragmented_handshake;
  json["session_resumption"] = profile.session_resumption;
  json["session_cache_seconds"] = profile.session_cache_seconds;
  json["session_cache_entries"] = profile.session_cache_entries;
  json["max_client_hello_bytes"] = profile.max_client_hello_bytes
                                       ? nlohmann::ordered_json(*profile.max_client_hello_bytes)
                                       : nlohmann::ordered_json(nullptr);
  json["certificate_key_bits"] = profile.certificate_key_bits;
  json["certificate_hash"] = profile.certificate_hash;

  const Intolerances& intolerances = profile.intolerances;
  nlohmann::ordered_json known = nlohmann::ordered_json::array();
  for (const std::uint16_t type : intolerances.known_extensions) {
    known.push_back(DescribeExtension(type));
  }
  json["intolerances"] = {
      {"hang_on_256_to_511_byte_hello", intolerances.hang_on_256_to_511_byte_hello},
      {"max_offered_suites", intolerances.max_offered_suites
                                 ? nlohmann::ordered_json(*intolerances.max_offered_suites)
                                 : nlohmann::ordered_json(nullptr)},
      {"version_intolerant", intolerances.version_intolerant},
      {"extension_intolerant", intolerances.extension_intolerant},
      {"known_extensions", std::move(known)}};

  json["smtp"] = SmtpProfileToJson(profile.smtp);
  return json;
}

Expected<Profile, std::string> ProfileFromJson(const nlohmann::json& json) {
  // nlohmann throws on some accesses; nothing may escape, so the whole read is guarded.
  try {
    if (!json.is_object()) {
      return Unexpected{std::string("profile: expected a JSON object of profile fields")};
    }

    const Profile* base = &BuiltinProfiles().front();
    if (const auto found = json.find("base"); found != json.end()) {
      const Profile* named =
          found->is_string() ? FindBuiltinProfile(found->get<std::string>()) : nullptr;
      if (named == nullptr) {
        return Unexpected{"base: expected the name of a built-in profile: " + BuiltinNames()};
      }
      base = named;
    }

    Profile profile = *base;
    if (Error error = ReadProfile(json, profile)) return Unexpected{*error};
    return profile;
  } catch (const std::exception& failure) {
    return Unexpected{std::string("profile: could not be read: ") + failure.what()};
  }
}

Expected<Profile, std::string> LoadProfileFile(const std::string& path) {
  // A directory opens as a stream on Linux and then reads as empty; say what it is.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return Unexpected{"profile file " + path + ": is a directory; give the path of a .json file"};
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Unexpected{"profile file " + path + ": cannot open it (" + std::strerror(errno) +
                      "); check the path"};
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (!file.good() && !file.eof()) {
    return Unexpected{"profile file " + path + ": could not be read"};
  }
  const std::string content = text.str();
  if (content.size() > kMaxProfileFileBytes) {
    return Unexpected{"profile file " + path + ": larger than " +
                      std::to_string(kMaxProfileFileBytes) + " bytes; is this a profile?"};
  }

  nlohmann::json json;
  try {
    json = nlohmann::json::parse(content);
  } catch (const nlohmann::json::exception& failure) {
    // Drop nlohmann's "[json.exception.parse_error.101] " tag; keep its line and column.
    std::string message = failure.what();
    if (const auto tag_end = message.find("] ");
        message.rfind("[json.", 0) == 0 && tag_end != std::string::npos) {
      message.erase(0, tag_end + 2);
    }
    return Unexpected{"profile file " + path + ": not valid JSON: " + message};
  }

  auto profile = ProfileFromJson(json);
  if (!profile) return Unexpected{"profile file " + path + ": " + profile.error()};
  return profile;
}

}  // namespace schannel_emu
