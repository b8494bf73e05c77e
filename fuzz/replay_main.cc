// A main() for builds without libFuzzer: runs LLVMFuzzerTestOneInput once on each file
// named on the command line, or on each regular file of each directory named, so that
// ctest replays the corpora and a regression fails the ordinary build.
//
// Exit status: 0 when every input ran, 1 when an argument could not be read or named no
// input at all (an empty corpus would make the replay a test that cannot fail). A broken
// property aborts inside the target, which ctest reports as a failure.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fuzz/harness.h"

namespace {

bool ReadFile(const std::filesystem::path& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Inputs expands the arguments into a sorted list of files, so runs are repeatable.
bool Inputs(int argc, char** argv, std::vector<std::filesystem::path>& files) {
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg, error)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (std::filesystem::is_regular_file(arg, error)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "replay: %s is neither a file nor a directory; pass corpus paths\n",
                   argv[i]);
      return false;
    }
    if (error) {
      std::fprintf(stderr, "replay: cannot list %s: %s\n", argv[i], error.message().c_str());
      return false;
    }
  }
  std::sort(files.begin(), files.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  if (!Inputs(argc, argv, files)) return 1;
  if (files.empty()) {
    std::fprintf(stderr, "replay: no input files; name a corpus directory with seed files\n");
    return 1;
  }

  std::vector<std::uint8_t> data;
  for (const auto& file : files) {
    if (!ReadFile(file, data)) {
      std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
      return 1;
    }
    // Printed before the run so that a crash names the input that caused it.
    std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), data.size());
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::fprintf(stderr, "replay: %zu inputs ran\n", files.size());
  return 0;
}
