#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "emulator/check/check_command.h"

namespace schannel_emu {
namespace {

std::string WritePage(const std::string& name) {
  const std::string path =
      std::string(::testing::TempDir()) + "/" + name + std::to_string(getpid()) + ".html";
  const std::vector<std::string> args = {
      std::string(SCHANNEL_EMU_SOURCE_DIR) + "/fixtures/customer/original-suites.txt",
      "--profile",
      "win2003",
      "--profile",
      "win2003-aes",
      "--html",
      path};
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(RunCheck(args, in, out, err), 1) << err.str();
  return path;
}

std::string ReadAll(const std::string& path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// Row finds the opening tag of the element with id `id`.
std::string Tag(const std::string& page, const std::string& id) {
  const std::size_t at = page.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const std::size_t start = page.rfind('<', at);
  return page.substr(start, page.find('>', at) - start + 1);
}

void ExpectCustomerPage(const std::string& page) {
  // The boundary sits between entries 64 and 65.
  const std::size_t boundary = page.find("id=\"window-boundary\"");
  ASSERT_NE(boundary, std::string::npos);
  EXPECT_LT(page.find("id=\"suite-64\""), boundary);
  EXPECT_GT(page.find("id=\"suite-65\""), boundary);

  // RC4-SHA (75), RC4-MD5 (76) and 3DES (85) are usable but below the line.
  for (const char* id : {"suite-75", "suite-76", "suite-85"}) {
    const std::string tag = Tag(page, id);
    EXPECT_NE(tag.find("usable"), std::string::npos) << tag;
    EXPECT_NE(tag.find("out-of-window"), std::string::npos) << tag;
  }
  EXPECT_EQ(Tag(page, "suite-31").find("usable"), std::string::npos);
  EXPECT_NE(page.find("class=\"fix\""), std::string::npos);
}

TEST(ReportHtml, WritesOneSelfContainedPageWithTheBoundaryAndUsableSuitesMarked) {
  const std::string path = WritePage("page");
  const std::string page = ReadAll(path);
  std::remove(path.c_str());
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  ExpectCustomerPage(page);
}

TEST(ReportHtml, ShowsTheBoundaryAndUsableSuitesInAHeadlessBrowser) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
  }
  const std::string path = WritePage("browser");
  char profile_template[] = "/tmp/check-chromium-XXXXXX";
  const char* profile = mkdtemp(profile_template);
  ASSERT_NE(profile, nullptr);
  const std::string command =
      "timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir=" +
      std::string(profile) + " --dump-dom file://" + path + " 2>/dev/null";
  std::string dom;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 4096> chunk{};
  for (std::size_t got; (got = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0;) {
    dom.append(chunk.data(), got);
  }
  pclose(pipe);
  std::remove(path.c_str());
  std::system(("rm -rf " + std::string(profile)).c_str());
  ASSERT_FALSE(dom.empty()) << "chromium printed no DOM";
  ExpectCustomerPage(dom);
}

}  // namespace
}  // namespace schannel_emu
