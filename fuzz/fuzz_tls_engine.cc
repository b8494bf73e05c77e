// fuzz_tls_engine: the TLS server engine in deterministic mode, fed arbitrary client
// flights in input-chosen pieces, with server-side sends and closes in between.
#include "fuzz/harness.h"
#include "fuzz/tls_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  schannel_emu::fuzz::CheckTlsEngine({data, size});
  return 0;
}
