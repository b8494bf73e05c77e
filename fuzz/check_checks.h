// Properties of the `check` input readers (emulator/check/) for their fuzz targets.
#pragma once

#include <vector>

#include "emulator/core/base/bytes.h"

namespace schannel_emu::fuzz {

// CheckHexReader reads `input` as pasted hex (NormalizeHex, ReadHexHello) and aborts
// when a hello it returns breaks the verdict properties (CheckVerdict, every built-in
// profile) or when normalising fails although a hello was read.
void CheckHexReader(ByteView input);

// CheckWiresharkReader reads `input` as a Wireshark dissection and checks any hello it
// returns the same way; a text the reader accepts must look like a dissection.
void CheckWiresharkReader(ByteView input);

// CheckPcapReader reads `input` as a capture file and checks every hello it finds.
void CheckPcapReader(ByteView input);

// PcapSeeds gives pcap files (raw IPv4 link type) carrying `hello`: once after an SMTP
// STARTTLS exchange on port 25 and once as implicit TLS on port 465. Named for the
// corpus: "<name>-starttls.pcap", "<name>-implicit-tls.pcap".
struct PcapSeed {
  const char* kind;
  Bytes file;
};
std::vector<PcapSeed> PcapSeeds(ByteView hello);

}  // namespace schannel_emu::fuzz
