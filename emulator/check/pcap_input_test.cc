#include "emulator/check/pcap_input.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "emulator/check/hex_input.h"
#include "emulator/check/openssl_hello.h"
#include "emulator/core/profile/verdict.h"

namespace schannel_emu {
namespace {

// CaptureWriter writes hand-built IPv4/TCP packets to a pcap file via libpcap.
class CaptureWriter {
 public:
  CaptureWriter(int link_type, std::string path, bool ipv6 = false)
      : path_(std::move(path)), link_type_(link_type), ipv6_(ipv6) {
    dead_ = pcap_open_dead(link_type, 65535);
    dumper_ = pcap_dump_open(dead_, path_.c_str());
  }
  ~CaptureWriter() { Close(); }
  void Close() {
    if (dumper_ != nullptr) pcap_dump_close(dumper_);
    if (dead_ != nullptr) pcap_close(dead_);
    dumper_ = nullptr;
    dead_ = nullptr;
  }

  // Segment writes one TCP segment from `from_client` side with `flags`.
  void Segment(bool from_client, std::uint32_t seq, std::uint8_t flags, std::string_view payload) {
    Bytes packet;
    const std::uint16_t ether_type = ipv6_ ? 0x86dd : 0x0800;
    if (link_type_ == DLT_EN10MB) {
      const Bytes ethernet = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6};
      Append(packet, ethernet);
      AppendU16(packet, ether_type);
    } else if (link_type_ == DLT_LINUX_SLL) {
      const Bytes cooked = {0, 0, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0};
      Append(packet, cooked);
      AppendU16(packet, ether_type);
    } else if (link_type_ == DLT_NULL) {
      const std::uint32_t family = ipv6_ ? 10 : 2;  // host order, as BSD loopback writes it
      const auto* raw = reinterpret_cast<const std::uint8_t*>(&family);
      Append(packet, ByteView(raw, 4));
    }
    const std::size_t tcp_length = 20 + payload.size();
    if (ipv6_) {
      Bytes client_ip(16, 0);
      Bytes server_ip(16, 0);
      client_ip[0] = server_ip[0] = 0x20;
      client_ip[1] = server_ip[1] = 0x01;
      client_ip[2] = server_ip[2] = 0x0d;
      client_ip[3] = server_ip[3] = 0xb8;
      client_ip[15] = 10;
      server_ip[15] = 25;
      AppendU32(packet, 0x60000000);
      AppendU16(packet, static_cast<std::uint16_t>(tcp_length));
      AppendU8(packet, 6);
      AppendU8(packet, 64);
      Append(packet, from_client ? client_ip : server_ip);
      Append(packet, from_client ? server_ip : client_ip);
    } else {
      const std::uint8_t client_ip[4] = {192, 0, 2, 10};
      const std::uint8_t server_ip[4] = {198, 51, 100, 25};
      AppendU8(packet, 0x45);
      AppendU8(packet, 0);
      AppendU16(packet, static_cast<std::uint16_t>(20 + tcp_length));
      AppendU32(packet, 0);
      AppendU8(packet, 64);
      AppendU8(packet, 6);
      AppendU16(packet, 0);
      Append(packet, ByteView(from_client ? client_ip : server_ip, 4));
      Append(packet, ByteView(from_client ? server_ip : client_ip, 4));
    }
    AppendU16(packet, from_client ? 40001 : 2525);
    AppendU16(packet, from_client ? 2525 : 40001);
    AppendU32(packet, seq);
    AppendU32(packet, 0);
    AppendU8(packet, 0x50);
    AppendU8(packet, flags);
    AppendU16(packet, 65535);
    AppendU32(packet, 0);
    Append(packet, AsBytes(payload));

    pcap_pkthdr header{};
    header.ts.tv_sec = ++clock_;
    header.caplen = static_cast<bpf_u_int32>(packet.size());
    header.len = header.caplen;
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, packet.data());
  }

 private:
  std::string path_;
  int link_type_;
  bool ipv6_;
  pcap_t* dead_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
  long clock_ = 1700000000;
};

constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kPush = 0x18;

Bytes ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::string TempPath(const char* name) {
  return std::string(::testing::TempDir()) + "/" + name + std::to_string(getpid()) + ".pcap";
}

