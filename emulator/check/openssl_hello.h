// OpenSslSender: the exact ClientHello this machine's libssl sends for a Postfix-style
// cipher configuration, produced by running a real libssl client into memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

struct OpenSslSenderConfig {
  // The cipher list as Postfix hands it to OpenSSL (tls_high_cipherlist and the
  // like), e.g. "aNULL:-aNULL:HIGH:MEDIUM:+RC4:@STRENGTH".
  std::string cipher_list;
  // smtp_tls_exclude_ciphers words; Postfix appends each as ":!WORD".
  std::vector<std::string> exclude;
  // smtp_tls_protocols in Postfix syntax: "!SSLv2, !SSLv3", "TLSv1 TLSv1.2", ">=TLSv1".
  std::string protocols;
  std::string server_name;  // SNI; empty: none (Postfix sends none by default)
};

struct OpenSslHello {
  Bytes record;  // the first flight as written to the network
  std::string effective_cipher_list;
  std::uint16_t min_version = 0;  // the version range libssl was set to
  std::uint16_t max_version = 0;
};

// SplitWordList splits "MD5, aDSS kECDH:kDH" at commas, colons and spaces.
std::vector<std::string> SplitWordList(std::string_view text);

// PostfixCipherList joins a cipher list and exclusions the way Postfix does.
std::string PostfixCipherList(std::string_view cipher_list,
                              const std::vector<std::string>& exclude);

// ParsePostfixProtocols turns a Postfix protocol list into a version range;
// fails naming an unknown protocol or a range that excludes everything.
Expected<std::pair<std::uint16_t, std::uint16_t>, std::string> ParsePostfixProtocols(
    std::string_view protocols);

// BuildOpenSslHello runs SSL_connect on a memory BIO and returns what libssl
// wrote. Fails with OpenSSL's reason when the cipher list selects nothing.
Expected<OpenSslHello, std::string> BuildOpenSslHello(const OpenSslSenderConfig& config);

// OpenSslVersionText is this libssl's version string ("OpenSSL 3.0.19 ...").
std::string OpenSslVersionText();

// WeakWordsMissingHere lists words of the cipher list that name suites this
// libssl was built without (RC4, 3DES, DES, ...), for a warning.
std::vector<std::string> WeakWordsMissingHere(std::string_view cipher_list);

}  // namespace schannel_emu
