// Randomness as an input: the core draws every random byte from a RandomSource it is handed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace schannel_emu {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fill overwrites every byte of `out`. It cannot fail; a source that cannot
  // produce randomness aborts, since continuing would weaken every handshake.
  virtual void Fill(std::span<std::uint8_t> out) = 0;
};

// OsRandom draws from OpenSSL's RAND_bytes (seeded by the operating system).
class OsRandom final : public RandomSource {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

// DeterministicRandom yields the same stream for the same seed (SHA-256 over
// seed and a block counter), so transcripts can be replayed and diffed. It is
// for tests, fuzzing and --deterministic only: the stream is predictable.
class DeterministicRandom final : public RandomSource {
 public:
  explicit DeterministicRandom(std::uint64_t seed) : seed_(seed) {}
  // Fill continues one stream: 16+16 bytes drawn give the same bytes as 32 drawn at once.
  void Fill(std::span<std::uint8_t> out) override;

 private:
  void NextBlock();

  std::uint64_t seed_;
  std::uint64_t block_counter_ = 0;
  std::array<std::uint8_t, 32> block_{};
  std::size_t block_used_ = block_.size();  // all used: the first Fill computes block 0
};

}  // namespace schannel_emu