Bytes LibsslHello() {
  OpenSslSenderConfig sender;
  sender.cipher_list = "ALL:@SECLEVEL=0";
  auto built = BuildOpenSslHello(sender);
  EXPECT_TRUE(built) << built.error();
  return built ? built.value().record : Bytes{};
}

// WriteStarttlsSession writes an SMTP session on port 2525 whose ClientHello is
// split into three segments, sent out of order, one of them retransmitted.
std::string WriteStarttlsSession(int link_type, const Bytes& hello, const char* name,
                                 bool ipv6 = false) {
  const std::string path = TempPath(name);
  CaptureWriter writer(link_type, path, ipv6);
  const std::uint32_t c = 1000;
  const std::uint32_t s = 5000;
  writer.Segment(true, c, kSyn, "");
  writer.Segment(false, s, kSyn | kAck, "");
  const std::string banner = "220 mx.example.com Microsoft ESMTP MAIL Service ready\r\n";
  writer.Segment(false, s + 1, kPush, banner);
  const std::string ehlo = "EHLO sender.example\r\n";
  writer.Segment(true, c + 1, kPush, ehlo);
  const std::string ehlo_reply = "250-mx.example.com Hello\r\n250-STARTTLS\r\n250 8BITMIME\r\n";
  writer.Segment(false, static_cast<std::uint32_t>(s + 1 + banner.size()), kPush, ehlo_reply);
  const std::string starttls = "STARTTLS\r\n";
  const auto after_ehlo = static_cast<std::uint32_t>(c + 1 + ehlo.size());
  writer.Segment(true, after_ehlo, kPush, starttls);
  writer.Segment(false, static_cast<std::uint32_t>(s + 1 + banner.size() + ehlo_reply.size()),
                 kPush, "220 2.0.0 SMTP server ready\r\n");

  const std::string text(hello.begin(), hello.end());
  const auto tls = static_cast<std::uint32_t>(after_ehlo + starttls.size());
  const std::size_t third = text.size() / 3;
  writer.Segment(true, static_cast<std::uint32_t>(tls + 2 * third), kPush, text.substr(2 * third));
  writer.Segment(true, tls, kPush, text.substr(0, third));
  writer.Segment(true, tls, kPush, text.substr(0, third));  // retransmission
  writer.Segment(true, static_cast<std::uint32_t>(tls + third), kPush, text.substr(third, third));
  writer.Close();
  return path;
}

void ExpectSameVerdictAsHex(const CheckInput& from_capture, const Bytes& hello) {
  auto from_hex = ReadHexHello(ToHex(hello));
  ASSERT_TRUE(from_hex) << from_hex.error();
  for (const Profile& profile : BuiltinProfiles()) {
    const Verdict a = Judge(profile, from_capture.hello);
    const Verdict b = Judge(profile, from_hex->hello);
    EXPECT_EQ(a.accepted, b.accepted) << profile.name;
    EXPECT_EQ(a.reason, b.reason) << profile.name;
    EXPECT_EQ(a.suite, b.suite) << profile.name;
    EXPECT_EQ(a.explanation, b.explanation) << profile.name;
  }
}

TEST(PcapInput, FindsTheHelloOfAStarttlsSessionOnAnyPortInRawIpCaptures) {
  const Bytes hello = LibsslHello();
  const std::string path = WriteStarttlsSession(DLT_RAW, hello, "raw");
  auto scan = ReadPcap(ReadFile(path));
  std::remove(path.c_str());
  ASSERT_TRUE(scan) << scan.error();
  ASSERT_EQ(scan->hellos.size(), 1u);
  const CheckInput& found = scan->hellos.front();
  EXPECT_EQ(found.origin, "192.0.2.10:40001 -> 198.51.100.25:2525 (SMTP STARTTLS)");
  ASSERT_TRUE(found.wire.has_value());
  EXPECT_EQ(*found.wire, hello);
  ExpectSameVerdictAsHex(found, hello);
}

TEST(PcapInput, ReadsEthernetCapturesToo) {
  const Bytes hello = LibsslHello();
  const std::string path = WriteStarttlsSession(DLT_EN10MB, hello, "ether");
  auto scan = ReadPcap(ReadFile(path));
  std::remove(path.c_str());
  ASSERT_TRUE(scan) << scan.error();
  ASSERT_EQ(scan->hellos.size(), 1u);
  EXPECT_EQ(*scan->hellos.front().wire, hello);
}

