#include "emulator/core/tls/record_mac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "emulator/core/tls/crypto_context.h"

namespace schannel_emu {
namespace {

// CryptoFailure ends the process when libcrypto fails on a record with a key
// that it accepted in Create: only memory exhaustion gets here, never peer input.
[[noreturn]] void CryptoFailure(const char* step) {
  std::fprintf(stderr, "schannel-emu: libcrypto failed in %s; the OpenSSL installation is broken\n",
               step);
  std::abort();
}

// Ssl3PadLength is RFC 6101's pad length: 48 bytes for MD5, 40 for SHA-1, so
// that key, pad and the hash's block boundary line up as the RFC intends.
std::size_t Ssl3PadLength(MacAlgorithm mac) { return mac == MacAlgorithm::kMd5 ? 48 : 40; }

}  // namespace

void RecordMac::MdCtxFree::operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
void RecordMac::MacCtxFree::operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }

RecordMac::RecordMac(RecordMac&&) noexcept = default;
RecordMac& RecordMac::operator=(RecordMac&&) noexcept = default;
RecordMac::~RecordMac() = default;

Expected<RecordMac, std::string> RecordMac::Create(std::uint16_t version, MacAlgorithm mac,
                                                   ByteView key) {
  auto crypto = TlsCrypto();
  if (!crypto) return Unexpected{crypto.error()};
  const EVP_MD* md = mac == MacAlgorithm::kMd5 ? (*crypto)->md5 : (*crypto)->sha1;
  RecordMac result(version, MacLength(mac));

  if (version == kSsl3) {
    Bytes pad1(Ssl3PadLength(mac), 0x36);
    Bytes pad2(Ssl3PadLength(mac), 0x5c);
    result.inner_template_.reset(EVP_MD_CTX_new());
    result.outer_template_.reset(EVP_MD_CTX_new());
    result.work_.reset(EVP_MD_CTX_new());
    if (!result.inner_template_ || !result.outer_template_ || !result.work_ ||
        EVP_DigestInit_ex(result.inner_template_.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(result.inner_template_.get(), key.data(), key.size()) != 1 ||
        EVP_DigestUpdate(result.inner_template_.get(), pad1.data(), pad1.size()) != 1 ||
        EVP_DigestInit_ex(result.outer_template_.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(result.outer_template_.get(), key.data(), key.size()) != 1 ||
        EVP_DigestUpdate(result.outer_template_.get(), pad2.data(), pad2.size()) != 1) {
      return Unexpected{std::string("libcrypto cannot prepare the SSL 3.0 record MAC")};
    }
    return result;
  }

  result.hmac_.reset(EVP_MAC_CTX_new((*crypto)->hmac));
  // OSSL_PARAM wants a non-const pointer but does not write through it.
  char* digest_name = const_cast<char*>(EVP_MD_get0_name(md));
  std::array<OSSL_PARAM, 2> params{
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end()};
  if (!result.hmac_ ||
      EVP_MAC_init(result.hmac_.get(), key.data(), key.size(), params.data()) != 1) {
    return Unexpected{std::string("libcrypto cannot prepare the TLS record HMAC")};
  }
  return result;
}

void RecordMac::Compute(std::uint64_t seq, ContentType type, ByteView fragment, std::uint8_t* out) {
  // The header is seq_num(8) || type(1) || [version(2), TLS only] || length(2).
  std::array<std::uint8_t, 13> header{};
  std::size_t used = 0;
  for (int shift = 56; shift >= 0; shift -= 8) {
    header[used++] = static_cast<std::uint8_t>(seq >> shift);
  }
  header[used++] = static_cast<std::uint8_t>(type);
  if (version_ != kSsl3) {
    header[used++] = static_cast<std::uint8_t>(version_ >> 8);
    header[used++] = static_cast<std::uint8_t>(version_);
  }
  header[used++] = static_cast<std::uint8_t>(fragment.size() >> 8);
  header[used++] = static_cast<std::uint8_t>(fragment.size());
  ByteView header_view(header.data(), used);

  if (version_ == kSsl3) {
    ComputeSsl3(header_view, fragment, out);
  } else {
    ComputeHmac(header_view, fragment, out);
  }
}

void RecordMac::ComputeSsl3(ByteView header, ByteView fragment, std::uint8_t* out) {
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> inner{};
  unsigned int inner_length = 0;
  unsigned int outer_length = 0;
  if (EVP_MD_CTX_copy_ex(work_.get(), inner_template_.get()) != 1 ||
      EVP_DigestUpdate(work_.get(), header.data(), header.size()) != 1 ||
      EVP_DigestUpdate(work_.get(), fragment.data(), fragment.size()) != 1 ||
      EVP_DigestFinal_ex(work_.get(), inner.data(), &inner_length) != 1 ||
      EVP_MD_CTX_copy_ex(work_.get(), outer_template_.get()) != 1 ||
      EVP_DigestUpdate(work_.get(), inner.data(), inner_length) != 1 ||
      EVP_DigestFinal_ex(work_.get(), out, &outer_length) != 1) {
    CryptoFailure("the SSL 3.0 record MAC");
  }
}

void RecordMac::ComputeHmac(ByteView header, ByteView fragment, std::uint8_t* out) {
  // A null key re-initialises the context with the key given in Create, which
  // skips hashing the key pads again for every record.
  std::size_t written = 0;
  if (EVP_MAC_init(hmac_.get(), nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(hmac_.get(), header.data(), header.size()) != 1 ||
      EVP_MAC_update(hmac_.get(), fragment.data(), fragment.size()) != 1 ||
      EVP_MAC_final(hmac_.get(), out, &written, size_) != 1 || written != size_) {
    CryptoFailure("the TLS record HMAC");
  }
}

}  // namespace schannel_emu
