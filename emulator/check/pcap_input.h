// Capture input: pcap and pcapng files read with libpcap, TCP reassembled, SMTP STARTTLS
// sessions (on any port) and implicit-TLS flows searched for ClientHellos.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "emulator/check/check_input.h"
#include "emulator/core/base/bytes.h"
#include "emulator/core/base/expected.h"

namespace schannel_emu {

struct PcapScan {
  std::vector<CheckInput> hellos;     // every ClientHello found, in flow order
  std::vector<std::string> warnings;  // truncation, gaps, skipped packets
  std::size_t packets = 0;
  std::size_t tcp_flows = 0;
};

// LooksLikePcap is true for the magic numbers of pcap (both byte orders, micro-
// and nanosecond) and pcapng.
bool LooksLikePcap(ByteView bytes);

// ReadPcap reads a whole capture file held in memory. Link types: Ethernet (with
// VLAN tags), Linux cooked SLL and SLL2, raw IPv4/IPv6, loopback (DLT_NULL/LOOP).
// Succeeds when at least one ClientHello is found; a capture cut short after
// some hellos succeeds with a warning. Fails with one sentence when the file is
// unreadable, the link type is unknown, or no hello is in it.
Expected<PcapScan, std::string> ReadPcap(const Bytes& file);

}  // namespace schannel_emu