TEST(PcapInput, ReadsCookedAndLoopbackCapturesAndIpv6) {
  const Bytes hello = LibsslHello();
  struct Case {
    int link_type;
    bool ipv6;
    const char* name;
  };
  for (const Case& c : {Case{DLT_LINUX_SLL, false, "sll"}, Case{DLT_NULL, false, "null"},
                        Case{DLT_RAW, true, "raw6"}, Case{DLT_EN10MB, true, "ether6"}}) {
    const std::string path = WriteStarttlsSession(c.link_type, hello, c.name, c.ipv6);
    auto scan = ReadPcap(ReadFile(path));
    std::remove(path.c_str());
    ASSERT_TRUE(scan) << c.name << ": " << scan.error();
    ASSERT_EQ(scan->hellos.size(), 1u) << c.name;
    EXPECT_EQ(*scan->hellos.front().wire, hello) << c.name;
    if (c.ipv6) {
      EXPECT_EQ(scan->hellos.front().origin.rfind("[2001:db8::a]:40001 -> [2001:db8::19]:2525", 0),
                0u)
          << scan->hellos.front().origin;
    }
  }
}

TEST(PcapInput, AcceptsAHelloAtTheStartOfAFlowAsImplicitTls) {
  const Bytes hello = LibsslHello();
  const std::string path = TempPath("implicit");
  {
    CaptureWriter writer(DLT_RAW, path);
    writer.Segment(true, 700, kSyn, "");
    writer.Segment(true, 701, kPush, std::string(hello.begin(), hello.end()));
  }
  auto scan = ReadPcap(ReadFile(path));
  std::remove(path.c_str());
  ASSERT_TRUE(scan) << scan.error();
  ASSERT_EQ(scan->hellos.size(), 1u);
  EXPECT_NE(scan->hellos.front().origin.find("TLS from the start"), std::string::npos);
}

TEST(PcapInput, ReportsHellosFoundBeforeATruncationWithAWarning) {
  const Bytes hello = LibsslHello();
  const std::string path = WriteStarttlsSession(DLT_RAW, hello, "cut");
  Bytes file = ReadFile(path);
  std::remove(path.c_str());
  // Append half of a packet record header: the file now ends mid-record.
  const Bytes partial = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x40, 0x00};
  Append(file, partial);
  auto scan = ReadPcap(file);
  ASSERT_TRUE(scan) << scan.error();
  EXPECT_EQ(scan->hellos.size(), 1u);
  ASSERT_FALSE(scan->warnings.empty());
  EXPECT_NE(scan->warnings.front().find("cut short"), std::string::npos);
}

TEST(PcapInput, FailsWithOneLineWhenTheCaptureIsCutBeforeAnyHello) {
  const Bytes hello = LibsslHello();
  const std::string path = WriteStarttlsSession(DLT_RAW, hello, "early");
  Bytes file = ReadFile(path);
  std::remove(path.c_str());
  file.resize(24 + 16 + 10);  // file header, one record header, part of its packet
  auto scan = ReadPcap(file);
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().find('\n'), std::string::npos);
  EXPECT_NE(scan.error().find("cut short"), std::string::npos) << scan.error();
}

TEST(PcapInput, FailsWithOneLineForACaptureWithoutSmtpOrTls) {
  const std::string path = TempPath("http");
  {
    CaptureWriter writer(DLT_RAW, path);
    writer.Segment(true, 1, kSyn, "");
    writer.Segment(true, 2, kPush, "GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    writer.Segment(false, 9, kPush, "HTTP/1.1 200 OK\r\n\r\n");
  }
  auto scan = ReadPcap(ReadFile(path));
  std::remove(path.c_str());
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().find('\n'), std::string::npos);
  EXPECT_NE(scan.error().find("no ClientHello found in 3 packets"), std::string::npos)
      << scan.error();
}

TEST(PcapInput, RefusesFilesThatAreNotCaptures) {
  const Bytes junk = {0x01, 0x02, 0x03, 0x04, 0x05};
  EXPECT_FALSE(LooksLikePcap(junk));
  auto scan = ReadPcap(junk);
  ASSERT_FALSE(scan);
  EXPECT_NE(scan.error().find("not a readable pcap"), std::string::npos);
}

}  // namespace
}  // namespace schannel_emu
