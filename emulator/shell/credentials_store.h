// Where the server's certificate comes from: files the user names, or a generated
// self-signed one kept in a cache folder so that restarts present the same certificate.
#pragma once

#include <filesystem>
#include <string>

#include "emulator/core/base/expected.h"
#include "emulator/core/tls/server_credentials.h"

namespace schannel_emu {

struct LoadedCredentials {
  ServerCredentials credentials;
  std::string origin;  // one sentence for the log: which files, generated or reused
};

// LoadCredentialsFiles reads a PEM certificate and RSA key; errors name the file.
Expected<LoadedCredentials, std::string> LoadCredentialsFiles(const std::string& cert_file,
                                                              const std::string& key_file);

// LoadOrCreateCachedCredentials returns the cached self-signed certificate for this key
// size, hash and name (cert-rsa<bits>-<hash>-<name>.pem and key-... in `cache_dir`),
// generating and storing it (key file mode 0600) on first use.
Expected<LoadedCredentials, std::string> LoadOrCreateCachedCredentials(
    const std::filesystem::path& cache_dir, unsigned key_bits, const std::string& hash,
    const std::string& common_name);

// DefaultCredentialsCacheDir is $XDG_CACHE_HOME/schannel-emu, else ~/.cache/schannel-emu,
// else ./.schannel-emu-cache.
std::filesystem::path DefaultCredentialsCacheDir();

}  // namespace schannel_emu
