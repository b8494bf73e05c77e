// GenerateSelfSignedCredentials: a fresh RSA key and self-signed certificate for the
// emulated server when the user supplies none.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "emulator/core/base/expected.h"
#include "emulator/core/base/random.h"
#include "emulator/core/tls/server_credentials.h"

namespace schannel_emu {

// SelfSignedCredentials carries the credentials and their PEM texts, which the
// shell caches on disk so that restarts present the same certificate.
struct SelfSignedCredentials {
  ServerCredentials credentials;
  std::string certificate_pem;
  std::string private_key_pem;
};

// GenerateSelfSignedCredentials makes an RSA key of key_bits (1024 to 8192) and
// an X.509 v3 certificate for common_name, signed with `hash` ("sha1", "sha256",
// "md5" ...: a stock 2003 SP2 cannot check SHA-2 signatures, FACTS.md), valid
// from a day before now_seconds for ten years. The serial number comes from
// `random`. The RSA key itself comes from libcrypto's own generator: OpenSSL has
// no supported way to feed key generation from a caller's byte stream, which is
// why the shell caches the result instead of regenerating it in deterministic
// mode. On failure the error names the bad parameter or the libcrypto step.
Expected<SelfSignedCredentials, std::string> GenerateSelfSignedCredentials(
    unsigned key_bits, std::string_view hash, std::string_view common_name, RandomSource& random,
    std::int64_t now_seconds);

}  // namespace schannel_emu
