// The server under load and abuse, on loopback: a thousand connections at once, a client
// that says nothing, garbage, a huge line, a lying BDAT size, the connection limit, and
// sessions served by several threads at once.
#include "emulator/shell/server.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "emulator/testing/emulator_process.h"
#include "emulator/testing/loopback_client.h"

namespace schannel_emu {
namespace {

using std::chrono::seconds;
using testing::EmulatorProcess;
using testing::LoopbackClient;

std::unique_ptr<EmulatorProcess> StartEmulator(const std::vector<std::string>& args) {
  std::string error;
  auto emulator = EmulatorProcess::Start(args, &error);
  EXPECT_NE(emulator, nullptr) << error;
  return emulator;
}

// RaiseFileLimit lifts the soft descriptor limit to the hard one; false when still too low.
bool RaiseFileLimit(rlim_t needed) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  if (limit.rlim_cur < needed && limit.rlim_max >= needed) {
    limit.rlim_cur = std::min(limit.rlim_max, needed * 2);
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur >= needed;
}

TEST(ServerUnderLoad, AThousandConcurrentConnectionsAreAllServed) {
  constexpr std::size_t kConnections = 1000;
  if (!RaiseFileLimit(kConnections + 100)) {
    GTEST_SKIP() << "the descriptor limit cannot be raised to " << kConnections + 100;
  }
  auto emulator = StartEmulator({"--max-connections-per-source", "2000"});
  ASSERT_NE(emulator, nullptr);

  std::vector<LoopbackClient> clients;
  clients.reserve(kConnections);
  for (std::size_t i = 0; i < kConnections; ++i) {
    auto client = LoopbackClient::Connect(emulator->port());
    ASSERT_TRUE(client) << "connection " << i << " failed";
    clients.push_back(std::move(*client));
  }
  std::size_t banners = 0;
  for (auto& client : clients) {
    banners += client.ReadReply(seconds(20)).rfind("220 ", 0) == 0 ? 1u : 0u;
  }
  EXPECT_EQ(banners, kConnections);
  for (auto& client : clients) client.Send("QUIT\r\n");
  std::size_t goodbyes = 0;
  for (auto& client : clients) {
    goodbyes +=
        client.ReadReply(seconds(20)) == "221 2.0.0 Service closing transmission channel\r\n" ? 1
                                                                                              : 0u;
  }
  EXPECT_EQ(goodbyes, kConnections);
  clients.clear();
  EXPECT_EQ(emulator->Stop(), 0);
  EXPECT_EQ(emulator->EventsNamed("connect").size(), kConnections);
  EXPECT_TRUE(emulator->EventsNamed("connection_refused").empty());
}

TEST(ServerUnderLoad, AClientThatSaysNothingIsTimedOut) {
  auto emulator = StartEmulator({"--idle-timeout", "1"});
  ASSERT_NE(emulator, nullptr);
  auto client = LoopbackClient::Connect(emulator->port());
  ASSERT_TRUE(client);
  EXPECT_EQ(client->ReadReply().rfind("220 ", 0), 0u);

  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client->ReadReply(seconds(5)), "451 4.7.0 Timeout waiting for client input\r\n");
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
  EXPECT_EQ(testing::EndingName(client->ReadUntilClosed(seconds(5)).ending), "eof");
  client.reset();
  EXPECT_EQ(emulator->Stop(), 0);
  EXPECT_EQ(emulator->EventsNamed("idle_timeout").size(), 1u);
}

// DeliverPlain runs a whole clear-text transaction; the final reply of DATA.
std::string DeliverPlain(std::uint16_t port, const std::string& body) {
  auto client = LoopbackClient::Connect(port);
  if (!client) return "no connection";
  client->ReadReply();
  client->Dialog("EHLO normal.example.org");
  client->Dialog("MAIL FROM:<a@example.org>");
  client->Dialog("RCPT TO:<b@example.net>");
  client->Dialog("DATA");
  const std::string reply = client->Dialog(body + ".");
  client->Dialog("QUIT");
  return reply;
}

TEST(ServerUnderAbuse, GarbageHugeLinesAndLyingBdatGetErrorsWhileANormalSessionDelivers) {
  auto emulator = StartEmulator({"--idle-timeout", "5"});
  ASSERT_NE(emulator, nullptr);

  auto garbage = LoopbackClient::Connect(emulator->port());
  auto huge = LoopbackClient::Connect(emulator->port());
  auto liar = LoopbackClient::Connect(emulator->port());
  ASSERT_TRUE(garbage && huge && liar);
  garbage->ReadReply();
  huge->ReadReply();
  liar->ReadReply();

  // The normal session runs at the same time as the hostile ones.
  std::string delivered;
  std::thread normal(
      [&] { delivered = DeliverPlain(emulator->port(), "Subject: ok\r\n\r\nok\r\n"); });

  // Bytes that are not UTF-8 must not break the JSON events (they once ended the session).
  EXPECT_EQ(garbage->Dialog(std::string("\x01\xff\x80garbage\x00\x7f", 12)),
            "500 5.3.3 Unrecognized command\r\n");
  EXPECT_EQ(garbage->Dialog("NOOP"), "250 2.0.0 OK\r\n");

  ASSERT_TRUE(huge->Send(std::string(1 << 20, 'A') + "\r\n"));
  EXPECT_EQ(huge->ReadReply(seconds(10)).substr(0, 10), "500 5.5.2 ");
  EXPECT_EQ(huge->Dialog("NOOP").substr(0, 4), "250 ");

  liar->Dialog("EHLO liar.example.org");
  liar->Dialog("MAIL FROM:<a@example.org>");
  liar->Dialog("RCPT TO:<b@example.net>");
  // BDAT says 5 octets but 19 follow: the rest is read as a command.
  ASSERT_TRUE(liar->Send("BDAT 5 LAST\r\nHello, not a command\r\n"));
  EXPECT_EQ(liar->ReadReply().substr(0, 10), "250 2.6.0 ");
  EXPECT_EQ(liar->ReadReply(), "500 5.3.3 Unrecognized command\r\n");

  normal.join();
  EXPECT_EQ(delivered.substr(0, 10), "250 2.6.0 ");
  garbage.reset();
  huge.reset();
  liar.reset();
  EXPECT_EQ(emulator->Stop(), 0);
  const auto spooled = emulator->SpooledMessages();
  EXPECT_EQ(spooled.size(), 2u);
  EXPECT_NE(std::find(spooled.begin(), spooled.end(), "Subject: ok\r\n\r\nok\r\n"), spooled.end());
  EXPECT_NE(std::find(spooled.begin(), spooled.end(), "Hello"), spooled.end());
}

TEST(ServerUnderLoad, TheConnectionPastTheLimitGets421) {
  constexpr int kLimit = 3;
  auto emulator = StartEmulator({"--max-connections", std::to_string(kLimit)});
  ASSERT_NE(emulator, nullptr);
  std::vector<LoopbackClient> admitted;
  for (int i = 0; i < kLimit; ++i) {
    auto client = LoopbackClient::Connect(emulator->port());
    ASSERT_TRUE(client);
    EXPECT_EQ(client->ReadReply().rfind("220 ", 0), 0u);
    admitted.push_back(std::move(*client));
  }

  auto refused = LoopbackClient::Connect(emulator->port());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->ReadReply().rfind("421 4.3.2 ", 0), 0u);
  EXPECT_EQ(testing::EndingName(refused->ReadUntilClosed().ending), "eof");

