#include "emulator/core/profile/profile_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace schannel_emu {
namespace {

using nlohmann::json;

// ErrorOf reads `text` as a profile and returns the error, or "" when it loaded.
std::string ErrorOf(const std::string& text) {
  const auto profile = ProfileFromJson(json::parse(text));
  return profile ? std::string() : profile.error();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ProfileToJsonTest, WritesSuitesAsCodesWithTheirOpensslNames) {
  const nlohmann::ordered_json out = ProfileToJson(*FindBuiltinProfile("win2003"));
  ASSERT_TRUE(out["suites"].is_array());
  EXPECT_EQ(out["suites"][0], "0x0004 RC4-MD5");
  EXPECT_EQ(out["suites"][2], "0x000a DES-CBC3-SHA");
  EXPECT_EQ(out["min_version"], "SSLv3");
  EXPECT_EQ(out["max_version"], "TLSv1.0");
  EXPECT_EQ(out["failure"], "close");
  EXPECT_EQ(out["window"]["size"], 64);
  EXPECT_TRUE(out["max_client_hello_bytes"].is_null());
  EXPECT_TRUE(out["smtp"].is_object());
}

TEST(ProfileToJsonTest, WritesKnownExtensionsWithTheirNames) {
  const nlohmann::ordered_json out = ProfileToJson(*FindBuiltinProfile("extension-intolerant"));
  EXPECT_EQ(out["intolerances"]["known_extensions"],
            nlohmann::ordered_json::array({"0x0000 server_name", "0xff01 renegotiation_info"}));
}

TEST(ProfileJsonTest, EveryBuiltinRoundTripsThroughJson) {
  for (const Profile& builtin : BuiltinProfiles()) {
    const nlohmann::ordered_json first = ProfileToJson(builtin);
    // Through text, as a profile file would carry it.
    const auto reread = ProfileFromJson(json::parse(first.dump(2)));
    ASSERT_TRUE(reread) << builtin.name << ": " << reread.error();
    EXPECT_EQ(ProfileToJson(*reread), first) << builtin.name;
    EXPECT_EQ(reread->suites, builtin.suites) << builtin.name;
    EXPECT_EQ(reread->intolerances.max_offered_suites, builtin.intolerances.max_offered_suites);
    EXPECT_EQ(reread->intolerances.known_extensions, builtin.intolerances.known_extensions);
  }
}

TEST(ProfileJsonTest, ChangedFieldsRoundTrip) {
  Profile profile = *FindBuiltinProfile("win2003");
  profile.name = "custom";
  profile.failure = FailureMode::kAlert;
  profile.window = {65, false, false};
  profile.max_client_hello_bytes = 4096;
  profile.min_version = kTls10;
  profile.certificate_hash = "sha1";
  profile.certificate_key_bits = 1024;
  profile.session_cache_seconds = 36000;
  profile.intolerances.known_extensions = {0x1234};
  profile.smtp.end_of_data = EndOfDataRule::kLenient;

  const auto reread = ProfileFromJson(json::parse(ProfileToJson(profile).dump()));
  ASSERT_TRUE(reread) << reread.error();
  EXPECT_EQ(ProfileToJson(*reread), ProfileToJson(profile));
  EXPECT_EQ(reread->failure, FailureMode::kAlert);
  EXPECT_EQ(reread->window.size, 65u);
  EXPECT_EQ(reread->max_client_hello_bytes, 4096u);
  EXPECT_EQ(reread->smtp.end_of_data, EndOfDataRule::kLenient);
}

TEST(ProfileFromJsonTest, EmptyObjectIsWin2003) {
  const auto profile = ProfileFromJson(json::object());
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_EQ(ProfileToJson(*profile), ProfileToJson(*FindBuiltinProfile("win2003")));
}

TEST(ProfileFromJsonTest, PartialFileChangesOnlyWhatItNames) {
  const auto profile = ProfileFromJson(json::parse(
      R"({"name": "lab", "window": {"count_signalling": false}, "smtp": {"max_recipients": 5}})"));
  ASSERT_TRUE(profile) << profile.error();
  const Profile& win2003 = *FindBuiltinProfile("win2003");
  EXPECT_EQ(profile->name, "lab");
  EXPECT_FALSE(profile->window.count_signalling);
  EXPECT_EQ(profile->window.size, 64u);
  EXPECT_TRUE(profile->window.count_unknown);
  EXPECT_EQ(profile->smtp.max_recipients, 5u);
  EXPECT_EQ(profile->smtp.max_message_bytes, win2003.smtp.max_message_bytes);
  EXPECT_EQ(profile->suites, win2003.suites);
  EXPECT_EQ(profile->description, win2003.description);
}

TEST(ProfileFromJsonTest, BaseNamesTheBuiltinToStartFrom) {
  const auto profile =
      ProfileFromJson(json::parse(R"({"base": "win2003-aes", "failure": "reset"})"));
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_EQ(profile->suites, FindBuiltinProfile("win2003-aes")->suites);
  EXPECT_EQ(profile->failure, FailureMode::kReset);
}

TEST(ProfileFromJsonTest, SuitesMayBeGivenAsCodesNamesOrNumbers) {
  const auto profile = ProfileFromJson(json::parse(
      R"({"suites": ["0x0035 AES256-SHA", "0x002F", "RC4-SHA", "TLS_RSA_WITH_RC4_128_MD5", 10]})"));
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_EQ(profile->suites, (std::vector<std::uint16_t>{0x0035, 0x002f, 0x0005, 0x0004, 0x000a}));
}

TEST(ProfileFromJsonTest, MaxLimitsAcceptNullForNoLimit) {
  const auto profile = ProfileFromJson(
      json::parse(R"({"base": "asa-128-suites", "intolerances": {"max_offered_suites": null}})"));
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_FALSE(profile->intolerances.max_offered_suites);
}

TEST(ProfileFromJsonTest, UnknownKeysAreNamedWithTheAllowedKeys) {
  const std::string error = ErrorOf(R"({"windw": {}})");
  EXPECT_TRUE(Contains(error, "windw: unknown key")) << error;
  EXPECT_TRUE(Contains(error, "window")) << error;
  EXPECT_TRUE(Contains(ErrorOf(R"({"window": {"slots": 3}})"), "window.slots: unknown key"));
  EXPECT_TRUE(
      Contains(ErrorOf(R"({"intolerances": {"hang": true}})"), "intolerances.hang: unknown key"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"smtp": {"banner_text": "x"}})"), "smtp.banner_text"));
}

TEST(ProfileFromJsonTest, WrongTypesAreNamedWithWhatIsExpected) {
  EXPECT_EQ(ErrorOf(R"({"accept_ssl2_hello": "yes"})"),
            "accept_ssl2_hello: expected true or false");
  EXPECT_EQ(ErrorOf(R"({"name": 3})"), "name: expected a string");
  EXPECT_TRUE(Contains(ErrorOf(R"({"window": 64})"), "window: expected an object"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"window": {"size": -1}})"), "window.size: expected a whole"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"window": {"size": 6.5}})"), "window.size: expected a whole"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"session_cache_seconds": "300"})"),
                       "session_cache_seconds: expected a whole number"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"intolerances": []})"), "intolerances: expected an object"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"intolerances": {"known_extensions": "sni"}})"),
                       "intolerances.known_extensions: expected an array"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"intolerances": {"known_extensions": ["sni"]}})"),
                       "intolerances.known_extensions[0]: expected an extension type"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"intolerances": {"max_offered_suites": 0}})"),
                       "intolerances.max_offered_suites: expected null (no limit)"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"smtp": []})"), "smtp: expected an object"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"max_client_hello_bytes": true})"),
                       "max_client_hello_bytes: expected null"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"certificate_key_bits": 256})"),
                       "certificate_key_bits: expected a whole number from 512 to 8192"));
}

