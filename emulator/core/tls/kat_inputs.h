// Inputs shared by the known-answer tests: the byte sequences make_kat.py feeds its
// independent implementation, and hex literals that must parse.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "emulator/core/base/bytes.h"

namespace schannel_emu::kat {

// Sequence makes the fixed inputs of make_kat.py: count bytes start, start+step, ...
inline Bytes Sequence(std::uint8_t start, std::size_t count, std::uint8_t step = 1) {
  Bytes out(count);
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = static_cast<std::uint8_t>(start + i * step);
  }
  return out;
}

// Hex parses a test's hex literal; a bad literal fails the test that uses it.
inline Bytes Hex(const char* hex) {
  auto bytes = FromHex(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return bytes.value_or(Bytes{});
}

}  // namespace schannel_emu::kat
