// fuzz_client_hello: the ClientHello reader fed in input-chosen pieces, checked against
// reading the same bytes in one go (ReadClientHello).
#include "fuzz/harness.h"
#include "fuzz/hello_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  schannel_emu::fuzz::CheckSplitReading({data, size});
  return 0;
}
