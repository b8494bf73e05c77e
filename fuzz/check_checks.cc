#include "fuzz/check_checks.h"

#include <string>
#include <string_view>

#include "emulator/check/check_input.h"
#include "emulator/check/hex_input.h"
#include "emulator/check/pcap_input.h"
#include "emulator/check/wireshark_input.h"
#include "emulator/core/profile/profile.h"
#include "fuzz/harness.h"
#include "fuzz/verdict_checks.h"

namespace schannel_emu::fuzz {
namespace {

void CheckFound(const CheckInput& found) {
  Require(!found.format.empty(), "every hello a reader returns names its format");
  Require(!found.hello.cipher_specs.empty(), "every hello a reader returns offers suites");
  for (const Profile& profile : BuiltinProfiles()) CheckVerdict(profile, found.hello);
}

// Pcap building: classic pcap, link type 101 (raw IP), IPv4 + TCP without options.
constexpr std::uint32_t kPcapMagic = 0xa1b2c3d4;
constexpr std::uint32_t kLinkRawIp = 101;

void AppendLe16(Bytes& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value & 0xff));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
}
void AppendLe32(Bytes& out, std::uint32_t value) {
  AppendLe16(out, static_cast<std::uint16_t>(value & 0xffff));
  AppendLe16(out, static_cast<std::uint16_t>(value >> 16));
}

struct Flow {
  std::uint32_t client_seq = 1000;
  std::uint32_t server_seq = 5000;
  std::uint16_t client_port = 40112;
  std::uint16_t server_port = 25;
};

// AppendPacket writes one IPv4/TCP segment (PSH|ACK, or SYN) between 10.0.0.5 and
// 10.0.0.9; the IPv4 checksum is left zero, which readers of captures accept.
void AppendPacket(Bytes& file, Flow& flow, bool from_client, ByteView payload, bool syn) {
  Bytes packet;
  AppendU8(packet, 0x45);
  AppendU8(packet, 0);
  AppendU16(packet, static_cast<std::uint16_t>(40 + payload.size()));
  AppendU32(packet, 0);  // id, flags, fragment offset
  AppendU8(packet, 64);  // TTL
  AppendU8(packet, 6);   // TCP
  AppendU16(packet, 0);  // checksum
  const std::uint32_t client_ip = 0x0a000005;
  const std::uint32_t server_ip = 0x0a000009;
  AppendU32(packet, from_client ? client_ip : server_ip);
  AppendU32(packet, from_client ? server_ip : client_ip);

  std::uint32_t& seq = from_client ? flow.client_seq : flow.server_seq;
  const std::uint32_t ack = from_client ? flow.server_seq : flow.client_seq;
  AppendU16(packet, from_client ? flow.client_port : flow.server_port);
  AppendU16(packet, from_client ? flow.server_port : flow.client_port);
  AppendU32(packet, seq);
  AppendU32(packet, ack);
  AppendU8(packet, 0x50);               // data offset: 5 words
  AppendU8(packet, syn ? 0x02 : 0x18);  // SYN, or PSH|ACK
  AppendU16(packet, 65535);             // window
  AppendU32(packet, 0);                 // checksum, urgent pointer
  Append(packet, payload);
  seq += static_cast<std::uint32_t>(syn ? 1 : payload.size());

  AppendLe32(file, 1'700'000'000);  // seconds
  AppendLe32(file, 0);              // microseconds
  AppendLe32(file, static_cast<std::uint32_t>(packet.size()));
  AppendLe32(file, static_cast<std::uint32_t>(packet.size()));
  Append(file, packet);
}

Bytes PcapHeader() {
  Bytes file;
  AppendLe32(file, kPcapMagic);
  AppendLe16(file, 2);
  AppendLe16(file, 4);
  AppendLe32(file, 0);
  AppendLe32(file, 0);
  AppendLe32(file, 65535);
  AppendLe32(file, kLinkRawIp);
  return file;
}

}  // namespace

void CheckHexReader(ByteView input) {
  const std::string_view text = AsText(input);
  const auto bytes = NormalizeHex(text);
  const auto found = ReadHexHello(text);
  if (!found) return;
  Require(bytes.has_value(), "a hex text that gives a hello normalises");
  CheckFound(*found);
}

void CheckWiresharkReader(ByteView input) {
  const std::string_view text = AsText(input);
  const bool looks = LooksLikeWiresharkText(text);
  const auto found = ReadWiresharkText(text);
  if (!found) return;
  Require(looks, "a text the Wireshark reader accepts looks like a dissection");
  CheckFound(*found);
}

void CheckPcapReader(ByteView input) {
  const Bytes file(input.begin(), input.end());
  const auto scan = ReadPcap(file);
  if (!scan) return;
  for (const CheckInput& found : scan->hellos) CheckFound(found);
}

std::vector<PcapSeed> PcapSeeds(ByteView hello) {
  std::vector<PcapSeed> seeds;

  Flow smtp;
  Bytes starttls = PcapHeader();
  AppendPacket(starttls, smtp, true, {}, true);
  AppendPacket(starttls, smtp, false, {}, true);
  AppendPacket(starttls, smtp, false, AsBytes("220 mail.example Microsoft ESMTP MAIL Service\r\n"),
               false);
  AppendPacket(starttls, smtp, true, AsBytes("EHLO client.example\r\n"), false);
  AppendPacket(starttls, smtp, false, AsBytes("250-mail.example Hello\r\n250 STARTTLS\r\n"), false);
  AppendPacket(starttls, smtp, true, AsBytes("STARTTLS\r\n"), false);
  AppendPacket(starttls, smtp, false, AsBytes("220 2.0.0 SMTP server ready\r\n"), false);
  AppendPacket(starttls, smtp, true, hello, false);
  seeds.push_back({"starttls", std::move(starttls)});

  Flow implicit;
  implicit.server_port = 465;
  Bytes direct = PcapHeader();
  AppendPacket(direct, implicit, true, {}, true);
  AppendPacket(direct, implicit, false, {}, true);
  AppendPacket(direct, implicit, true, hello, false);
  seeds.push_back({"implicit-tls", std::move(direct)});
  return seeds;
}

}  // namespace schannel_emu::fuzz
