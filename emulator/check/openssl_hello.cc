#include "emulator/check/openssl_hello.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

std::string LastOpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no reason given";
  std::array<char, 256> text{};
  ERR_error_string_n(code, text.data(), text.size());
  return text.data();
}

struct ProtocolName {
  std::string_view name;
  std::uint16_t version;
};
constexpr std::array<ProtocolName, 6> kProtocols = {{{"SSLv2", kSsl2},
                                                     {"SSLv3", kSsl3},
                                                     {"TLSv1", kTls10},
                                                     {"TLSv1.1", kTls11},
                                                     {"TLSv1.2", kTls12},
                                                     {"TLSv1.3", kTls13}}};

std::optional<std::uint16_t> ProtocolVersion(std::string_view name) {
  for (const auto& protocol : kProtocols) {
    if (protocol.name == name) return protocol.version;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> SplitWordList(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (c == ',' || c == ':' || std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string PostfixCipherList(std::string_view cipher_list,
                              const std::vector<std::string>& exclude) {
  std::string list(cipher_list);
  for (const std::string& word : exclude) list += ":!" + word;
  return list;
}

Expected<std::pair<std::uint16_t, std::uint16_t>, std::string> ParsePostfixProtocols(
    std::string_view protocols) {
  // Postfix reads either ">=V"/"<=V" bounds or a list of included names and
  // "!name" exclusions; libssl takes one contiguous range, its bounds.
  std::uint16_t low = kSsl3;
  std::uint16_t high = kTls13;
  std::vector<std::uint16_t> included;
  std::vector<std::uint16_t> excluded;
  for (const std::string& word : SplitWordList(protocols)) {
    std::string_view name = word;
    const bool at_least = name.rfind(">=", 0) == 0;
    const bool at_most = name.rfind("<=", 0) == 0;
    const bool negated = !name.empty() && name[0] == '!';
    if (at_least || at_most) name.remove_prefix(2);
    if (negated) name.remove_prefix(1);
    auto version = ProtocolVersion(name);
    if (!version) {
      return Unexpected{"unknown protocol '" + word +
                        "' in --protocols: use SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 with an "
                        "optional '!' or '>=' / '<='"};
    }
    if (at_least)
      low = std::max(low, *version);
    else if (at_most)
      high = std::min(high, *version);
    else if (negated)
      excluded.push_back(*version);
    else
      included.push_back(*version);
  }
  if (!included.empty()) {
    low = std::max(low, *std::min_element(included.begin(), included.end()));
    high = std::min(high, *std::max_element(included.begin(), included.end()));
  }
  // Exclusions only narrow the range from its ends (a hole cannot be expressed).
  bool changed = true;
  while (changed && low <= high) {
    changed = false;
    if (std::find(excluded.begin(), excluded.end(), low) != excluded.end()) {
      low = low == kSsl2 ? kSsl3 : static_cast<std::uint16_t>(low + 1);
      changed = true;
    }
    if (low <= high && std::find(excluded.begin(), excluded.end(), high) != excluded.end()) {
      high = static_cast<std::uint16_t>(high - 1);
      changed = true;
    }
  }
  if (low > high) {
    return Unexpected{"--protocols '" + std::string(protocols) + "' leaves no protocol enabled"};
  }
  return std::make_pair(low, high);
}

Expected<OpenSslHello, std::string> BuildOpenSslHello(const OpenSslSenderConfig& config) {
  auto range = ParsePostfixProtocols(config.protocols);
  if (!range) return Unexpected{range.error()};

  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return Unexpected{"libssl cannot create a client context: " + LastOpenSslError()};
  OpenSslHello result;
  result.effective_cipher_list = PostfixCipherList(config.cipher_list, config.exclude);
  if (SSL_CTX_set_cipher_list(ctx.get(), result.effective_cipher_list.c_str()) != 1) {
    return Unexpected{"this OpenSSL selects no TLS 1.2-or-older suite for '" +
                      result.effective_cipher_list + "': " + LastOpenSslError()};
  }
  // SSL 3.0 is compiled out of Debian's libssl; the range starts at what exists.
  const std::uint16_t low = std::max(range.value().first, kTls10);
  if (SSL_CTX_set_min_proto_version(ctx.get(), low) != 1 ||
      SSL_CTX_set_max_proto_version(ctx.get(), range.value().second) != 1) {
    return Unexpected{"libssl refuses the protocol range: " + LastOpenSslError()};
  }
  result.min_version = low;
  result.max_version = range.value().second;

  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  if (!ssl) return Unexpected{"libssl cannot create a connection: " + LastOpenSslError()};
  if (!config.server_name.empty()) {
    // SSL_set_tlsext_host_name is a macro with a C cast; this is its expansion.
    SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(config.server_name.c_str()));
  }
  BIO* read_bio = BIO_new(BIO_s_mem());
  BIO* write_bio = BIO_new(BIO_s_mem());
  if (read_bio == nullptr || write_bio == nullptr) {
    BIO_free(read_bio);
    BIO_free(write_bio);
    return Unexpected{std::string("out of memory creating BIOs")};
  }
  SSL_set_bio(ssl.get(), read_bio, write_bio);  // ssl owns both from here

  // With nothing to read, SSL_connect writes the ClientHello and waits.
  const int connected = SSL_connect(ssl.get());
  if (connected == 1 || SSL_get_error(ssl.get(), connected) != SSL_ERROR_WANT_READ) {
    return Unexpected{"libssl did not produce a ClientHello: " + LastOpenSslError()};
  }
  char* data = nullptr;
  const long size = BIO_ctrl(write_bio, BIO_CTRL_INFO, 0, static_cast<void*>(&data));
  if (size <= 0 || data == nullptr) {
    return Unexpected{std::string("libssl wrote nothing for the ClientHello")};
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data);
  result.record.assign(bytes, bytes + size);
  ERR_clear_error();
  return result;
}

std::string OpenSslVersionText() { return OpenSSL_version(OPENSSL_VERSION); }

std::vector<std::string> WeakWordsMissingHere(std::string_view cipher_list) {
  // Words that name only suites OPENSSL_NO_WEAK_SSL_CIPHERS removes; a word that
  // selects nothing here (SSL_CTX_set_cipher_list fails for it alone) is reported.
  static constexpr std::array<std::string_view, 7> kWeak = {"RC4", "3DES",   "DES", "RC2",
                                                            "EXP", "EXPORT", "IDEA"};
  std::vector<std::string> missing;
  std::unique_ptr<SSL_CTX, SslCtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  for (std::string word : SplitWordList(cipher_list)) {
    while (!word.empty() && (word[0] == '!' || word[0] == '-' || word[0] == '+')) {
      word.erase(0, 1);
    }
    std::string upper;
    for (char c : word)
      upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (std::find(kWeak.begin(), kWeak.end(), upper) == kWeak.end()) continue;
    if (std::find(missing.begin(), missing.end(), word) != missing.end()) continue;
    const std::string alone = word + ":@SECLEVEL=0";
    if (!ctx || SSL_CTX_set_cipher_list(ctx.get(), alone.c_str()) != 1) {
      missing.push_back(word);
    }
  }
  ERR_clear_error();
  return missing;
}

}  // namespace schannel_emu
