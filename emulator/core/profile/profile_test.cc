#include "emulator/core/profile/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "emulator/core/base/cipher_suites.h"

namespace schannel_emu {
namespace {

const Profile& Builtin(std::string_view name) {
  const Profile* profile = FindBuiltinProfile(name);
  EXPECT_NE(profile, nullptr) << name;
  static const Profile kEmpty;
  return profile != nullptr ? *profile : kEmpty;
}

TEST(FailureModeTest, NamesParseBackToTheSameMode) {
  for (const FailureMode mode : {FailureMode::kClose, FailureMode::kReset, FailureMode::kAlert}) {
    EXPECT_EQ(ParseFailureMode(FailureModeName(mode)), mode);
  }
  EXPECT_EQ(FailureModeName(FailureMode::kClose), "close");
  EXPECT_EQ(FailureModeName(FailureMode::kReset), "reset");
  EXPECT_EQ(FailureModeName(FailureMode::kAlert), "alert");
}

TEST(FailureModeTest, UnknownNamesAreNotParsed) {
  EXPECT_FALSE(ParseFailureMode("fin"));
  EXPECT_FALSE(ParseFailureMode("Close"));
  EXPECT_FALSE(ParseFailureMode(""));
}

TEST(BuiltinProfilesTest, Win2003IsTheDefaultAndListsTheStockSuitesInSchannelOrder) {
  const Profile& first = BuiltinProfiles().front();
  EXPECT_EQ(first.name, "win2003");
  const std::vector<std::uint16_t> expected = {0x0004, 0x0005, 0x000a, 0x0013, 0x0009, 0x0012,
                                               0x0064, 0x0062, 0x0063, 0x0003, 0x0006};
  EXPECT_EQ(first.suites, expected);
}

TEST(BuiltinProfilesTest, Win2003SpeaksSsl3AndTls10AndClosesSilently) {
  const Profile& profile = Builtin("win2003");
  EXPECT_EQ(profile.min_version, kSsl3);
  EXPECT_EQ(profile.max_version, kTls10);
  EXPECT_TRUE(profile.accept_ssl2_hello);
  EXPECT_EQ(profile.window.size, 64u);
  EXPECT_TRUE(profile.window.count_signalling);
  EXPECT_TRUE(profile.window.count_unknown);
  EXPECT_EQ(profile.failure, FailureMode::kClose);
  EXPECT_TRUE(profile.secure_renegotiation);
  EXPECT_TRUE(profile.accept_fragmented_handshake);
  EXPECT_TRUE(profile.session_resumption);
}

TEST(BuiltinProfilesTest, AesProfilePlacesAesRightAfterTheStockRsaSuites) {
  const std::vector<std::uint16_t> expected = {0x0004, 0x0005, 0x000a, 0x0013, 0x0009,
                                               0x002f, 0x0035, 0x0012, 0x0064, 0x0062,
                                               0x0063, 0x0003, 0x0006};
  EXPECT_EQ(Builtin("win2003-aes").suites, expected);
}

TEST(BuiltinProfilesTest, AesFirstProfileHasTheSameSuitesWithAesInFront) {
  const Profile& aes = Builtin("win2003-aes");
  const Profile& first = Builtin("win2003-aes-first");
  ASSERT_GE(first.suites.size(), 2u);
  EXPECT_EQ(first.suites[0], 0x002f);
  EXPECT_EQ(first.suites[1], 0x0035);
  EXPECT_EQ(std::set(first.suites.begin(), first.suites.end()),
            std::set(aes.suites.begin(), aes.suites.end()));
}

TEST(BuiltinProfilesTest, UnpatchedProfileRefusesFragmentsAndHasNoSecureRenegotiation) {
  const Profile& profile = Builtin("win2003-unpatched");
  EXPECT_FALSE(profile.accept_fragmented_handshake);
  EXPECT_FALSE(profile.secure_renegotiation);
  EXPECT_EQ(profile.suites, Builtin("win2003").suites);
}

TEST(BuiltinProfilesTest, WindowsProfilesHaveNoIntolerance) {
  for (const char* name : {"win2003", "win2003-aes", "win2003-aes-first", "win2003-unpatched"}) {
    const Intolerances& intolerances = Builtin(name).intolerances;
    EXPECT_FALSE(intolerances.hang_on_256_to_511_byte_hello) << name;
    EXPECT_FALSE(intolerances.max_offered_suites) << name;
    EXPECT_FALSE(intolerances.version_intolerant) << name;
    EXPECT_FALSE(intolerances.extension_intolerant) << name;
  }
}

TEST(BuiltinProfilesTest, IntoleranceProfilesEachSwitchOnTheirOneIntolerance) {
  EXPECT_TRUE(Builtin("f5-hello-hang").intolerances.hang_on_256_to_511_byte_hello);
  EXPECT_EQ(Builtin("asa-128-suites").intolerances.max_offered_suites, 128u);
  EXPECT_TRUE(Builtin("tls12-intolerant").intolerances.version_intolerant);
  const Intolerances& extension = Builtin("extension-intolerant").intolerances;
  EXPECT_TRUE(extension.extension_intolerant);
  EXPECT_EQ(extension.known_extensions,
            (std::vector<std::uint16_t>{kExtServerName, kExtRenegotiationInfo}));
  EXPECT_EQ(Builtin("f5-hello-hang").suites, Builtin("win2003-aes").suites);
}

TEST(BuiltinProfilesTest, EveryProfileHasAUniqueNameADescriptionAndOnlyKnownSuites) {
  std::set<std::string> names;
  for (const Profile& profile : BuiltinProfiles()) {
    EXPECT_TRUE(names.insert(profile.name).second) << profile.name;
    EXPECT_FALSE(profile.description.empty()) << profile.name;
    EXPECT_EQ(profile.description.find('\n'), std::string::npos) << profile.name;
    for (const std::uint16_t code : profile.suites) {
      EXPECT_TRUE(FindCipherSuite(code)) << profile.name << " " << code;
    }
    // The NULL suites are not enabled by default on Windows Server 2003.
    EXPECT_EQ(std::count(profile.suites.begin(), profile.suites.end(), 0x0001), 0);
    EXPECT_EQ(std::count(profile.suites.begin(), profile.suites.end(), 0x0002), 0);
  }
  EXPECT_EQ(names.size(), 8u);
}

TEST(BuiltinProfilesTest, FindReturnsTheNamedProfileOrNull) {
  for (const Profile& profile : BuiltinProfiles()) {
    EXPECT_EQ(FindBuiltinProfile(profile.name), &profile);
  }
  EXPECT_EQ(FindBuiltinProfile("win2008"), nullptr);
  EXPECT_EQ(FindBuiltinProfile(""), nullptr);
}

}  // namespace
}  // namespace schannel_emu
