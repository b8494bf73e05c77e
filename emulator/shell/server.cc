#include "emulator/shell/server.h"

#include <ctime>

#include "emulator/core/base/random.h"
#include "emulator/core/session/session.h"

namespace schannel_emu {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// A fixed clock for --deterministic: 2008-01-01T00:00:00Z, when Exchange 2007 was current.
constexpr std::int64_t kDeterministicEpoch = 1199145600;

std::string FormatTime(std::int64_t unix_seconds, const char* format) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof text, format, &utc);
  return text;
}

std::string EndpointText(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

}  // namespace

struct Server::Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)), idle_timer(socket.get_executor()) {}

  tcp::socket socket;
  asio::steady_timer idle_timer;
  std::uint64_t id = 0;
  std::string source;
  bool timed_out = false;
  bool stop_requested = false;
};

Server::Server(asio::io_context& io, ServerConfig config)
    : io_(io),
      config_(std::move(config)),
      session_cache_(config_.profile.session_cache_entries, config_.profile.session_cache_seconds),
      accept_strand_(asio::make_strand(io)),
      stop_timer_(accept_strand_) {
  if (config_.idle_timeout.count() == 0) {
    config_.idle_timeout = std::chrono::seconds(config_.profile.smtp.idle_timeout_seconds);
  }
  if (config_.max_connections_per_source == 0) {
    config_.max_connections_per_source = config_.profile.smtp.max_connections_per_source;
  }
}

Server::~Server() = default;

Expected<bool, std::string> Server::Listen() {
  for (const tcp::endpoint& endpoint : config_.listen) {
    auto acceptor = std::make_unique<tcp::acceptor>(accept_strand_);
    boost::system::error_code error;
    acceptor->open(endpoint.protocol(), error);
    if (!error) acceptor->set_option(tcp::acceptor::reuse_address(true), error);
    if (!error) acceptor->bind(endpoint, error);
    if (!error) acceptor->listen(asio::socket_base::max_listen_connections, error);
    if (error) {
      return Unexpected{"cannot listen on " + EndpointText(endpoint) + ": " + error.message() +
                        " (is another server using it? choose another with --listen)"};
    }
    acceptors_.push_back(std::move(acceptor));
  }
  for (auto& acceptor : acceptors_) {
    asio::co_spawn(accept_strand_, Accept(*acceptor), asio::detached);
  }
  return true;
}

std::vector<tcp::endpoint> Server::LocalEndpoints() const {
  std::vector<tcp::endpoint> endpoints;
  for (const auto& acceptor : acceptors_) {
    boost::system::error_code error;
    const auto endpoint = acceptor->local_endpoint(error);
    if (!error) endpoints.push_back(endpoint);
  }
  return endpoints;
}

void Server::Stop() {
  asio::post(accept_strand_, [this] { StopOnAcceptStrand(); });
}

void Server::StopOnAcceptStrand() {
  bool idle = false;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    idle = connections_.empty();
  }
  for (auto& acceptor : acceptors_) {
    boost::system::error_code ignored;
    acceptor->close(ignored);
  }
  // With no session open there is nothing to wait for: arming the timer would keep an
  // idle server running for the whole grace period.
  if (idle) return;

  // After the grace period, every session still open is told the service is closing.
  // Each connection's socket belongs to its strand, so the cancel is posted there.
  stop_timer_.expires_after(config_.stop_grace);
  stop_timer_.async_wait([this](const boost::system::error_code& error) {
    if (error) return;
    const std::lock_guard lock(mutex_);
    for (auto& [id, connection] : connections_) {
      asio::post(connection->socket.get_executor(), [connection = connection] {
        connection->stop_requested = true;
        boost::system::error_code ignored;
        connection->socket.cancel(ignored);
      });
    }
  });
}

std::size_t Server::active_connections() const {
  const std::lock_guard lock(mutex_);
  return connections_.size();
}

std::string Server::Now() const {
  if (config_.deterministic_seed) return FormatTime(kDeterministicEpoch, "%Y-%m-%dT%H:%M:%SZ");
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03lld", static_cast<long long>(millis % 1000));
  return FormatTime(millis / 1000, "%Y-%m-%dT%H:%M:%S") + fraction + "Z";
}