  // A place that frees up is given to the next client.
  admitted.front().Dialog("QUIT");
  admitted.erase(admitted.begin());
  emulator->WaitForEvents("disconnect", 2, seconds(5));
  auto next = LoopbackClient::Connect(emulator->port());
  ASSERT_TRUE(next);
  EXPECT_EQ(next->ReadReply().rfind("220 ", 0), 0u);

  refused.reset();
  next.reset();
  admitted.clear();
  EXPECT_EQ(emulator->Stop(), 0);
  EXPECT_EQ(emulator->EventsNamed("connection_refused").size(), 1u);
}

// Many threads serve at once: every session of many in parallel delivers its own
// message, each connection's events stay whole, and the connection ids are unique.
TEST(ServerOnManyThreads, ParallelSessionsEachDeliverTheirOwnMessage) {
  constexpr std::size_t kSessions = 64;
  auto emulator = StartEmulator({"--threads", "4", "--max-connections-per-source", "200"});
  ASSERT_NE(emulator, nullptr);

  std::vector<int> delivered(kSessions, 0);
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < kSessions; ++i) {
    senders.emplace_back([&, i] {
      auto client = LoopbackClient::Connect(emulator->port());
      if (!client || client->ReadReply().rfind("220 ", 0) != 0) return;
      const std::string tag = "parallel-" + std::to_string(i);
      const bool ok = client->Dialog("EHLO " + tag).rfind("250", 0) == 0 &&
                      client->Dialog("MAIL FROM:<" + tag + "@example.org>").rfind("250", 0) == 0 &&
                      client->Dialog("RCPT TO:<bob@example.com>").rfind("250", 0) == 0 &&
                      client->Dialog("DATA").rfind("354", 0) == 0 &&
                      client->Dialog("Subject: " + tag + "\r\n\r\nbody of " + tag + "\r\n.")
                              .rfind("250 2.6.0", 0) == 0 &&
                      client->Dialog("QUIT").rfind("221", 0) == 0;
      delivered[i] = ok ? 1 : 0;
    });
  }
  for (std::thread& sender : senders) sender.join();
  EXPECT_EQ(emulator->Stop(), 0);

  EXPECT_EQ(std::count(delivered.begin(), delivered.end(), 1), static_cast<long>(kSessions));
  const std::vector<std::string> messages = emulator->SpooledMessages();
  ASSERT_EQ(messages.size(), kSessions);
  for (std::size_t i = 0; i < kSessions; ++i) {
    const std::string body = "body of parallel-" + std::to_string(i) + "\r\n";
    EXPECT_EQ(
        std::count_if(messages.begin(), messages.end(),
                      [&](const std::string& m) { return m.find(body) != std::string::npos; }),
        1)
        << body;
  }
  std::set<std::uint64_t> ids;
  for (const auto& connect : emulator->EventsNamed("connect")) {
    ids.insert(connect["conn"].get<std::uint64_t>());
  }
  EXPECT_EQ(ids.size(), kSessions);
  EXPECT_EQ(emulator->EventsNamed("disconnect").size(), kSessions);
}

// The connection limit is counted under one lock, so connections that arrive together on
// several threads can never all be let in.
TEST(ServerOnManyThreads, TheLimitHoldsForConnectionsArrivingTogether) {
  constexpr std::size_t kLimit = 10;
  constexpr std::size_t kClients = 40;
  auto emulator = StartEmulator({"--threads", "4", "--max-connections", std::to_string(kLimit)});
  ASSERT_NE(emulator, nullptr);

  std::vector<LoopbackClient> clients;
  for (std::size_t i = 0; i < kClients; ++i) {
    auto client = LoopbackClient::Connect(emulator->port());
    ASSERT_TRUE(client) << "connection " << i;
    clients.push_back(std::move(*client));
  }
  std::size_t banners = 0;
  std::size_t refusals = 0;
  for (auto& client : clients) {
    const std::string reply = client.ReadReply(seconds(10));
    if (reply.rfind("220 ", 0) == 0) ++banners;
    if (reply.rfind("421 4.3.2 ", 0) == 0) ++refusals;
  }
  EXPECT_EQ(banners, kLimit);
  EXPECT_EQ(refusals, kClients - kLimit);
  clients.clear();
  EXPECT_EQ(emulator->Stop(), 0);
}

}  // namespace
}  // namespace schannel_emu
