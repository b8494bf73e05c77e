#include "emulator/check/fix_search.h"

#include <functional>

#include "emulator/check/openssl_words.h"

namespace schannel_emu {
namespace {

// ForEachSubset calls `visit` with every set of `size` indices below `count`,
// in lexicographic order, until it returns true.
bool ForEachSubset(std::size_t count, std::size_t size,
                   const std::function<bool(const std::vector<std::size_t>&)>& visit) {
  if (size == 0 || size > count) return false;
  std::vector<std::size_t> picks(size);
  for (std::size_t i = 0; i < size; ++i) picks[i] = i;
  for (;;) {
    if (visit(picks)) return true;
    std::size_t i = size;
    while (i > 0 && picks[i - 1] == count - size + i - 1) --i;
    if (i == 0) return false;
    ++picks[i - 1];
    for (std::size_t j = i; j < size; ++j) picks[j] = picks[j - 1] + 1;
  }
}

}  // namespace

Fix SearchModelledFix(const ClientHello& hello, const Profile& profile, std::size_t max_words) {
  Fix fix;
  fix.method = "modelled";
  const std::vector<std::uint16_t> offered = hello.TlsSuites();

  // Only words that remove something can change the verdict.
  std::vector<std::string_view> useful;
  for (std::string_view word : FixVocabulary()) {
    if (ApplyModelExclusions(offered, {word}).size() != offered.size()) useful.push_back(word);
  }

  for (std::size_t size = 1; size <= max_words; ++size) {
    const bool found =
        ForEachSubset(useful.size(), size, [&](const std::vector<std::size_t>& picks) {
          std::vector<std::string_view> words;
          for (std::size_t pick : picks) words.push_back(useful[pick]);
          ++fix.candidates_tried;
          ClientHello candidate = hello;
          const std::vector<std::uint16_t> kept = ApplyModelExclusions(offered, words);
          candidate.cipher_specs.assign(kept.begin(), kept.end());
          Verdict verdict = Judge(profile, candidate);
          if (!verdict.accepted) return false;
          fix.words.assign(words.begin(), words.end());
          fix.suites = kept;
          fix.verdict = std::move(verdict);
          return true;
        });
    if (found) break;
  }
  return fix;
}

const OpenSslHelloCache::Entry& OpenSslHelloCache::Get(const OpenSslSenderConfig& config) {
  const std::string key = PostfixCipherList(config.cipher_list, config.exclude) + "|" +
                          config.protocols + "|" + config.server_name;
  auto found = entries_.find(key);
  if (found != entries_.end()) return found->second;
  Entry entry;
  auto built = BuildOpenSslHello(config);
  if (built) {
    auto hello = ReadClientHello(built.value().record);
    if (hello) {
      entry.ok = true;
      entry.hello = std::move(hello.value());
      entry.min_version = built.value().min_version;
    }
  }
  return entries_.emplace(key, std::move(entry)).first->second;
}

Fix SearchOpenSslFix(const OpenSslSenderConfig& sender, const Profile& profile,
                     OpenSslHelloCache& cache, std::size_t max_words, std::size_t max_candidates) {
  Fix fix;
  fix.method = "verified";
  const auto& base = cache.Get(sender);
  if (!base.ok) return fix;
  const std::vector<std::uint16_t> offered = base.hello.TlsSuites();

  // Words are tried only when, on their own, they change what libssl offers; a
  // word that leaves nothing at all fails to build and is dropped too.
  std::vector<std::string> useful;
  for (std::string_view word : FixVocabulary()) {
    OpenSslSenderConfig candidate = sender;
    candidate.exclude.emplace_back(word);
    const auto& built = cache.Get(candidate);
    if (built.ok && built.hello.TlsSuites() != offered) useful.emplace_back(word);
  }

  for (std::size_t size = 1; size <= max_words; ++size) {
    const bool found =
        ForEachSubset(useful.size(), size, [&](const std::vector<std::size_t>& picks) {
          if (fix.candidates_tried >= max_candidates) return true;
          ++fix.candidates_tried;
          OpenSslSenderConfig candidate = sender;
          std::vector<std::string> words;
          for (std::size_t pick : picks) words.push_back(useful[pick]);
          candidate.exclude.insert(candidate.exclude.end(), words.begin(), words.end());
          const auto& built = cache.Get(candidate);
          if (!built.ok) return false;
          Verdict verdict = Judge(profile, built.hello);
          // The sender must also be willing to speak the version the peer answers with.
          if (!verdict.accepted || verdict.version < built.min_version) return false;
          fix.words = std::move(words);
          fix.suites = built.hello.TlsSuites();
          fix.verdict = std::move(verdict);
          return true;
        });
    if (found) break;
  }
  if (!fix.verdict) fix.words.clear();
  return fix;
}

std::string ExcludeSetting(const std::vector<std::string>& words) {
  std::string text = "smtp_tls_exclude_ciphers =";
  for (std::size_t i = 0; i < words.size(); ++i) text += (i == 0 ? " " : ", ") + words[i];
  return text;
}

std::string PolicyMapLine(const std::string& destination, const std::vector<std::string>& words) {
  std::string text = destination + " may exclude=";
  for (std::size_t i = 0; i < words.size(); ++i) text += (i == 0 ? "" : ":") + words[i];
  return text;
}

}  // namespace schannel_emu