void Server::Log(std::uint64_t id, const Event& event) {
  if (config_.log == nullptr) return;
  const auto now = [this] { return Now(); };
  config_.log->Write(id, now, event);
}

asio::awaitable<void> Server::Accept(tcp::acceptor& acceptor) {
  for (;;) {
    // Each connection gets a strand of its own: its coroutine, socket and timers never
    // run on two threads at once, while different connections do.
    tcp::socket socket(asio::make_strand(io_));
    boost::system::error_code error;
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      continue;  // a client that gave up between SYN and accept
    }
    auto connection = std::make_shared<Connection>(std::move(socket));
    connection->id = next_id_++;
    const auto executor = connection->socket.get_executor();
    asio::co_spawn(executor, Serve(std::move(connection)), asio::detached);
  }
}

namespace {

// Write sends all of `bytes`; false when the peer is gone.
asio::awaitable<bool> Write(tcp::socket& socket, const Bytes& bytes) {
  if (bytes.empty()) co_return true;
  boost::system::error_code error;
  co_await asio::async_write(socket, asio::buffer(bytes),
                             asio::redirect_error(asio::use_awaitable, error));
  co_return !error;
}

// CloseOrderly sends FIN and then reads (and drops) what the client still sends for a
// moment: closing a socket with unread input makes Linux send RST instead of FIN, and the
// failure mode "close" must look like an orderly close on the wire.
asio::awaitable<void> CloseOrderly(tcp::socket& socket, asio::steady_timer& timer) {
  boost::system::error_code error;
  socket.shutdown(tcp::socket::shutdown_send, error);
  timer.expires_after(std::chrono::seconds(2));
  timer.async_wait([&socket](const boost::system::error_code& timer_error) {
    if (!timer_error) {
      boost::system::error_code ignored;
      socket.cancel(ignored);
    }
  });
  std::array<std::uint8_t, 4096> sink{};
  for (int reads = 0; reads < 256 && !error; ++reads) {
    co_await socket.async_read_some(asio::buffer(sink),
                                    asio::redirect_error(asio::use_awaitable, error));
  }
  timer.cancel();
  socket.close(error);
}

void CloseWithReset(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

Event MakeDisconnect(std::string_view by, std::string_view how) {
  Event event = MakeEvent("disconnect");
  event.fields["by"] = by;
  event.fields["how"] = how;
  return event;
}

}  // namespace

asio::awaitable<void> Server::Serve(std::shared_ptr<Connection> connection) {
  tcp::socket& socket = connection->socket;
  boost::system::error_code error;
  const tcp::endpoint remote = socket.remote_endpoint(error);
  const tcp::endpoint local = socket.local_endpoint(error);
  connection->source = remote.address().to_string();
  socket.set_option(tcp::no_delay(true), error);

  Event connect = MakeEvent("connect");
  connect.fields["client"] = EndpointText(remote);
  connect.fields["server"] = EndpointText(local);
  connect.fields["profile"] = config_.profile.name;
  Log(connection->id, connect);

  // Exchange refuses connections over its limits with a 421 before the banner.
  if (const auto refusal = Register(connection)) {
    Event refused = MakeEvent("connection_refused");
    refused.fields["reason"] = refusal->reason;
    Log(connection->id, refused);
    co_await Write(socket, Bytes(refusal->reply.begin(), refusal->reply.end()));
    co_await CloseOrderly(socket, connection->idle_timer);
    Log(connection->id, MakeDisconnect("server", "fin"));
    co_return;
  }
  // The bookkeeping is undone however the coroutine ends, even by an exception, so a
  // failed session never keeps its place against the connection limits.
  const ConnectionRegistration registration(*this, connection);

  const std::int64_t now = config_.deterministic_seed
                               ? kDeterministicEpoch
                               : static_cast<std::int64_t>(std::time(nullptr));
  std::unique_ptr<RandomSource> random;
  if (config_.deterministic_seed) {
    random = std::make_unique<DeterministicRandom>(*config_.deterministic_seed + connection->id);
  } else {
    random = std::make_unique<OsRandom>();
  }
  SessionOptions options;
  options.profile = &config_.profile;
  options.credentials = &config_.credentials;
  options.random = random.get();
  options.session_cache = &session_cache_;
  options.sink = config_.sink;
  options.hostname = config_.hostname;
  options.client_address = remote.address().to_string();
  options.banner_date = FormatTime(now, "%a, %d %b %Y %H:%M:%S +0000");
  options.now_seconds = now;
  Session session(options);

  std::string closed_by = "server";
  std::array<std::uint8_t, 16384> buffer{};
  session.Start();
  for (;;) {
    for (const Event& event : session.TakeEvents()) Log(connection->id, event);
    if (!co_await Write(socket, session.TakeOutput())) {
      closed_by = "client";
      break;
    }
    if (session.action() != SessionAction::kContinue && session.action() != SessionAction::kHang) {
      break;
    }
    if (connection->stop_requested) {
      session.Shutdown();
      connection->stop_requested = false;
      continue;
    }

    connection->timed_out = false;
    connection->idle_timer.expires_after(config_.idle_timeout);
    connection->idle_timer.async_wait([connection](const boost::system::error_code& timer_error) {
      if (timer_error) return;
      connection->timed_out = true;
      boost::system::error_code ignored;
      connection->socket.cancel(ignored);
    });
    const std::size_t received = co_await socket.async_read_some(
        asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, error));
    connection->idle_timer.cancel();

    if (received > 0 && session.action() == SessionAction::kContinue) {
      session.Receive(ByteView(buffer.data(), received));
    }
    if (!error) continue;
    if (connection->timed_out) {
      Event timeout = MakeEvent("idle_timeout");
      timeout.fields["seconds"] =
          std::chrono::duration_cast<std::chrono::seconds>(config_.idle_timeout).count();
      Log(connection->id, timeout);
      if (session.action() == SessionAction::kHang) break;
      session.IdleTimeout();
      continue;
    }
    if (error == asio::error::operation_aborted && connection->stop_requested) continue;
    closed_by = "client";
    session.PeerClosed();
    for (const Event& event : session.TakeEvents()) Log(connection->id, event);
    break;
  }

