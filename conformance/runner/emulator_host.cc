#include "conformance/runner/emulator_host.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <thread>
#include <utility>  // before Asio: g++ 12 needs it inside awaitable.hpp

#include "conformance/runner/shell_process.h"
#include "emulator/shell/credentials_store.h"
#include "emulator/shell/event_log.h"
#include "emulator/shell/server.h"
#include "emulator/shell/spool.h"

namespace schannel_emu::conform {
namespace {

namespace asio = boost::asio;

// LineCollector is the stream buffer behind the event log: it keeps whole lines, and can
// be read from another thread while the server writes.
class LineCollector final : public std::streambuf {
 public:
  std::vector<std::string> Lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    Append(&ch, 1);
    return c;
  }
  std::streamsize xsputn(const char* data, std::streamsize count) override {
    Append(data, count);
    return count;
  }

 private:
  void Append(const char* data, std::streamsize count) {
    std::lock_guard lock(mutex_);
    for (std::streamsize i = 0; i < count; ++i) {
      if (data[i] == '\n') {
        lines_.push_back(std::move(partial_));
        partial_.clear();
      } else {
        partial_ += data[i];
      }
    }
  }

  mutable std::mutex mutex_;
  std::string partial_;
  std::vector<std::string> lines_;
};

// RefusingSink fails the first messages the way a full or broken store does (the SMTP engine
// turns kFailed into 451 4.3.0) and puts off the first recipients (451 4.7.0), then hands
// everything to the spool.
class RefusingSink final : public MessageSink {
 public:
  RefusingSink(MessageSink& inner, const StoreFaults& faults) : inner_(inner), faults_(faults) {}

  RecipientDecision CheckRecipient(const std::string& address) override {
    if (recipients_put_off_.fetch_add(1) < faults_.try_later_first_recipients) {
      return RecipientDecision::kTryLater;
    }
    return inner_.CheckRecipient(address);
  }

  StoreOutcome Store(const Envelope& envelope, ByteView content) override {
    if (refused_.fetch_add(1) < faults_.refuse_first_messages) {
      StoreOutcome refused;
      refused.result = StoreResult::kFailed;
      return refused;
    }
    return inner_.Store(envelope, content);
  }

 private:
  MessageSink& inner_;
  StoreFaults faults_;
  std::atomic<std::size_t> refused_{0};
  std::atomic<std::size_t> recipients_put_off_{0};
};

class AsioEmulatorHost final : public EmulatorHost {
 public:
  AsioEmulatorHost(std::unique_ptr<FileSpool> spool, const StoreFaults& faults)
      : spool_(std::move(spool)), sink_(*spool_, faults) {}
  ~AsioEmulatorHost() override { Stop(); }

  Expected<bool, std::string> Run(ServerConfig config) {
    config.sink = &sink_;
    config.log = &log_;
    config.listen = {asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
    config.stop_grace = std::chrono::milliseconds(200);
    server_ = std::make_unique<Server>(io_, std::move(config));
    if (auto listening = server_->Listen(); !listening) return Unexpected{listening.error()};
    port_ = server_->LocalEndpoints().front().port();
    thread_ = std::thread([this] { io_.run(); });
    return true;
  }

  std::uint16_t port() const override { return port_; }

  std::vector<ObservedEvent> Events() const override {
    std::vector<ObservedEvent> events;
    for (const std::string& line : collector_.Lines()) {
      if (auto event = ParseEventLine(line)) events.push_back(std::move(*event));
    }
    return events;
  }

  std::vector<StoredMessage> Messages() const override {
    std::vector<StoredMessage> messages;
    std::error_code error;
    std::vector<std::filesystem::path> envelopes;
    for (const auto& entry : std::filesystem::directory_iterator(spool_->dir(), error)) {
      if (entry.path().extension() == ".json") envelopes.push_back(entry.path());
    }
    std::sort(envelopes.begin(), envelopes.end());
    for (const auto& envelope_path : envelopes) {
      auto content_path = envelope_path;
      content_path.replace_extension(".eml");
      // The spool renames the envelope into place first; the message is only complete once
      // its content file is there too.
      if (!std::filesystem::exists(content_path, error)) continue;
      StoredMessage message;
      message.name = envelope_path.stem().string();
      message.envelope = nlohmann::json::parse(ReadFileText(envelope_path), nullptr, false);
      message.content = ReadFileText(content_path);
      if (message.envelope.is_discarded()) continue;
      messages.push_back(std::move(message));
    }
    return messages;
  }

  std::size_t ActiveConnections() const override {
    if (!server_ || stopped_) return 0;
    // The count lives on the io thread; ask there.
    auto count = std::make_shared<std::promise<std::size_t>>();
    auto future = count->get_future();
    asio::post(io_,
               [count, server = server_.get()] { count->set_value(server->active_connections()); });
    if (future.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return 0;
    return future.get();
  }

  void Stop() override {
    if (stopped_.exchange(true)) return;
    if (!thread_.joinable()) return;
    asio::post(io_, [this] { server_->Stop(); });
    // Sessions get the server's grace; after that the io_context is stopped outright so a
    // client that never closes cannot hold the suite.
    auto done = std::async(std::launch::async, [this] { thread_.join(); });
    if (done.wait_for(std::chrono::seconds(3)) != std::future_status::ready) {
      io_.stop();
      done.wait();
    }
  }

 private:
  mutable asio::io_context io_;
  std::unique_ptr<FileSpool> spool_;
  RefusingSink sink_;
  LineCollector collector_;
  std::ostream stream_{&collector_};
  EventLog log_{&stream_, nullptr};
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopped_{false};
};

}  // namespace

Expected<std::unique_ptr<EmulatorHost>, std::string> EmulatorHost::Start(
    const Profile& profile, const ServerCredentials& credentials,
    const std::filesystem::path& spool_dir, const StoreFaults& faults) {
  auto spool = FileSpool::Open(spool_dir, "conform");
  if (!spool) return Unexpected{spool.error()};
  auto host = std::make_unique<AsioEmulatorHost>(std::move(*spool), faults);

  ServerConfig config;
  config.profile = profile;
  config.credentials = credentials;
  config.hostname = "exchange2007.conform.example";
  config.max_connections = 50;
  config.idle_timeout = std::chrono::seconds(20);
  if (auto running = host->Run(std::move(config)); !running) return Unexpected{running.error()};
  return std::unique_ptr<EmulatorHost>(std::move(host));
}

Expected<ServerCredentials, std::string> LoadSuiteCredentials(const Profile& profile) {
  auto loaded =
      LoadOrCreateCachedCredentials(DefaultCredentialsCacheDir(), profile.certificate_key_bits,
                                    profile.certificate_hash, "exchange2007.conform.example");
  if (!loaded) return Unexpected{loaded.error()};
  return loaded->credentials;
}

}  // namespace schannel_emu::conform
