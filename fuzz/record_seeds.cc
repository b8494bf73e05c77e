// record_seeds: writes the seed corpora under fuzz/ from the project's fixtures and from
// deterministic transcripts, so the committed seeds can be regenerated and reviewed.
//
// Usage: record_seeds SOURCE_DIR [OUT_DIR]
//   reads SOURCE_DIR/fixtures/customer/*.hello.hex and writes OUT_DIR/<target>_corpus/
//   files with descriptive names; OUT_DIR defaults to SOURCE_DIR/fuzz. Existing files of
//   the same name are overwritten; other files (inputs the fuzzer found and someone
//   added) are left alone.
// Exit status: 0 on success; 1 with a message when a fixture cannot be read, a file
// cannot be written, or a recorded handshake does not replay to its data (the engine's
// deterministic mode broke). ctest runs it into the build tree for that last check.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "fuzz/harness.h"
#include "fuzz/seed_streams.h"
#include "fuzz/tls_seeds.h"

namespace {

namespace se = schannel_emu;
namespace fs = std::filesystem;

bool ReadText(const fs::path& path, std::string& out) {
  std::ifstream in(path);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool WriteSeed(const fs::path& dir, const std::string& name, const se::Bytes& bytes) {
  std::error_code error;
  fs::create_directories(dir, error);
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "record_seeds: cannot write %s\n", (dir / name).c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr,
                 "usage: record_seeds SOURCE_DIR [OUT_DIR] (SOURCE_DIR: the repository "
                 "root; OUT_DIR: where the <target>_corpus folders go)\n");
    return 1;
  }
  const fs::path root(argv[1]);
  const fs::path fuzz_dir = argc == 3 ? fs::path(argv[2]) : root / "fuzz";

  std::vector<se::fuzz::NamedStream> hellos;
  for (const char* name : {"original", "excluded"}) {
    const fs::path path = root / "fixtures" / "customer" / (std::string(name) + ".hello.hex");
    std::string text;
    std::string hex;
    if (ReadText(path, text)) {
      for (const char c : text) {
        if (c != '\n' && c != '\r' && c != ' ') hex.push_back(c);
      }
    }
    const auto bytes = se::FromHex(hex);
    if (!bytes) {
      std::fprintf(stderr, "record_seeds: %s is missing or not one line of hex\n", path.c_str());
      return 1;
    }
    hellos.push_back({std::string("customer-") + name, *bytes});
  }

  std::vector<se::fuzz::CorpusSeeds> corpora = se::fuzz::AllSeeds(hellos);
  corpora.push_back(se::fuzz::TlsSeeds(hellos));
  corpora.push_back(se::fuzz::SessionSeeds(hellos));
  bool failed = false;
  for (const se::fuzz::CorpusSeeds& corpus : corpora) {
    for (const se::fuzz::NamedStream& seed : corpus.seeds) {
      if (!WriteSeed(fuzz_dir / (corpus.target + "_corpus"), seed.name, seed.bytes)) return 1;
    }
    std::printf("%s: %zu seeds\n", corpus.target.c_str(), corpus.seeds.size());
    failed = failed || !corpus.failures.empty();
  }
  return failed ? 1 : 0;
}
