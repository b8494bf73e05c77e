// RsaDecryptionPool: libcrypto contexts set up once for PKCS#1 v1.5 decryption.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <mutex>
#include <vector>

namespace schannel_emu {

// RsaDecryptionPool keeps EVP_PKEY_CTXs that are already initialised for RSA
// PKCS#1 v1.5 decryption, so a handshake does not pay for the set-up: with an
// RSA-1024 key, making and initialising a context per decryption cost about a
// twentieth of the whole server side of a handshake. A context serves one
// decryption at a time; the pool hands each out through a Lease and takes it back
// when the lease ends. Safe to use from several threads. It holds at most
// kMaxIdle idle contexts; more leases at once are served by new contexts that are
// freed when they come back over the limit.
class RsaDecryptionPool {
 public:
  static constexpr std::size_t kMaxIdle = 64;

  RsaDecryptionPool() = default;
  ~RsaDecryptionPool();
  RsaDecryptionPool(const RsaDecryptionPool&) = delete;
  RsaDecryptionPool& operator=(const RsaDecryptionPool&) = delete;

  class Lease {
   public:
    Lease(RsaDecryptionPool& pool, EVP_PKEY_CTX* context) : pool_(pool), context_(context) {}
    ~Lease() { pool_.Return(context_); }
    Lease(Lease&& other) noexcept : pool_(other.pool_), context_(other.context_) {
      other.context_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;

    // get is the context, ready for EVP_PKEY_decrypt; null when libcrypto could not
    // make one (memory exhaustion), which the caller treats as a failed decryption.
    EVP_PKEY_CTX* get() const { return context_; }

   private:
    RsaDecryptionPool& pool_;
    EVP_PKEY_CTX* context_;
  };

  // Take leases a context for `key`. Idle contexts made for another key are freed
  // rather than used, so a pool shared by credentials whose key was replaced stays
  // correct.
  Lease Take(EVP_PKEY* key);

  std::size_t idle() const;

 private:
  void Return(EVP_PKEY_CTX* context);

  mutable std::mutex mutex_;
  std::vector<EVP_PKEY_CTX*> idle_;
};

}  // namespace schannel_emu
