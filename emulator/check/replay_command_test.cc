#include "emulator/check/replay_command.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {
namespace {

enum class Ending { kClose, kReset, kAlert, kServerHello };

// FakeSmtpServer accepts one connection on 127.0.0.1, plays an SMTP server up to
// STARTTLS, reads the ClientHello's record header and then ends as told.
class FakeSmtpServer {
 public:
  explicit FakeSmtpServer(Ending ending) : ending_(ending) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 1);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeSmtpServer() {
    thread_.join();
    close(listener_);
  }
  std::uint16_t port() const { return port_; }
  const std::string& received() const { return received_; }

 private:
  // ReadUntil reads until `marker` arrives, at most 5 s.
  bool ReadUntil(int fd, const std::string& marker) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (received_.find(marker) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd waiting{fd, POLLIN, 0};
      if (poll(&waiting, 1, 500) <= 0) continue;
      char chunk[2048];
      const ssize_t got = recv(fd, chunk, sizeof chunk, 0);
      if (got <= 0) return false;
      received_.append(chunk, static_cast<std::size_t>(got));
    }
    return true;
  }
  // ReadRecord reads the whole first TLS record after STARTTLS, at most 5 s.
  void ReadRecord(int fd) {
    const std::size_t start = received_.size();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (received_.size() >= start + 5) {
        const auto* header = reinterpret_cast<const unsigned char*>(received_.data() + start);
        const std::size_t length = static_cast<std::size_t>(header[3] << 8 | header[4]);
        if (received_.size() >= start + 5 + length) return;
      }
      pollfd waiting{fd, POLLIN, 0};
      if (poll(&waiting, 1, 500) <= 0) continue;
      char chunk[2048];
      const ssize_t got = recv(fd, chunk, sizeof chunk, 0);
      if (got <= 0) return;
      received_.append(chunk, static_cast<std::size_t>(got));
    }
  }
  void Send(int fd, std::string_view text) { send(fd, text.data(), text.size(), MSG_NOSIGNAL); }
  void Serve() {
    pollfd waiting{listener_, POLLIN, 0};
    if (poll(&waiting, 1, 5000) <= 0) return;
    const int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    Send(fd, "220 mx.test Microsoft ESMTP MAIL Service ready\r\n");
    if (ReadUntil(fd, "\r\n")) {
      Send(fd, "250-mx.test Hello\r\n250-STARTTLS\r\n250 CHUNKING\r\n");
      if (ReadUntil(fd, "STARTTLS\r\n")) {
        Send(fd, "220 2.0.0 SMTP server ready\r\n");
        ReadRecord(fd);
      }
    }
    switch (ending_) {
      case Ending::kClose:
        break;
      case Ending::kReset: {
        linger abort{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        break;
      }
      case Ending::kAlert:
        Send(fd, std::string("\x15\x03\x01\x00\x02\x02\x28", 7));
        break;
      case Ending::kServerHello: {
        Bytes record = {0x16, 0x03, 0x01, 0x00, 0x2a, 0x02, 0x00, 0x00, 0x26, 0x03, 0x01};
        record.resize(record.size() + 32, 0x11);  // random
        record.push_back(0);                      // no session id
        record.push_back(0x00);
        record.push_back(0x04);  // RC4-MD5
        record.push_back(0);     // null compression
        Send(fd, AsText(record));
        break;
      }
    }
    close(fd);
  }

  Ending ending_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::string received_;
  std::thread thread_;
};

struct CommandRun {
  int status;
  std::string out;
  std::string err;
};

CommandRun Replay(std::uint16_t port, const std::string& input) {
  const std::vector<std::string> args = {"--to", "127.0.0.1:" + std::to_string(port), "--timeout",
                                         "3", "-"};
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  const int status = RunReplay(args, in, out, err);
  return {status, out.str(), err.str()};
}

TEST(ReplayCommand, ReportsAnOrderlyCloseAsFin) {
  FakeSmtpServer server(Ending::kClose);
  const CommandRun run = Replay(server.port(), "0035 002f 0005 000a");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("result: closed"), std::string::npos) << run.out;
}

TEST(ReplayCommand, ReportsAResetAsRst) {
  FakeSmtpServer server(Ending::kReset);
  const CommandRun run = Replay(server.port(), "0035 002f 0005 000a");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("result: reset"), std::string::npos) << run.out;
}

TEST(ReplayCommand, ReportsAnAlertWithItsLevelAndDescription) {
  FakeSmtpServer server(Ending::kAlert);
  const CommandRun run = Replay(server.port(), "0035 002f 0005 000a");
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_NE(run.out.find("result: alert: level 2 (fatal), description 40 (handshake_failure)"),
            std::string::npos)
      << run.out;
}

TEST(ReplayCommand, ReportsAServerHelloWithVersionAndSuite) {
  FakeSmtpServer server(Ending::kServerHello);
  const CommandRun run = Replay(server.port(), "0035 002f 0005 0004");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("TLSv1.0"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("0x0004"), std::string::npos) << run.out;
}

TEST(ReplayCommand, SendsRecordedBytesExactly) {
  const std::string hex =
      "160301002f0100002b0301" + std::string(64, '0') + "00" + "0004" + "00050004" + "0100";
  FakeSmtpServer server(Ending::kClose);
  const CommandRun run = Replay(server.port(), hex);
  EXPECT_EQ(run.status, 1) << run.err;
  auto bytes = FromHex(hex);
  ASSERT_TRUE(bytes);
  const std::string& received = server.received();
  ASSERT_GE(received.size(), bytes->size());
  EXPECT_EQ(received.substr(received.size() - bytes->size()), std::string(AsText(*bytes)));
}

TEST(ReplayCommand, FailsClearlyWhenNothingListens) {
  std::uint16_t port = 0;
  {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    close(fd);
  }
  const CommandRun run = Replay(port, "0035");
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.err.find("cannot connect"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace schannel_emu
