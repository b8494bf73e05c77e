// VerdictSentence: builds the one sentence a verdict gives people, in one buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/core/profile/profile.h"

namespace schannel_emu {

// VerdictSentence appends the parts of a verdict's explanation to a string it does
// not own. A verdict is made for every connection, and building its sentence from
// temporary strings joined with + was most of the verdict's cost; appending to one
// reserved buffer is not.
class VerdictSentence {
 public:
  explicit VerdictSentence(std::string& out) : out_(out) { out_.reserve(kTypicalLength); }

  VerdictSentence& Text(std::string_view text) {
    out_.append(text);
    return *this;
  }
  // Number appends a count or position in decimal.
  VerdictSentence& Number(std::size_t value);
  // Suite appends "RC4-SHA (0x0005)", or "unknown suite (0x1234)".
  VerdictSentence& Suite(std::uint16_t code);
  // Peer appends "profile win2003".
  VerdictSentence& Peer(const Profile& profile);
  // Window appends "the 64-entry window", or "the client's list (no window)".
  VerdictSentence& Window(const WindowRule& rule);
  // Version appends "TLSv1.0".
  VerdictSentence& Version(std::uint16_t version);

 private:
  static constexpr std::size_t kTypicalLength = 192;

  std::string& out_;
};

}  // namespace schannel_emu
