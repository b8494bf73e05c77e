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
#include <utility>
#include <vector>

#include "emulator/core/base/bytes.h"
#include "fuzz/harness.h"
#include "fuzz/seed_streams.h"
#include "fuzz/tls_seeds.h"
#if SCHANNEL_EMU_FUZZ_CHECK_READERS
#include "emulator/check/pcap_input.h"
#include "fuzz/check_checks.h"
#endif

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

std::string Spaced(const std::string& hex, const char* separator, const char* prefix) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (i != 0) out += separator;
    out += prefix + hex.substr(i, 2);
  }
  return out + "\n";
}

// CheckSeeds gives the corpora of the `check` readers: the fixture hellos as hex in the
// spellings people paste, the fixture Wireshark dissections, and captures of the hellos.
// Empty when the readers are not built (no shell).
std::vector<se::fuzz::CorpusSeeds> CheckSeeds(const fs::path& root,
                                              const std::vector<se::fuzz::NamedStream>& hellos) {
  std::vector<se::fuzz::CorpusSeeds> corpora;
#if SCHANNEL_EMU_FUZZ_CHECK_READERS
  se::fuzz::CorpusSeeds hex{"fuzz_check_hex", {}, {}};
  se::fuzz::CorpusSeeds wireshark{"fuzz_check_wireshark", {}, {}};
  se::fuzz::CorpusSeeds pcap{"fuzz_check_pcap", {}, {}};
  for (const se::fuzz::NamedStream& hello : hellos) {
    const std::string text = se::ToHex(hello.bytes);
    hex.seeds.push_back({hello.name, se::Bytes(text.begin(), text.end())});
    for (const auto& [suffix, spelled] : {std::pair{"-spaced", Spaced(text, " ", "")},
                                          std::pair{"-c-array", Spaced(text, ", ", "0x")},
                                          std::pair{"-escaped", Spaced(text, "", "\\x")}}) {
      hex.seeds.push_back({hello.name + suffix, se::Bytes(spelled.begin(), spelled.end())});
    }
    // The handshake message without its 5-byte record header, and a bare suite list.
    const std::string message = text.substr(10);
    hex.seeds.push_back({hello.name + "-handshake", se::Bytes(message.begin(), message.end())});
    const std::string suites = "c030c02c00350005000400ff";
    hex.seeds.push_back({"suite-list", se::Bytes(suites.begin(), suites.end())});

    for (const se::fuzz::PcapSeed& seed : se::fuzz::PcapSeeds(hello.bytes)) {
      // A capture seed is only worth its bytes when the reader finds the hello in it.
      const auto scan = se::ReadPcap(seed.file);
      const std::string name = hello.name + "-" + seed.kind + ".pcap";
      if (!scan || scan->hellos.size() != 1) {
        std::fprintf(stderr, "record_seeds: the pcap reader finds no hello in %s\n", name.c_str());
        pcap.failures.push_back(name);
        continue;
      }
      pcap.seeds.push_back({name, seed.file});
    }
  }
  for (const char* name : {"wireshark-multiline.txt", "wireshark-one-line.txt"}) {
    std::string text;
    if (!ReadText(root / "fixtures" / "customer" / name, text)) {
      wireshark.failures.push_back(name);
      continue;
    }
    wireshark.seeds.push_back({name, se::Bytes(text.begin(), text.end())});
  }
  corpora = {hex, wireshark, pcap};
#else
  (void)root;
  (void)hellos;
#endif
  return corpora;
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
  for (se::fuzz::CorpusSeeds& corpus : CheckSeeds(root, hellos)) corpora.push_back(corpus);
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
