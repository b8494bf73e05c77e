#include "emulator/shell/credentials_store.h"

#include <sys/stat.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "emulator/core/tls/self_signed.h"

namespace schannel_emu {
namespace {

Expected<std::string, std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{"cannot read " + path.string()};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Expected<bool, std::string> WriteText(const std::filesystem::path& path, const std::string& text,
                                      mode_t mode) {
  const std::filesystem::path temp = path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Unexpected{"cannot write " + temp.string()};
    out << text;
    if (!out.flush()) return Unexpected{"cannot write " + temp.string()};
  }
  ::chmod(temp.c_str(), mode);
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) return Unexpected{"cannot rename " + temp.string() + ": " + error.message()};
  return true;
}

}  // namespace

Expected<LoadedCredentials, std::string> LoadCredentialsFiles(const std::string& cert_file,
                                                              const std::string& key_file) {
  const auto cert = ReadText(cert_file);
  if (!cert) return Unexpected{cert.error() + " (--cert needs a PEM certificate file)"};
  const auto key = ReadText(key_file);
  if (!key) return Unexpected{key.error() + " (--key needs a PEM RSA private key file)"};
  auto credentials = LoadCredentialsPem(*cert, *key);
  if (!credentials) {
    return Unexpected{"cannot use " + cert_file + " and " + key_file + ": " + credentials.error()};
  }
  return LoadedCredentials{std::move(*credentials), "certificate from " + cert_file};
}

Expected<LoadedCredentials, std::string> LoadOrCreateCachedCredentials(
    const std::filesystem::path& cache_dir, unsigned key_bits, const std::string& hash,
    const std::string& common_name) {
  // The name is part of the key: a certificate made for another host name would show
  // that name to every client.
  const std::string stem = "rsa" + std::to_string(key_bits) + "-" + hash + "-" + common_name;
  const std::filesystem::path cert_path = cache_dir / ("cert-" + stem + ".pem");
  const std::filesystem::path key_path = cache_dir / ("key-" + stem + ".pem");

  std::error_code error;
  if (std::filesystem::exists(cert_path, error) && std::filesystem::exists(key_path, error)) {
    const auto cert = ReadText(cert_path);
    const auto key = ReadText(key_path);
    if (cert && key) {
      auto credentials = LoadCredentialsPem(*cert, *key);
      if (credentials) {
        return LoadedCredentials{std::move(*credentials),
                                 "cached self-signed certificate " + cert_path.string()};
      }
    }
    // A damaged cache is replaced below rather than stopping the server.
  }

  OsRandom random;
  auto generated = GenerateSelfSignedCredentials(key_bits, hash, common_name, random,
                                                 static_cast<std::int64_t>(std::time(nullptr)));
  if (!generated) return Unexpected{"cannot generate a certificate: " + generated.error()};

  std::filesystem::create_directories(cache_dir, error);
  if (error) {
    return Unexpected{"cannot create the certificate cache " + cache_dir.string() + ": " +
                      error.message() + " (choose another with --cert-cache DIR)"};
  }
  if (auto written = WriteText(key_path, generated->private_key_pem, 0600); !written) {
    return Unexpected{written.error() + " (choose another folder with --cert-cache DIR)"};
  }
  if (auto written = WriteText(cert_path, generated->certificate_pem, 0644); !written) {
    return Unexpected{written.error() + " (choose another folder with --cert-cache DIR)"};
  }
  return LoadedCredentials{std::move(generated->credentials),
                           "generated a self-signed RSA-" + std::to_string(key_bits) + "/" + hash +
                               " certificate, cached as " + cert_path.string()};
}

std::filesystem::path DefaultCredentialsCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "schannel-emu";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".cache" / "schannel-emu";
  }
  return ".schannel-emu-cache";
}

}  // namespace schannel_emu
