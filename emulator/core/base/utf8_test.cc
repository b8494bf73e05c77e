#include "emulator/core/base/utf8.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace schannel_emu {
namespace {

TEST(ValidUtf8, KeepsAsciiAndWellFormedSequences) {
  EXPECT_EQ(ValidUtf8("MAIL FROM:<a@b>"), "MAIL FROM:<a@b>");
  EXPECT_EQ(ValidUtf8("J\xC3\xBCrgen \xE2\x82\xAC \xF0\x9F\x93\xA7"),
            "J\xC3\xBCrgen \xE2\x82\xAC \xF0\x9F\x93\xA7");
}

TEST(ValidUtf8, ReplacesEachStrayByteWithOneReplacementCharacter) {
  EXPECT_EQ(ValidUtf8("\xFF\x80x"), "\xEF\xBF\xBD\xEF\xBF\xBDx");
}

TEST(ValidUtf8, RejectsOverlongSurrogateAndOutOfRangeForms) {
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");         // above U+10FFFF
}

TEST(ValidUtf8, ReplacesATruncatedSequenceAtTheEnd) {
  EXPECT_EQ(ValidUtf8("ok\xE2\x82"), "ok\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(ValidUtf8, AlwaysGivesTextAJsonWriterAccepts) {
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) every_byte.push_back(static_cast<char>(byte));
  const nlohmann::json value = ValidUtf8(every_byte + every_byte.substr(128));

  EXPECT_NO_THROW(static_cast<void>(value.dump()));
}

}  // namespace
}  // namespace schannel_emu
