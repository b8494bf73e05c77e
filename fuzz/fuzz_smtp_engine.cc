// fuzz_smtp_engine: the Exchange 2007 SMTP dialogue fed arbitrary octets in input-chosen
// pieces, with STARTTLS completion, idle timeouts and shutdowns at input-chosen points.
#include "fuzz/harness.h"
#include "fuzz/smtp_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  schannel_emu::fuzz::CheckSmtpEngine({data, size});
  return 0;
}
