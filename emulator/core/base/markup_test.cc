#include "emulator/core/base/markup.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(MarkupEscape, ReplacesTheFourMarkupCharactersWithEntities) {
  EXPECT_EQ(MarkupEscape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
}

TEST(MarkupEscape, KeepsTabNewlineAndUtf8AndReplacesOtherControlCharacters) {
  EXPECT_EQ(MarkupEscape(std::string("a\tb\nc\rd\x01"
                                     "e\x1f",
                                     10)),
            "a\tb\nc?d?e?");
  EXPECT_EQ(MarkupEscape("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(MarkupEscape, LeavesPlainTextAlone) {
  EXPECT_EQ(MarkupEscape("RC4-SHA (0x0005)"), "RC4-SHA (0x0005)");
}

}  // namespace
}  // namespace schannel_emu
