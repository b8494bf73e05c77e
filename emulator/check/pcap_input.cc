#include "emulator/check/pcap_input.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "emulator/check/smtp_tls_start.h"
#include "emulator/check/tcp_reassembly.h"

namespace schannel_emu {
namespace {

// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2); older libpcap headers lack the name.
constexpr int kDltLinuxSll2 = 276;
constexpr int kDltIpv4 = 228;
constexpr int kDltIpv6 = 229;

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88a8;

struct Endpoint {
  std::string address;  // printable, "10.0.0.5" or "[2001:db8::1]"
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
  std::string ToString() const { return address + ":" + std::to_string(port); }
};

struct Connection {
  Endpoint a;  // the lower endpoint of the key
  Endpoint b;
  std::array<TcpStream, 2> streams;  // [0]: a -> b, [1]: b -> a
  std::array<bool, 2> pure_syn{};    // a SYN without ACK came from this side: the client
  std::size_t order = 0;             // first-seen order, for stable output
};

std::uint16_t U16At(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t U32At(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

std::string AddressText(int family, const std::uint8_t* bytes) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (inet_ntop(family, bytes, text.data(), static_cast<socklen_t>(text.size())) == nullptr) {
    return "?";
  }
  return family == AF_INET6 ? "[" + std::string(text.data()) + "]" : std::string(text.data());
}

// Scanner holds the connections of one capture while its packets are decoded.
class Scanner {
 public:
  void OnFrame(int link_type, ByteView frame);
  PcapScan Finish();
  std::size_t skipped_fragments = 0;

 private:
  void OnNetwork(std::uint16_t ether_type, ByteView packet);
  void OnTcp(const Endpoint& source, const Endpoint& destination, ByteView segment);

  std::map<std::pair<Endpoint, Endpoint>, Connection> connections_;
  std::size_t packets_ = 0;
};

void Scanner::OnFrame(int link_type, ByteView frame) {
  ++packets_;
  if (link_type == DLT_EN10MB) {
    if (frame.size() < 14) return;
    std::size_t offset = 12;
    std::uint16_t type = U16At(&frame[offset]);
    while ((type == kEtherVlan || type == kEtherQinQ) && frame.size() >= offset + 6) {
      offset += 4;
      type = U16At(&frame[offset]);
    }
    OnNetwork(type, frame.subspan(offset + 2));
  } else if (link_type == DLT_LINUX_SLL) {
    if (frame.size() < 16) return;
    OnNetwork(U16At(&frame[14]), frame.subspan(16));
  } else if (link_type == kDltLinuxSll2) {
    if (frame.size() < 20) return;
    OnNetwork(U16At(&frame[0]), frame.subspan(20));
  } else if (link_type == DLT_RAW || link_type == kDltIpv4 || link_type == kDltIpv6) {
    if (frame.empty()) return;
    OnNetwork((frame[0] >> 4) == 6 ? kEtherIpv6 : kEtherIpv4, frame);
  } else if (link_type == DLT_NULL || link_type == DLT_LOOP) {
    // A 4-byte address family, in host order for DLT_NULL and network order for
    // DLT_LOOP; the IP version nibble is simpler and equally reliable.
    if (frame.size() < 5) return;
    const ByteView packet = frame.subspan(4);
    OnNetwork((packet[0] >> 4) == 6 ? kEtherIpv6 : kEtherIpv4, packet);
  }
}

void Scanner::OnNetwork(std::uint16_t ether_type, ByteView packet) {
  if (ether_type == kEtherIpv4) {
    if (packet.size() < 20 || (packet[0] >> 4) != 4) return;
    const std::size_t header = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    const std::size_t total = U16At(&packet[2]);
    if (header < 20 || total < header || packet.size() < header) return;
    // IP fragments of a TCP segment are rare on a mail path; they are skipped
    // and counted rather than reassembled.
    const std::uint16_t fragment = U16At(&packet[6]);
    if ((fragment & 0x3fff) != 0) {
      ++skipped_fragments;
      return;
    }
    if (packet[9] != IPPROTO_TCP) return;
    const std::size_t end = std::min(total, packet.size());  // drop Ethernet padding
    Endpoint source{AddressText(AF_INET, &packet[12]), 0};
    Endpoint destination{AddressText(AF_INET, &packet[16]), 0};
    OnTcp(source, destination, packet.subspan(header, end - header));
  } else if (ether_type == kEtherIpv6) {
    if (packet.size() < 40 || (packet[0] >> 4) != 6) return;
    const std::size_t end = std::min<std::size_t>(40 + U16At(&packet[4]), packet.size());
    std::uint8_t next = packet[6];
    std::size_t offset = 40;
    // Hop-by-hop, routing and destination options headers precede TCP.
    while ((next == 0 || next == 43 || next == 60) && offset + 8 <= end) {
      next = packet[offset];
      offset += (static_cast<std::size_t>(packet[offset + 1]) + 1) * 8;
    }
    if (next == 44) ++skipped_fragments;
    if (next != IPPROTO_TCP || offset > end) return;
    Endpoint source{AddressText(AF_INET6, &packet[8]), 0};
    Endpoint destination{AddressText(AF_INET6, &packet[24]), 0};
    OnTcp(source, destination, packet.subspan(offset, end - offset));
  }
}

void Scanner::OnTcp(const Endpoint& source_ip, const Endpoint& destination_ip, ByteView segment) {
  if (segment.size() < 20) return;
  const std::size_t header = static_cast<std::size_t>(segment[12] >> 4) * 4;
  if (header < 20 || header > segment.size()) return;
  Endpoint source = source_ip;
  source.port = U16At(&segment[0]);
  Endpoint destination = destination_ip;
  destination.port = U16At(&segment[2]);
  const std::uint32_t seq = U32At(&segment[4]);
  const std::uint8_t flags = segment[13];
  const bool syn = (flags & 0x02) != 0;
  const bool ack = (flags & 0x10) != 0;

  const bool forward = source < destination;
  auto key = forward ? std::make_pair(source, destination) : std::make_pair(destination, source);
  auto [it, inserted] = connections_.try_emplace(key);
  Connection& connection = it->second;
  if (inserted) {
    connection.a = key.first;
    connection.b = key.second;
    connection.order = connections_.size();
  }
  const std::size_t direction = forward ? 0 : 1;
  TcpStream& stream = connection.streams[direction];
  if (syn) {
    stream.OnSyn(seq);
    if (!ack) connection.pure_syn[direction] = true;
    // SYN payload (TCP Fast Open) starts right after the SYN's own number.
    stream.OnSegment(seq + 1, segment.subspan(header));
    return;
  }
  stream.OnSegment(seq, segment.subspan(header));
}

PcapScan Scanner::Finish() {
  PcapScan scan;
  scan.packets = packets_;
  scan.tcp_flows = connections_.size();

  std::vector<const Connection*> ordered;
  for (const auto& [key, connection] : connections_) ordered.push_back(&connection);
  std::sort(ordered.begin(), ordered.end(),
            [](const Connection* x, const Connection* y) { return x->order < y->order; });

  for (const Connection* connection : ordered) {
    // The client is the side that sent the bare SYN; without the handshake in
    // the capture, try both sides.
    std::vector<std::size_t> client_sides;
    if (connection->pure_syn[0] != connection->pure_syn[1]) {
      client_sides.push_back(connection->pure_syn[0] ? 0 : 1);
    } else {
      client_sides = {0, 1};
    }
    for (std::size_t client : client_sides) {
      const TcpStream& to_server = connection->streams[client];
      const TcpStream& to_client = connection->streams[1 - client];
      auto start = FindClientTlsStart(to_server.data(), to_client.data());
      if (!start) continue;

      const Endpoint& from = client == 0 ? connection->a : connection->b;
      const Endpoint& to = client == 0 ? connection->b : connection->a;
      const std::string flow = from.ToString() + " -> " + to.ToString();
      const ByteView tls = ByteView(to_server.data()).subspan(start->offset);
      if (tls.empty()) {
        scan.warnings.push_back(flow +
                                ": STARTTLS was sent but no TLS bytes follow in the "
                                "capture");
        break;
      }
      ClientHelloReader reader;
      const auto status = reader.Feed(tls);
      if (status != ClientHelloReader::Status::kComplete) {
        std::string why = status == ClientHelloReader::Status::kNeedMore
                              ? std::string("the capture ends inside the ClientHello")
                              : std::string(DescribeHelloError(reader.error()));
        if (to_server.has_gap()) why += " (a segment is missing from the capture)";
        scan.warnings.push_back(flow + ": no complete ClientHello: " + why);
        break;
      }
      CheckInput input;
      input.format = "pcap";
      input.origin = flow + (start->starttls ? " (SMTP STARTTLS)" : " (TLS from the start)");
      input.hello = reader.hello();
      input.wire = Bytes(tls.begin(), tls.begin() + static_cast<std::ptrdiff_t>(reader.consumed()));
      if (!start->note.empty()) input.notes.push_back(start->note);
      scan.hellos.push_back(std::move(input));
      break;
    }
  }
  if (skipped_fragments > 0) {
    scan.warnings.push_back(std::to_string(skipped_fragments) +
                            " IP fragments were skipped (fragment reassembly is not done)");
  }
  return scan;
}

struct PcapCloser {
  void operator()(pcap_t* handle) const { pcap_close(handle); }
};

}  // namespace

bool LooksLikePcap(ByteView bytes) {
  if (bytes.size() < 4) return false;
  const std::uint32_t magic = U32At(bytes.data());
  return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1 ||
         magic == 0x0a0d0d0a;
}

Expected<PcapScan, std::string> ReadPcap(const Bytes& file) {
  if (file.empty()) return Unexpected{std::string("the capture file is empty")};

  // libpcap reads from a FILE*; fmemopen gives one over a private copy so the
  // input can come from a file or from standard input alike.
  Bytes copy = file;
  FILE* stream = fmemopen(copy.data(), copy.size(), "rb");
  if (stream == nullptr) return Unexpected{std::string("cannot open the capture in memory")};
  std::array<char, PCAP_ERRBUF_SIZE> error{};
  std::unique_ptr<pcap_t, PcapCloser> handle(pcap_fopen_offline(stream, error.data()));
  if (!handle) {
    std::fclose(stream);
    return Unexpected{"the file is not a readable pcap or pcapng capture: " +
                      std::string(error.data())};
  }

  const int link_type = pcap_datalink(handle.get());
  if (link_type != DLT_EN10MB && link_type != DLT_LINUX_SLL && link_type != kDltLinuxSll2 &&
      link_type != DLT_RAW && link_type != kDltIpv4 && link_type != kDltIpv6 &&
      link_type != DLT_NULL && link_type != DLT_LOOP) {
    const char* name = pcap_datalink_val_to_name(link_type);
    return Unexpected{"the capture's link type " + std::string(name ? name : "?") + " (" +
                      std::to_string(link_type) +
                      ") is not supported: capture on an Ethernet, cooked (-i any), raw or "
                      "loopback interface"};
  }

  Scanner scanner;
  std::optional<std::string> read_error;
  for (;;) {
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    const int result = pcap_next_ex(handle.get(), &header, &data);
    if (result == PCAP_ERROR_BREAK) break;  // end of file
    if (result != 1) {
      read_error = pcap_geterr(handle.get());
      break;
    }
    scanner.OnFrame(link_type, ByteView(data, header->caplen));
  }

  PcapScan scan = scanner.Finish();
  if (read_error) {
    const std::string what = "the capture is cut short after " + std::to_string(scan.packets) +
                             " packets (" + *read_error + ")";
    if (scan.hellos.empty()) {
      return Unexpected{what + "; no ClientHello was found before that point"};
    }
    scan.warnings.insert(scan.warnings.begin(),
                         what + "; reporting the hellos found before the cut");
  }
  if (scan.hellos.empty()) {
    std::string text = "no ClientHello found in " + std::to_string(scan.packets) + " packets (" +
                       std::to_string(scan.tcp_flows) +
                       " TCP flows): the capture has no SMTP STARTTLS session and no flow "
                       "starting with TLS";
    if (!scan.warnings.empty()) text += "; " + scan.warnings.front();
    return Unexpected{text};
  }
  return scan;
}

}  // namespace schannel_emu
