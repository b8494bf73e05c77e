// fuzz_check_pcap: the `check` reader for capture files (libpcap, TCP reassembly, STARTTLS
// detection), with every hello it returns judged and held against the reference window model.
#include "fuzz/check_checks.h"
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  schannel_emu::fuzz::CheckPcapReader({data, size});
  return 0;
}
