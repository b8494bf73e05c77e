#include "emulator/core/profile/verdict_sentence.h"

#include <charconv>

#include "emulator/core/base/cipher_suites.h"
#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {

VerdictSentence& VerdictSentence::Number(std::size_t value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out_.append(digits, result.ptr);
  return *this;
}

VerdictSentence& VerdictSentence::Suite(std::uint16_t code) {
  const CipherSuiteInfo* info = LookupCipherSuite(code);
  out_.append(info != nullptr ? info->openssl_name : std::string_view("unknown suite"));
  out_.append(" (");
  out_.append(SuiteCodeText(code));
  out_.push_back(')');
  return *this;
}

VerdictSentence& VerdictSentence::Peer(const Profile& profile) {
  out_.append("profile ");
  out_.append(profile.name);
  return *this;
}

VerdictSentence& VerdictSentence::Window(const WindowRule& rule) {
  if (rule.size == 0) return Text("the client's list (no window)");
  return Text("the ").Number(rule.size).Text("-entry window");
}

VerdictSentence& VerdictSentence::Version(std::uint16_t version) {
  out_.append(VersionName(version));
  return *this;
}

}  // namespace schannel_emu
