#include "emulator/core/base/random.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace schannel_emu {

void OsRandom::Fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) std::abort();
}

void DeterministicRandom::Fill(std::span<std::uint8_t> out) {
  std::size_t filled = 0;
  while (filled < out.size()) {
    std::array<std::uint8_t, 16> input{};
    for (int i = 0; i < 8; ++i) {
      input[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(seed_ >> (56 - 8 * i));
      input[static_cast<std::size_t>(8 + i)] =
          static_cast<std::uint8_t>(block_counter_ >> (56 - 8 * i));
    }
    ++block_counter_;

    std::array<std::uint8_t, 32> block{};
    unsigned int length = 0;
    if (EVP_Digest(input.data(), input.size(), block.data(), &length, EVP_sha256(), nullptr) !=
        1) {
      std::abort();
    }
    const std::size_t take = std::min(out.size() - filled, block.size());
    std::memcpy(out.data() + filled, block.data(), take);
    filled += take;
  }
}

}  // namespace schannel_emu