  std::string how = error == asio::error::connection_reset ? "rst" : "fin";
  if (closed_by == "server") {
    if (session.action() == SessionAction::kReset) {
      CloseWithReset(socket);
      how = "rst";
    } else {
      co_await CloseOrderly(socket, connection->idle_timer);
      how = "fin";
    }
  } else {
    socket.close(error);
  }
  Log(connection->id, MakeDisconnect(closed_by, how));
}

std::optional<Server::Refusal> Server::Register(const std::shared_ptr<Connection>& connection) {
  const std::lock_guard lock(mutex_);
  if (stopping_) {
    return Refusal{"stopping", "421 4.3.2 Service not available, closing transmission channel\r\n"};
  }
  const auto from_source = connections_per_source_.find(connection->source);
  const std::size_t count = from_source == connections_per_source_.end() ? 0 : from_source->second;
  if (connections_.size() >= config_.max_connections ||
      count >= config_.max_connections_per_source) {
    return Refusal{"connection_limit",
                   "421 4.3.2 The maximum number of concurrent connections has exceeded a "
                   "limit, closing transmission channel\r\n"};
  }
  connections_[connection->id] = connection;
  ++connections_per_source_[connection->source];
  return std::nullopt;
}

void Server::Unregister(const Connection& connection) {
  bool last_during_stop = false;
  {
    const std::lock_guard lock(mutex_);
    connections_.erase(connection.id);
    if (--connections_per_source_[connection.source] == 0) {
      connections_per_source_.erase(connection.source);
    }
    last_during_stop = stopping_ && connections_.empty();
  }
  // A stop with nothing left to wait for ends now rather than after the grace period.
  if (last_during_stop) asio::post(accept_strand_, [this] { stop_timer_.cancel(); });
}

}  // namespace schannel_emu
