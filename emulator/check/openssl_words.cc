#include "emulator/check/openssl_words.h"

#include <algorithm>
#include <string>

#include "emulator/check/iana_names.h"

namespace schannel_emu {
namespace {

// SuiteParts splits "TLS_<kx>_WITH_<cipher>_<mac>" into its three parts. TLS 1.3
// names and signalling values have no "_WITH_" and give empty parts.
struct SuiteParts {
  std::string kx;
  std::string cipher;
  std::string mac;  // "MD5", "SHA", "SHA256", "SHA384", or "" for AEAD suites
  bool tls12_style = false;
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}
bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

SuiteParts Split(std::uint16_t code) {
  SuiteParts parts;
  const auto name = IanaSuiteName(code);
  if (!name || name->rfind("TLS_", 0) != 0) return parts;
  const std::size_t with = name->find("_WITH_");
  if (with == std::string_view::npos) return parts;
  parts.tls12_style = true;
  parts.kx = std::string(name->substr(4, with - 4));
  std::string rest(name->substr(with + 6));
  const bool aead = Contains(rest, "GCM") || Contains(rest, "CCM") || Contains(rest, "POLY1305");
  for (std::string_view mac : {"_SHA384", "_SHA256", "_SHA", "_MD5"}) {
    if (EndsWith(rest, mac)) {
      rest.resize(rest.size() - mac.size());
      if (!aead) parts.mac = std::string(mac.substr(1));
      break;
    }
  }
  parts.cipher = rest;
  return parts;
}

// Key exchange and authentication families of OpenSSL 1.0.2 (ssl/s3_lib.c):
// static DH and static ECDH suites authenticate with their DH/ECDH certificate,
// so aDSS and aECDSA cover only the ephemeral ones.
bool IsStaticDh(std::string_view kx) { return kx == "DH_DSS" || kx == "DH_RSA"; }
bool IsStaticEcdh(std::string_view kx) { return kx == "ECDH_ECDSA" || kx == "ECDH_RSA"; }
bool IsDhe(std::string_view kx) { return kx.rfind("DHE_", 0) == 0 || kx.rfind("DH_anon", 0) == 0; }
bool IsEcdhe(std::string_view kx) { return kx.rfind("ECDHE_", 0) == 0 || kx == "ECDH_anon"; }
bool IsAnonymous(std::string_view kx) { return Contains(kx, "anon"); }

}  // namespace

const std::vector<std::string_view>& FixVocabulary() {
  static const std::vector<std::string_view> kWords = {
      "MD5",      "aDSS",   "kECDH",  "kDH",    "SEED",   "IDEA",  "RC2",   "RC5",
      "CAMELLIA", "ARIA",   "aECDSA", "PSK",    "SRP",    "aNULL", "eNULL", "EXPORT",
      "CHACHA20", "AESCCM", "SHA384", "SHA256", "AESGCM", "DHE",   "kDHE",  "ECDHE",
      "kEECDH",   "DES",    "3DES",   "RC4",    "SHA1"};
  return kWords;
}

bool ModelMatchesWord(std::uint16_t code, std::string_view word) {
  const SuiteParts parts = Split(code);
  if (!parts.tls12_style) return false;
  const std::string_view kx = parts.kx;
  const std::string_view cipher = parts.cipher;
  const std::string_view mac = parts.mac;

  if (word == "MD5") return mac == "MD5";
  if (word == "SHA1" || word == "SHA") return mac == "SHA";
  if (word == "SHA256") return mac == "SHA256";
  if (word == "SHA384") return mac == "SHA384";
  if (word == "aDSS" || word == "DSS") return kx == "DHE_DSS" || kx == "SRP_SHA_DSS";
  if (word == "aRSA") {
    return kx == "RSA" || kx == "RSA_EXPORT" || kx == "DHE_RSA" || kx == "ECDHE_RSA" ||
           kx == "SRP_SHA_RSA" || kx == "DHE_RSA_EXPORT";
  }
  if (word == "aECDSA" || word == "ECDSA") return kx == "ECDHE_ECDSA";
  if (word == "aNULL") return IsAnonymous(kx);
  if (word == "kRSA") return kx == "RSA" || kx == "RSA_EXPORT";
  if (word == "kDH" || word == "aDH")
    return IsStaticDh(kx) || kx.rfind("DH_DSS_", 0) == 0 || kx.rfind("DH_RSA_", 0) == 0;
  if (word == "kECDH" || word == "aECDH") return IsStaticEcdh(kx);
  if (word == "kDHE" || word == "kEDH") return IsDhe(kx) && !Contains(kx, "PSK");
  if (word == "DHE" || word == "EDH") return IsDhe(kx) && !IsAnonymous(kx) && !Contains(kx, "PSK");
  if (word == "kEECDH" || word == "kECDHE") return IsEcdhe(kx) && !Contains(kx, "PSK");
  if (word == "ECDHE" || word == "EECDH") {
    return IsEcdhe(kx) && !IsAnonymous(kx) && !Contains(kx, "PSK");
  }
  if (word == "PSK") return Contains(kx, "PSK");
  if (word == "SRP") return kx.rfind("SRP", 0) == 0;
  if (word == "EXPORT" || word == "EXP") return Contains(kx, "EXPORT") || Contains(cipher, "40");
  if (word == "eNULL" || word == "NULL") return cipher == "NULL";
  if (word == "SEED") return cipher.rfind("SEED", 0) == 0;
  if (word == "IDEA") return cipher.rfind("IDEA", 0) == 0;
  if (word == "CAMELLIA") return cipher.rfind("CAMELLIA", 0) == 0;
  if (word == "ARIA") return cipher.rfind("ARIA", 0) == 0;
  if (word == "CHACHA20") return cipher.rfind("CHACHA20", 0) == 0;
  if (word == "AES") return cipher.rfind("AES", 0) == 0;
  if (word == "AESGCM") return cipher.rfind("AES", 0) == 0 && Contains(cipher, "GCM");
  if (word == "AESCCM") return cipher.rfind("AES", 0) == 0 && Contains(cipher, "CCM");
  if (word == "3DES") return cipher == "3DES_EDE_CBC";
  if (word == "DES") return cipher == "DES_CBC" || cipher == "DES40_CBC" || cipher == "DES_CBC_40";
  if (word == "RC4") return cipher.rfind("RC4", 0) == 0;
  if (word == "RC2") return cipher.rfind("RC2", 0) == 0;
  return false;  // RC5 and unknown words: no IANA suite, as OpenSSL ignores them
}

std::vector<std::uint16_t> ApplyModelExclusions(const std::vector<std::uint16_t>& suites,
                                                const std::vector<std::string_view>& words) {
  std::vector<std::uint16_t> kept;
  for (std::uint16_t code : suites) {
    const bool excluded = std::any_of(words.begin(), words.end(), [code](std::string_view word) {
      return ModelMatchesWord(code, word);
    });
    if (!excluded) kept.push_back(code);
  }
  return kept;
}

}  // namespace schannel_emu
