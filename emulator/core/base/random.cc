#include "emulator/core/base/random.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

namespace schannel_emu {

void OsRandom::Fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) std::abort();
}

void DeterministicRandom::NextBlock() {
  std::array<std::uint8_t, 16> input{};
  for (std::size_t i = 0; i < 8; ++i) {
    input[i] = static_cast<std::uint8_t>(seed_ >> (56 - 8 * i));
    input[8 + i] = static_cast<std::uint8_t>(block_counter_ >> (56 - 8 * i));
  }
  ++block_counter_;

  // Fetched once: EVP_sha256() makes every EVP_Digest look the algorithm up again,
  // which was most of the cost of a block.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  unsigned int length = 0;
  if (sha256 == nullptr ||
      EVP_Digest(input.data(), input.size(), block_.data(), &length, sha256, nullptr) != 1) {
    std::abort();
  }
  block_used_ = 0;
}

void DeterministicRandom::Fill(std::span<std::uint8_t> out) {
  std::size_t filled = 0;
  while (filled < out.size()) {
    if (block_used_ == block_.size()) NextBlock();
    const std::size_t take = std::min(out.size() - filled, block_.size() - block_used_);
    std::memcpy(out.data() + filled, block_.data() + block_used_, take);
    block_used_ += take;
    filled += take;
  }
}

}  // namespace schannel_emu
