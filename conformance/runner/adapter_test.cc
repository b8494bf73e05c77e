#include "conformance/runner/adapter.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace schannel_emu::conform {
namespace {

TEST(AdapterTest, ExpandTemplateFillsKnownNamesAndLeavesShellBracesAlone) {
  const Variables variables{{"host", "127.0.0.1"}, {"port", "2525"}};
  EXPECT_EQ(ExpandTemplate("swaks --server {host}:{port} ${HOME} {unknown} {", variables),
            "swaks --server 127.0.0.1:2525 ${HOME} {unknown} {");
  EXPECT_EQ(ExpandTemplate("{{host}}", variables), "{127.0.0.1}");
}

TEST(AdapterTest, ParseAdapterReadsEveryField) {
  const auto adapter = ParseAdapter(nlohmann::json::parse(R"({
    "name": "demo", "kind": "mta", "requires": ["sh"], "capabilities": ["retry_in_clear"],
    "message_line_endings": "lf", "files": {"main.cf": ["a = {host}"]},
    "setup": "true", "send": "cat {message}", "flush": "true", "flush_interval": 0.5,
    "queued": "true", "teardown": ["true"], "version": "echo 1"})"));
  ASSERT_TRUE(adapter) << adapter.error();
  EXPECT_EQ(adapter->kind, ClientKind::kMta);
  EXPECT_EQ(adapter->setup, std::vector<std::string>{"true"});
  EXPECT_EQ(adapter->files.at("main.cf"), std::vector<std::string>{"a = {host}"});
  EXPECT_DOUBLE_EQ(adapter->flush_interval_seconds, 0.5);
  EXPECT_TRUE(HasCapability(*adapter, "retry_in_clear"));
  EXPECT_FALSE(HasCapability(*adapter, "chunking"));
}

TEST(AdapterTest, ParseAdapterRefusesFileNamesThatLeaveTheWorkFolder) {
  const auto adapter = ParseAdapter(
      nlohmann::json::parse(R"({"name": "x", "send": "true", "files": {"../evil": ["x"]}})"));
  ASSERT_FALSE(adapter);
  EXPECT_NE(adapter.error().find("plain file name"), std::string::npos);
}

TEST(AdapterTest, MissingProgramNamesTheFirstProgramNotInstalled) {
  Adapter adapter;
  adapter.requires_programs = {"sh", "{dir}/no-such-program-here"};
  EXPECT_EQ(MissingProgram(adapter, {{"dir", "/nonexistent"}}),
            "/nonexistent/no-such-program-here");
  adapter.requires_programs = {"sh"};
  EXPECT_EQ(MissingProgram(adapter, {}), "");
}

TEST(AdapterTest, EveryShippedAdapterParses) {
  const std::filesystem::path folder =
      std::filesystem::path(SCHANNEL_EMU_SOURCE_DIR) / "conformance" / "adapters";
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".json") continue;
    const auto adapter = LoadAdapterFile(entry.path());
    EXPECT_TRUE(adapter) << adapter.error();
    if (adapter) {
      EXPECT_EQ(adapter->name, entry.path().stem().string());
    }
    ++count;
  }
  EXPECT_GE(count, 7u);
}

}  // namespace
}  // namespace schannel_emu::conform
