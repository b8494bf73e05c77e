// Server: the Boost.Asio shell that puts sessions on sockets. All behaviour lives in the core;
// this file only moves bytes, keeps time and makes the core's close/reset real on the wire.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/base/expected.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/smtp/message_sink.h"
#include "emulator/core/tls/server_credentials.h"
#include "emulator/core/tls/session_cache.h"
#include "emulator/shell/asio.h"
#include "emulator/shell/event_log.h"

namespace schannel_emu {

struct ServerConfig {
  std::vector<boost::asio::ip::tcp::endpoint> listen;
  Profile profile;
  ServerCredentials credentials;
  std::string hostname = "mail.example.com";
  std::size_t max_connections = 5000;          // Exchange 2007 MaxInboundConnection
  std::size_t max_connections_per_source = 0;  // 0: the profile's smtp value
  std::chrono::milliseconds idle_timeout{0};   // 0: the profile's smtp value
  std::chrono::milliseconds stop_grace{5000};  // how long a stop waits for sessions to end
  std::optional<std::uint64_t> deterministic_seed;
  MessageSink* sink = nullptr;  // must outlive the server
  EventLog* log = nullptr;      // must outlive the server
};

// Server accepts connections on every configured address and runs one Session per
// connection as a coroutine on the io_context it is given. The caller runs that
// io_context on as many threads as it likes: each connection lives on its own strand,
// and what connections share (the limits' counts, the session cache, the credentials'
// RSA contexts) is locked. With more than one thread the sink and the log must be
// thread safe too; FileSpool and EventLog are.
class Server {
 public:
  Server(boost::asio::io_context& io, ServerConfig config);
  ~Server();

  // Listen binds every address; the error names the address and what to do.
  Expected<bool, std::string> Listen();
  // LocalEndpoints gives the bound addresses (the real port when 0 was asked for).
  std::vector<boost::asio::ip::tcp::endpoint> LocalEndpoints() const;

  // Stop stops accepting, lets sessions finish for the grace period, then tells the
  // remaining clients the service is closing and cuts them. Safe to call more than once
  // and from any thread; the work happens on the io_context.
  void Stop();

  std::size_t active_connections() const;

 private:
  struct Connection;

  // ConnectionRegistration calls Unregister when the session's coroutine ends.
  class ConnectionRegistration {
   public:
    ConnectionRegistration(Server& server, std::shared_ptr<Connection> connection)
        : server_(server), connection_(std::move(connection)) {}
    ~ConnectionRegistration() { server_.Unregister(*connection_); }
    ConnectionRegistration(const ConnectionRegistration&) = delete;
    ConnectionRegistration& operator=(const ConnectionRegistration&) = delete;

   private:
    Server& server_;
    std::shared_ptr<Connection> connection_;
  };

  void Unregister(const Connection& connection);
  // Refusal is why a connection is turned away ("stopping", "connection_limit") and
  // the 421 reply it gets.
  struct Refusal {
    std::string_view reason;
    std::string_view reply;
  };
  // Register counts a new connection against the limits, or says why it is refused.
  std::optional<Refusal> Register(const std::shared_ptr<Connection>& connection);
  void StopOnAcceptStrand();

  boost::asio::awaitable<void> Accept(boost::asio::ip::tcp::acceptor& acceptor);
  boost::asio::awaitable<void> Serve(std::shared_ptr<Connection> connection);
  void Log(std::uint64_t id, const Event& event);
  std::string Now() const;

  boost::asio::io_context& io_;
  ServerConfig config_;
  SessionCache session_cache_;
  // The acceptors, the stop timer and next_id_ are only touched on accept_strand_.
  boost::asio::strand<boost::asio::io_context::executor_type> accept_strand_;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors_;
  boost::asio::steady_timer stop_timer_;
  std::uint64_t next_id_ = 1;

  mutable std::mutex mutex_;  // guards the three members below
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections_;
  std::map<std::string, std::size_t> connections_per_source_;
  bool stopping_ = false;
};

}  // namespace schannel_emu
