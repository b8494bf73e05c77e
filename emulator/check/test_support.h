// Helpers shared by the check tests: reading fixtures from the source tree.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace schannel_emu::testing {

inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream file(std::string(SCHANNEL_EMU_SOURCE_DIR) + "/" + relative, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

inline std::vector<std::uint16_t> ReadSuiteFile(const std::string& relative) {
  std::vector<std::uint16_t> suites;
  std::istringstream words(ReadSourceFile(relative));
  std::string word;
  while (words >> word) suites.push_back(static_cast<std::uint16_t>(std::stoul(word, nullptr, 16)));
  return suites;
}

}  // namespace schannel_emu::testing
