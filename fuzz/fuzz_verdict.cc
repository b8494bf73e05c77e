// fuzz_verdict: Judge under every built-in profile and under input-chosen window rules,
// held against the independent reference model in reference_window.h.
//
// Input: one byte choosing the window variant (see WindowVariant; its top two bits pick
// the built-in profile it varies), then a byte stream that starts with a ClientHello.
#include "emulator/core/hello/client_hello.h"
#include "emulator/core/profile/profile.h"
#include "fuzz/harness.h"
#include "fuzz/verdict_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace se = schannel_emu;
  se::ByteView input(data, size);
  const std::uint8_t selector = se::fuzz::TakeByte(input);
  const auto hello = se::ReadClientHello(input);
  if (!hello.has_value()) return 0;

  // Every built-in profile as shipped, and one of them under the input's window rule.
  const auto& profiles = se::BuiltinProfiles();
  for (const se::Profile& profile : profiles) se::fuzz::CheckVerdict(profile, *hello);
  const se::Profile& base = profiles[(selector >> 6) % profiles.size()];
  se::fuzz::CheckVerdict(se::fuzz::WindowVariant(base, selector), *hello);
  return 0;
}