TEST(ProfileFromJsonTest, ExtensionNameThatDoesNotMatchItsCodeIsAnError) {
  EXPECT_TRUE(Contains(ErrorOf(R"({"intolerances": {"known_extensions": ["0x0000 sni"]}})"),
                       "0x0000 server_name"));
}

TEST(ProfileFromJsonTest, ProfileThatIsNotAnObjectIsAnError) {
  EXPECT_TRUE(Contains(ErrorOf("[1, 2]"), "expected a JSON object"));
  EXPECT_TRUE(Contains(ErrorOf("null"), "expected a JSON object"));
}

TEST(ProfileFromJsonTest, BadVersionsSayWhichAreAllowed) {
  const std::string error = ErrorOf(R"({"max_version": "TLSv1.2"})");
  EXPECT_TRUE(Contains(error, "max_version: \"TLSv1.2\" is not allowed")) << error;
  EXPECT_TRUE(Contains(error, "\"SSLv3\" or \"TLSv1.0\"")) << error;
  EXPECT_TRUE(Contains(ErrorOf(R"({"min_version": "SSLv2"})"), "SSL 2.0 protocol itself"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"min_version": 769})"), "min_version: expected"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"min_version": "TLSv1.0", "max_version": "SSLv3"})"),
                       "must not exceed the maximum"));
  EXPECT_EQ(ErrorOf(R"({"min_version": "0x0301"})"), "");
}

TEST(ProfileFromJsonTest, UnknownFailureModesSayWhichAreAllowed) {
  EXPECT_EQ(ErrorOf(R"({"failure": "fin"})"), R"(failure: expected "close", "reset" or "alert")");
  EXPECT_EQ(ErrorOf(R"({"failure": 1})"), R"(failure: expected "close", "reset" or "alert")");
}

