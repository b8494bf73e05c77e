#include "conformance/runner/shell_process.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace schannel_emu::conform {
namespace {

std::filesystem::path TempDir() {
  std::string path = (std::filesystem::temp_directory_path() / "conform-shell.XXXXXX").string();
  EXPECT_NE(::mkdtemp(path.data()), nullptr);
  return path;
}

TEST(ShellProcessTest, RunCommandReportsTheExitStatusAndKeepsTheOutput) {
  const auto dir = TempDir();
  const auto result =
      RunCommand("echo hello; exit 3", dir, dir / "out.log", std::chrono::seconds(10));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(ReadFileText(dir / "out.log"), "hello\n");
  std::filesystem::remove_all(dir);
}

TEST(ShellProcessTest, RunCommandKillsTheWholeGroupAtTheBound) {
  const auto dir = TempDir();
  const auto start = std::chrono::steady_clock::now();
  // The background child would outlive a kill of the shell alone and write the file.
  const auto result = RunCommand("(sleep 2; touch survived) & sleep 30", dir, dir / "out.log",
                                 std::chrono::milliseconds(300));
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_FALSE(std::filesystem::exists(dir / "survived"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace schannel_emu::conform
