#include "emulator/core/base/random.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {
namespace {

std::vector<std::uint8_t> Draw(RandomSource& source, std::size_t count) {
  std::vector<std::uint8_t> out(count);
  source.Fill(out);
  return out;
}

TEST(DeterministicRandom, SameSeedGivesTheSameStream) {
  DeterministicRandom first(42);
  DeterministicRandom second(42);

  EXPECT_EQ(Draw(first, 100), Draw(second, 100));
  EXPECT_EQ(Draw(first, 7), Draw(second, 7));
}

// The stream is part of what a recorded transcript depends on, so it is pinned:
// block i is SHA-256 of the seed and i, both as 8 big-endian bytes.
TEST(DeterministicRandom, StreamIsSha256OfSeedAndBlockNumber) {
  DeterministicRandom source(5);

  EXPECT_EQ(ToHex(Draw(source, 32)),
            "2c1b906867d313e9ee07fe22afc47439ef2a276c007fd555da428d975b6247fc");
  EXPECT_EQ(ToHex(Draw(source, 8)), "5c65d9cc22ae3e6f");
}

TEST(DeterministicRandom, DifferentSeedsGiveDifferentStreams) {
  DeterministicRandom first(1);
  DeterministicRandom second(2);

  EXPECT_NE(Draw(first, 32), Draw(second, 32));
}

TEST(DeterministicRandom, ConsecutiveDrawsDoNotRepeat) {
  DeterministicRandom source(7);

  const auto first = Draw(source, 32);
  const auto second = Draw(source, 32);

  EXPECT_NE(first, second);
}

TEST(DeterministicRandom, StreamDoesNotDependOnHowDrawsAreSized) {
  DeterministicRandom whole(99);
  DeterministicRandom pieces(99);

  const auto expected = Draw(whole, 96);
  std::vector<std::uint8_t> pieced;
  for (const std::size_t size : {1UL, 15UL, 16UL, 31UL, 33UL}) {
    const auto piece = Draw(pieces, size);
    pieced.insert(pieced.end(), piece.begin(), piece.end());
  }

  EXPECT_EQ(pieced, expected);
}

TEST(DeterministicRandom, FillsBuffersLongerThanOneDigest) {
  DeterministicRandom source(3);

  const auto bytes = Draw(source, 100);

  // Each 32-byte block comes from a different counter, so no block repeats the first.
  const std::vector<std::uint8_t> first(bytes.begin(), bytes.begin() + 32);
  const std::vector<std::uint8_t> second(bytes.begin() + 32, bytes.begin() + 64);
  EXPECT_NE(first, second);
}

TEST(DeterministicRandom, EmptyFillIsHarmless) {
  DeterministicRandom source(5);
  DeterministicRandom reference(5);

  source.Fill(std::span<std::uint8_t>{});

  EXPECT_EQ(Draw(source, 16), Draw(reference, 16));
}

TEST(OsRandom, OverwritesTheWholeBuffer) {
  OsRandom source;
  // The chance that 64 random bytes leave every 0x00 in place, or equal a second draw,
  // is 2^-512: a failure here means the source did not run.
  std::array<std::uint8_t, 64> first{};
  std::array<std::uint8_t, 64> second{};
  source.Fill(first);
  source.Fill(second);

  EXPECT_NE(first, (std::array<std::uint8_t, 64>{}));
  EXPECT_NE(first, second);
}

TEST(OsRandom, WorksThroughTheInterface) {
  OsRandom os;
  RandomSource& source = os;

  EXPECT_EQ(Draw(source, 48).size(), 48u);
  source.Fill(std::span<std::uint8_t>{});
}

}  // namespace
}  // namespace schannel_emu
