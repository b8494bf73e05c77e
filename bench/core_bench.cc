// core_bench: what one core of the emulator can do, next to the RSA ceiling of the
// same run. Parse and judge ClientHellos; complete full TLS 1.0 handshakes on the
// server side only (recorded client flights replayed into fresh engines); decrypt
// RSA pre-master secrets, the one step no server can skip.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "bench/handshake_replay.h"
#include "bench/memory_clients.h"
#include "emulator/core/base/random.h"
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/profile/verdict.h"
#include "emulator/core/tls/prf.h"
#include "emulator/core/tls/self_signed.h"
#include "emulator/core/tls/server_engine.h"

namespace schannel_emu::bench {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

Bytes ReadHexFixture(const std::string& relative_path) {
  std::ifstream file(std::string(SCHANNEL_EMU_SOURCE_DIR) + "/" + relative_path);
  std::stringstream text;
  text << file.rdbuf();
  std::string hex;
  for (const char c : text.str()) {
    if (std::isxdigit(static_cast<unsigned char>(c)) != 0) hex.push_back(c);
  }
  return FromHex(hex).value_or(Bytes{});
}

// SmallHello is one TLS 1.0 record with a ClientHello offering five suites, like a
// 2003-era sender.
Bytes SmallHello() {
  Bytes body;
  AppendU16(body, 0x0301);
  for (std::uint8_t i = 0; i < 32; ++i) AppendU8(body, i);
  AppendVector8(body, Bytes{});
  Bytes suites;
  for (const int suite : {0x002f, 0x0035, 0x0005, 0x0004, 0x000a}) {
    AppendU16(suites, static_cast<std::uint16_t>(suite));
  }
  AppendVector16(body, suites);
  AppendVector8(body, Bytes{0});
  Bytes message;
  AppendU8(message, 1);
  AppendVector24(message, body);
  Bytes record;
  AppendU8(record, 22);
  AppendU16(record, 0x0301);
  AppendVector16(record, message);
  return record;
}

Bytes HelloNamed(const std::string& name) {
  return name == "customer86" ? ReadHexFixture("fixtures/customer/original.hello.hex")
                              : SmallHello();
}

const Profile& ProfileNamed(const char* name) {
  const Profile* profile = FindBuiltinProfile(name);
  if (profile == nullptr) std::abort();
  return *profile;
}

// Credentials returns one RSA key and certificate of `bits`, made once per run.
const ServerCredentials* Credentials(unsigned bits) {
  static std::map<unsigned, ServerCredentials> made;
  if (auto found = made.find(bits); found != made.end()) return &found->second;
  DeterministicRandom random(bits);
  auto generated = GenerateSelfSignedCredentials(bits, "sha1", "mail.example.test", random, kNow);
  if (!generated) return nullptr;
  return &made.emplace(bits, generated->credentials).first->second;
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// RsaDecryptor decrypts one PKCS#1 v1.5 block holding a 48-byte pre-master secret,
// with a context set up once: the bare cost of the private-key operation.
class RsaDecryptor {
 public:
  explicit RsaDecryptor(EVP_PKEY* key)
      : context_(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr)) {
    std::array<std::uint8_t, 48> secret{};
    secret[0] = 0x03;
    secret[1] = 0x01;
    for (std::size_t i = 2; i < secret.size(); ++i) secret[i] = static_cast<std::uint8_t>(i * 37);
    EVP_PKEY_CTX* encrypt = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
    std::size_t length = 0;
    if (encrypt != nullptr && EVP_PKEY_encrypt_init(encrypt) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(encrypt, RSA_PKCS1_PADDING) == 1 &&
        EVP_PKEY_encrypt(encrypt, nullptr, &length, secret.data(), secret.size()) == 1) {
      ciphertext_.resize(length);
      if (EVP_PKEY_encrypt(encrypt, ciphertext_.data(), &length, secret.data(), secret.size()) !=
          1) {
        ciphertext_.clear();
      }
    }
    EVP_PKEY_CTX_free(encrypt);
    ok_ = context_ != nullptr && !ciphertext_.empty() && EVP_PKEY_decrypt_init(context_) == 1 &&
          EVP_PKEY_CTX_set_rsa_padding(context_, RSA_PKCS1_PADDING) == 1;
    plaintext_.resize(ciphertext_.size());
  }
  ~RsaDecryptor() { EVP_PKEY_CTX_free(context_); }
  RsaDecryptor(const RsaDecryptor&) = delete;
  RsaDecryptor& operator=(const RsaDecryptor&) = delete;

  bool ok() const { return ok_; }
  const Bytes& ciphertext() const { return ciphertext_; }

  // Decrypt returns the plaintext length: 48 when all went well.
  std::size_t Decrypt() {
    std::size_t length = plaintext_.size();
    if (EVP_PKEY_decrypt(context_, plaintext_.data(), &length, ciphertext_.data(),
                         ciphertext_.size()) != 1) {
      return 0;
    }
    return length;
  }

 private:
  EVP_PKEY_CTX* context_;
  Bytes ciphertext_;
  Bytes plaintext_;
  bool ok_ = false;
};

// ParseAndJudge: read the first ClientHello of a byte stream and decide on it, as
// the engine does for every connection (win2003 profile).
void BM_ParseAndJudge(benchmark::State& state, const std::string& hello_name) {
  const Bytes stream = HelloNamed(hello_name);
  const Profile& profile = ProfileNamed("win2003");
  if (!ReadClientHello(stream)) {
    state.SkipWithError("the hello does not parse");
    return;
  }
  for (auto _ : state) {
    auto hello = ReadClientHello(stream);
    Verdict verdict = Judge(profile, *hello);
    benchmark::DoNotOptimize(verdict);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ParseOnly(benchmark::State& state, const std::string& hello_name) {
  const Bytes stream = HelloNamed(hello_name);
  for (auto _ : state) {
    auto hello = ReadClientHello(stream);
    benchmark::DoNotOptimize(hello);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_JudgeOnly(benchmark::State& state, const std::string& hello_name) {
  const auto hello = ReadClientHello(HelloNamed(hello_name));
  const Profile& profile = ProfileNamed("win2003");
  if (!hello) {
    state.SkipWithError("the hello does not parse");
    return;
  }
  for (auto _ : state) {
    Verdict verdict = Judge(profile, *hello);
    benchmark::DoNotOptimize(verdict);
  }
  state.SetItemsProcessed(state.iterations());
}

// Tls10KeyBlock: the TLS 1.0 PRF as a handshake uses it most (104 bytes of key
// block for AES128-SHA), the largest non-RSA cost of a handshake.
void BM_Tls10KeyBlock(benchmark::State& state) {
  const Bytes master_secret(48, 0x42);
  const Bytes randoms(64, 0x17);
  for (auto _ : state) {
    Bytes block = Tls10Prf(master_secret, "key expansion", randoms, 104);
    benchmark::DoNotOptimize(block);
  }
  state.SetItemsProcessed(state.iterations());
}

// RsaDecrypt: the ceiling. A full RSA handshake cannot go faster than this.
void BM_RsaDecrypt(benchmark::State& state) {
  const ServerCredentials* credentials = Credentials(static_cast<unsigned>(state.range(0)));
  if (credentials == nullptr) {
    state.SkipWithError("cannot make an RSA key");
    return;
  }
  RsaDecryptor decryptor(credentials->private_key.get());
  if (!decryptor.ok()) {
    state.SkipWithError("cannot set up RSA decryption");
    return;
  }
  for (auto _ : state) {
    if (decryptor.Decrypt() != 48) {
      state.SkipWithError("the decryption failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// RsaDecryptFreshContext: the same with a context made per decryption, as a server
// that sets up the operation for each handshake pays (the difference is libcrypto's
// provider lookup).
void BM_RsaDecryptFreshContext(benchmark::State& state) {
  const ServerCredentials* credentials = Credentials(static_cast<unsigned>(state.range(0)));
  if (credentials == nullptr) {
    state.SkipWithError("cannot make an RSA key");
    return;
  }
  const RsaDecryptor prepared(credentials->private_key.get());
  const Bytes& ciphertext = prepared.ciphertext();
  Bytes plaintext(ciphertext.size());
  for (auto _ : state) {
    EVP_PKEY_CTX* context =
        EVP_PKEY_CTX_new_from_pkey(nullptr, credentials->private_key.get(), nullptr);
    std::size_t length = plaintext.size();
    const bool ok = context != nullptr && EVP_PKEY_decrypt_init(context) == 1 &&
                    EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
                    EVP_PKEY_decrypt(context, plaintext.data(), &length, ciphertext.data(),
                                     ciphertext.size()) == 1;
    EVP_PKEY_CTX_free(context);
    if (!ok || length != 48) {
      state.SkipWithError("the decryption failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// ServerHandshake: one full handshake per iteration, the server side only. Each
// iteration also times one bare RSA decryption with the same key on the same thread,
// interleaved, so that vs_rsa_decrypt = (handshakes/s) / (decrypts/s) compares like
// with like on a machine shared with other work. Times are thread CPU time.
void BM_ServerHandshake(benchmark::State& state, std::uint16_t suite, const char* profile_name) {
  const ServerCredentials* credentials = Credentials(static_cast<unsigned>(state.range(0)));
  const Profile& profile = ProfileNamed(profile_name);
  if (credentials == nullptr) {
    state.SkipWithError("cannot make an RSA key");
    return;
  }
  auto recorded = RecordHandshake(profile, *credentials, suite, 7);
  if (!recorded) {
    state.SkipWithError(recorded.error().c_str());
    return;
  }
  if (!ReplayMatchesRecording(profile, *credentials, *recorded)) {
    state.SkipWithError("a replay does not reproduce the recorded handshake");
    return;
  }
  RsaDecryptor decryptor(credentials->private_key.get());
  if (!decryptor.ok()) {
    state.SkipWithError("cannot set up RSA decryption");
    return;
  }

  double handshake_seconds = 0;
  double decrypt_seconds = 0;
  for (auto _ : state) {
    const double start = ThreadCpuSeconds();
    const std::size_t answered = ReplayHandshake(profile, *credentials, *recorded);
    const double middle = ThreadCpuSeconds();
    benchmark::DoNotOptimize(decryptor.Decrypt());
    const double end = ThreadCpuSeconds();
    if (answered == 0) {
      state.SkipWithError("a replayed handshake failed");
      break;
    }
    state.SetIterationTime(middle - start);
    handshake_seconds += middle - start;
    decrypt_seconds += end - middle;
  }
  state.SetItemsProcessed(state.iterations());
  if (handshake_seconds > 0 && decrypt_seconds > 0) {
    const auto iterations = static_cast<double>(state.iterations());
    state.counters["rsa_decrypts_per_s"] = iterations / decrypt_seconds;
    state.counters["vs_rsa_decrypt"] = decrypt_seconds / handshake_seconds;
  }
}

// HandshakeWithClient: client and server in one thread, for comparison; the client's
// cost (its RSA public-key encryption and certificate parse) counts here too.
void BM_HandshakeWithClient(benchmark::State& state, std::uint16_t suite) {
  const ServerCredentials* credentials = Credentials(static_cast<unsigned>(state.range(0)));
  const Profile& profile = ProfileNamed("win2003-aes");
  if (credentials == nullptr) {
    state.SkipWithError("cannot make an RSA key");
    return;
  }
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto recorded = RecordHandshake(profile, *credentials, suite, seed++);
    if (!recorded) {
      state.SkipWithError(recorded.error().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void RegisterAll() {
  for (const char* hello : {"customer86", "small5"}) {
    benchmark::RegisterBenchmark((std::string("BM_ParseAndJudge/") + hello).c_str(),
                                 BM_ParseAndJudge, std::string(hello));
    benchmark::RegisterBenchmark((std::string("BM_ParseOnly/") + hello).c_str(), BM_ParseOnly,
                                 std::string(hello));
    benchmark::RegisterBenchmark((std::string("BM_JudgeOnly/") + hello).c_str(), BM_JudgeOnly,
                                 std::string(hello));
  }
  benchmark::RegisterBenchmark("BM_Tls10KeyBlock", BM_Tls10KeyBlock);
  benchmark::RegisterBenchmark("BM_RsaDecrypt", BM_RsaDecrypt)
      ->ArgName("bits")
      ->Arg(2048)
      ->Arg(1024);
  benchmark::RegisterBenchmark("BM_RsaDecryptFreshContext", BM_RsaDecryptFreshContext)
      ->ArgName("bits")
      ->Arg(2048)
      ->Arg(1024);
  struct SuiteCase {
    const char* name;
    std::uint16_t code;
    const char* profile;
  };
  for (const SuiteCase& suite :
       {SuiteCase{"RC4_128_MD5", 0x0004, "win2003"}, SuiteCase{"RC4_128_SHA", 0x0005, "win2003"},
        SuiteCase{"3DES_EDE_CBC_SHA", 0x000a, "win2003"},
        SuiteCase{"AES_128_CBC_SHA", 0x002f, "win2003-aes"},
        SuiteCase{"AES_256_CBC_SHA", 0x0035, "win2003-aes"}}) {
    benchmark::RegisterBenchmark((std::string("BM_ServerHandshake/") + suite.name).c_str(),
                                 BM_ServerHandshake, suite.code, suite.profile)
        ->ArgName("bits")
        ->Arg(2048)
        ->Arg(1024)
        ->UseManualTime();
  }
  benchmark::RegisterBenchmark("BM_HandshakeWithClient/AES_128_CBC_SHA", BM_HandshakeWithClient,
                               std::uint16_t{0x002f})
      ->ArgName("bits")
      ->Arg(2048)
      ->Arg(1024);
}

}  // namespace
}  // namespace schannel_emu::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  schannel_emu::bench::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
