#include "emulator/core/tls/rsa_decryption_pool.h"

#include <openssl/rsa.h>

namespace schannel_emu {
namespace {

EVP_PKEY_CTX* NewDecryptionContext(EVP_PKEY* key) {
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  if (context == nullptr) return nullptr;
  if (EVP_PKEY_decrypt_init(context) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) != 1) {
    EVP_PKEY_CTX_free(context);
    return nullptr;
  }
  return context;
}

}  // namespace

RsaDecryptionPool::~RsaDecryptionPool() {
  for (EVP_PKEY_CTX* context : idle_) EVP_PKEY_CTX_free(context);
}

RsaDecryptionPool::Lease RsaDecryptionPool::Take(EVP_PKEY* key) {
  std::vector<EVP_PKEY_CTX*> stale;
  EVP_PKEY_CTX* found = nullptr;
  {
    const std::lock_guard lock(mutex_);
    while (!idle_.empty() && found == nullptr) {
      EVP_PKEY_CTX* context = idle_.back();
      idle_.pop_back();
      if (EVP_PKEY_CTX_get0_pkey(context) == key) {
        found = context;
      } else {
        stale.push_back(context);
      }
    }
  }
  for (EVP_PKEY_CTX* context : stale) EVP_PKEY_CTX_free(context);
  return Lease(*this, found != nullptr ? found : NewDecryptionContext(key));
}

void RsaDecryptionPool::Return(EVP_PKEY_CTX* context) {
  if (context == nullptr) return;
  {
    const std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) {
      idle_.push_back(context);
      return;
    }
  }
  EVP_PKEY_CTX_free(context);
}

std::size_t RsaDecryptionPool::idle() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace schannel_emu