TEST(ProfileFromJsonTest, SuitesOutsideTheTableAreNamedWithTheAllowedOnes) {
  const std::string error = ErrorOf(R"({"suites": ["0x0004", "0xc030"]})");
  EXPECT_TRUE(Contains(error, "suites[1]: \"0xc030\" is not a suite the emulator implements"))
      << error;
  EXPECT_TRUE(Contains(error, "0x0035 AES256-SHA")) << error;
  EXPECT_TRUE(Contains(ErrorOf(R"({"suites": [49200]})"), "suites[0]: 49200 is not a suite"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"suites": ["ECDHE-RSA-AES256-SHA"]})"), "suites[0]"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"suites": [true]})"), "suites[0]: expected a string"));
  EXPECT_TRUE(
      Contains(ErrorOf(R"({"suites": ["0x0004 RC4-SHA"]})"), "wrong name; 0x0004 is RC4-MD5"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"suites": ["0x0004", "RC4-MD5"]})"), "listed twice"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"suites": []})"), "suites: expected a non-empty array"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"suites": "0x0004"})"), "suites: expected a non-empty array"));
}

TEST(ProfileFromJsonTest, UnknownBaseListsTheBuiltins) {
  const std::string error = ErrorOf(R"({"base": "win2008"})");
  EXPECT_TRUE(Contains(error, "base: expected the name of a built-in profile")) << error;
  EXPECT_TRUE(Contains(error, "win2003-aes")) << error;
  EXPECT_TRUE(Contains(ErrorOf(R"({"base": 1})"), "base:"));
}

TEST(ProfileFromJsonTest, OtherValueErrorsAreNamed) {
  EXPECT_EQ(ErrorOf(R"({"name": ""})"), "name: expected a non-empty string");
  EXPECT_TRUE(Contains(ErrorOf(R"({"certificate_hash": "md5"})"),
                       "certificate_hash: \"md5\" is not allowed; expected one of sha1"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"smtp": {"end_of_data": "loose"}})"), "smtp.end_of_data"));
}

class LoadProfileFileTest : public testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  void SetUp() override {
    directory_ = std::filesystem::path(SCHANNEL_EMU_BINARY_DIR) / "profile_json_test" /
                 testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(directory_);
  }

  std::filesystem::path directory_;
};

TEST_F(LoadProfileFileTest, ReadsAPartialProfile) {
  const auto profile = LoadProfileFile(Write("lab.json", R"({"base": "win2003-aes",
      "window": {"size": 65}})"));
  ASSERT_TRUE(profile) << profile.error();
  EXPECT_EQ(profile->window.size, 65u);
  EXPECT_EQ(profile->name, "win2003-aes");
}

TEST_F(LoadProfileFileTest, MissingFileNamesThePath) {
  const std::string path = (directory_ / "absent.json").string();
  const auto profile = LoadProfileFile(path);
  ASSERT_FALSE(profile);
  EXPECT_TRUE(Contains(profile.error(), "profile file " + path + ": cannot open it"))
      << profile.error();
}

TEST_F(LoadProfileFileTest, DirectoryIsNotAProfile) {
  const auto profile = LoadProfileFile(directory_.string());
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error(), "profile file " + directory_.string() +
                                 ": is a directory; give the path of a .json file");
}

TEST_F(LoadProfileFileTest, SyntaxErrorGivesPathLineAndColumn) {
  const std::string path = Write("broken.json", "{\n  \"name\": \"x\",\n}\n");
  const auto profile = LoadProfileFile(path);
  ASSERT_FALSE(profile);
  EXPECT_TRUE(Contains(profile.error(), "profile file " + path + ": not valid JSON"))
      << profile.error();
  EXPECT_TRUE(Contains(profile.error(), "line 3")) << profile.error();
  EXPECT_FALSE(Contains(profile.error(), "[json.exception")) << profile.error();
}

TEST_F(LoadProfileFileTest, EmptyFileIsNotValidJson) {
  const auto profile = LoadProfileFile(Write("empty.json", ""));
  ASSERT_FALSE(profile);
  EXPECT_TRUE(Contains(profile.error(), "not valid JSON")) << profile.error();
}

TEST_F(LoadProfileFileTest, ContentErrorNamesThePathAndTheKey) {
  const std::string path = Write("bad.json", R"({"failure": "rst"})");
  const auto profile = LoadProfileFile(path);
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error(),
            "profile file " + path + ": failure: expected \"close\", \"reset\" or \"alert\"");
}

TEST_F(LoadProfileFileTest, OversizedFileIsRefused) {
  const auto profile = LoadProfileFile(Write("huge.json", std::string(2 << 20, ' ')));
  ASSERT_FALSE(profile);
  EXPECT_TRUE(Contains(profile.error(), "is this a profile?")) << profile.error();
}

TEST_F(LoadProfileFileTest, PrintedBuiltinLoadsBackAsTheSameProfile) {
  for (const Profile& builtin : BuiltinProfiles()) {
    const auto profile =
        LoadProfileFile(Write(builtin.name + ".json", ProfileToJson(builtin).dump(2)));
    ASSERT_TRUE(profile) << profile.error();
    EXPECT_EQ(ProfileToJson(*profile), ProfileToJson(builtin));
  }
}

}  // namespace
}  // namespace schannel_emu
