// The fix: the smallest set of smtp_tls_exclude_ciphers words after which a profile
// accepts the sender's hello, searched over FixVocabulary().
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "emulator/check/openssl_hello.h"
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu {

struct Fix {
  // How the fix was checked: "verified" (each candidate hello rebuilt by this
  // machine's libssl and judged) or "modelled" (the offered list filtered with the
  // offline word model; not verified with the sender's own OpenSSL).
  std::string method;
  std::vector<std::string> words;     // empty: nothing within the bound helps
  std::vector<std::uint16_t> suites;  // the offered list after the fix
  std::optional<Verdict> verdict;     // the profile's verdict with the fix
  std::size_t candidates_tried = 0;
};

// SearchModelledFix filters `hello`'s suites with every word set of size 1, then
// 2, then 3 (up to max_words), skipping words that remove nothing, and returns
// the first set after which `profile` accepts. Cheap; always terminates.
Fix SearchModelledFix(const ClientHello& hello, const Profile& profile, std::size_t max_words = 3);

// OpenSslHelloCache remembers the hellos libssl built per effective cipher list,
// so searching fixes for several profiles builds each candidate once.
class OpenSslHelloCache {
 public:
  struct Entry {
    bool ok = false;
    ClientHello hello;
    std::uint16_t min_version = 0;
  };
  const Entry& Get(const OpenSslSenderConfig& config);

 private:
  std::map<std::string, Entry> entries_;
};

// SearchOpenSslFix does the same with the real libssl: each candidate is the
// sender's configuration plus the words as extra exclusions, rebuilt with
// BuildOpenSslHello and judged. Bounded by max_words and max_candidates.
Fix SearchOpenSslFix(const OpenSslSenderConfig& sender, const Profile& profile,
                     OpenSslHelloCache& cache, std::size_t max_words = 3,
                     std::size_t max_candidates = 5000);

// ExcludeSetting renders "smtp_tls_exclude_ciphers = MD5, aDSS" for main.cf.
std::string ExcludeSetting(const std::vector<std::string>& words);
// PolicyMapLine renders "[mx.example.com]:25 may exclude=MD5:aDSS" for smtp_tls_policy_maps.
std::string PolicyMapLine(const std::string& destination, const std::vector<std::string>& words);

}  // namespace schannel_emu
