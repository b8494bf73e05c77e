// An offline model of OpenSSL cipher-string words, for suite lists whose sender's OpenSSL
// is not on this machine (the customer's 1.0.2g list cannot be rebuilt with OpenSSL 3).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace schannel_emu {

// FixVocabulary lists the words the fix search tries, in the order it tries them:
// first the ones Postfix administrators already exclude for legacy peers, then
// rarer algorithms, then broad families that cost more to give up.
const std::vector<std::string_view>& FixVocabulary();

// ModelMatchesWord says whether OpenSSL 1.0.2 would count the suite `code` under
// `word` (as in "!word"), judged from the suite's IANA name: MD5/SHA1/SHA256/
// SHA384 by MAC (AEAD suites have none), aDSS/aRSA/aECDSA/aNULL by
// authentication, kRSA/kDH (static DH)/kECDH (static ECDH)/kDHE/kEECDH by key
// exchange, and cipher families (SEED, IDEA, CAMELLIA, ARIA, CHACHA20, AES,
// AESGCM, AESCCM, 3DES, DES, RC4, RC2, eNULL). TLS 1.3 suites and signalling
// values match no word: cipher strings do not touch them. Unknown words match
// nothing, as OpenSSL ignores them.
bool ModelMatchesWord(std::uint16_t code, std::string_view word);

// ApplyModelExclusions drops every suite matching any word, keeping the order and
// the signalling values.
std::vector<std::uint16_t> ApplyModelExclusions(const std::vector<std::uint16_t>& suites,
                                                const std::vector<std::string_view>& words);

}  // namespace schannel_emu
