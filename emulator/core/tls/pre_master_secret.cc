#include "emulator/core/tls/pre_master_secret.h"

#include <openssl/err.h>

namespace schannel_emu {
namespace {

// AllOnesIf returns 0xff when `condition` is 1 and 0x00 when it is 0, without a branch.
std::uint8_t AllOnesIf(unsigned condition) {
  return static_cast<std::uint8_t>(0u - (condition & 1u));
}

// Equal16 is 1 when the two bytes form `version`, computed without a branch.
unsigned Equal16(std::uint8_t high, std::uint8_t low, std::uint16_t version) {
  const unsigned difference =
      (unsigned{high} ^ (unsigned{version} >> 8)) | (unsigned{low} ^ (unsigned{version} & 0xffu));
  return ((difference | (0u - difference)) >> 31) ^ 1u;
}

}  // namespace

PreMasterSecret DecryptPreMasterSecret(EVP_PKEY* private_key, RsaDecryptionPool& pool,
                                       ByteView encrypted, std::uint16_t accepted_version_a,
                                       std::uint16_t accepted_version_b, RandomSource& random) {
  PreMasterSecret result;
  result.secret.resize(kPreMasterSecretLength);
  random.Fill(result.secret);

  // Decrypt into a buffer of the key's size; whatever happens, the decision below
  // only combines bits and copies with masks.
  const int key_size = EVP_PKEY_get_size(private_key);
  Bytes decrypted(key_size > 0 ? static_cast<std::size_t>(key_size) : 0);
  std::size_t decrypted_length = decrypted.size();
  unsigned ok = 0;

  {
    const RsaDecryptionPool::Lease context = pool.Take(private_key);
    if (context.get() != nullptr && !decrypted.empty()) {
      ok = EVP_PKEY_decrypt(context.get(), decrypted.data(), &decrypted_length, encrypted.data(),
                            encrypted.size()) == 1
               ? 1u
               : 0u;
    }
  }
  // A block that does not decrypt leaves an entry on the thread's error queue.
  // Clearing it every time, not only after a failure, keeps that branch-free and
  // keeps the stale entry from being read as the cause of a later failure.
  ERR_clear_error();
  if (ok == 0 || decrypted_length < kPreMasterSecretLength) {
    decrypted_length = 0;
    ok = 0;
  }

  const unsigned right_length = decrypted_length == kPreMasterSecretLength ? 1u : 0u;
  const std::uint8_t high = decrypted.size() >= 2 ? decrypted[0] : 0;
  const std::uint8_t low = decrypted.size() >= 2 ? decrypted[1] : 0;
  const unsigned right_version =
      Equal16(high, low, accepted_version_a) | Equal16(high, low, accepted_version_b);
  const unsigned use_decrypted = ok & right_length & right_version;

  const std::uint8_t keep_mask = AllOnesIf(use_decrypted);
  for (std::size_t i = 0; i < kPreMasterSecretLength; ++i) {
    const std::uint8_t candidate = i < decrypted.size() ? decrypted[i] : 0;
    result.secret[i] =
        static_cast<std::uint8_t>((candidate & keep_mask) | (result.secret[i] & ~keep_mask));
  }
  result.substituted = use_decrypted == 0;
  OPENSSL_cleanse(decrypted.data(), decrypted.size());
  return result;
}

}  // namespace schannel_emu
