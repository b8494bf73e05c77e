// fuzz_session: a whole deterministic session -- the Exchange 2007 SMTP dialogue with the
// Windows Server 2003 TLS engine behind STARTTLS -- fed arbitrary connection bytes, with
// timeouts, shutdowns and client closes at input-chosen points.
#include "fuzz/harness.h"
#include "fuzz/session_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  schannel_emu::fuzz::CheckSession({data, size});
  return 0;
}
