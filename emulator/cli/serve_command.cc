#include "emulator/cli/serve_command.h"

#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "emulator/cli/profile_source.h"
#include "emulator/cli/serve_options.h"
#include "emulator/shell/asio.h"
#include "emulator/shell/credentials_store.h"
#include "emulator/shell/event_log.h"
#include "emulator/shell/server.h"
#include "emulator/shell/spool.h"

namespace schannel_emu {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// ParseEndpoint reads "127.0.0.1:2525" or "[::1]:2525".
Expected<tcp::endpoint, std::string> ParseEndpoint(const std::string& text) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Unexpected{"--listen '" + text + "': write IPv6 addresses as [::1]:2525"};
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      return Unexpected{"--listen '" + text + "': expected ADDRESS:PORT, e.g. 127.0.0.1:2525"};
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host == "localhost") host = "127.0.0.1";

  boost::system::error_code error;
  const auto address = asio::ip::make_address(host, error);
  if (error) {
    return Unexpected{"--listen '" + text + "': '" + host + "' is not an IP address"};
  }
  unsigned long number = 0;
  try {
    std::size_t used = 0;
    number = std::stoul(port, &used);
    if (used != port.size() || number > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    return Unexpected{"--listen '" + text + "': the port must be a number from 0 to 65535"};
  }
  return tcp::endpoint(address, static_cast<unsigned short>(number));
}

int Fail(std::ostream& log, const std::string& message, int code) {
  log << "schannel-emu: " << message << "\n";
  return code;
}

}  // namespace

int RunServe(std::span<const std::string> args, std::ostream& log) {
  const auto options = ParseServeOptions(args);
  if (!options) return Fail(log, options.error(), 2);
  if (options->help) {
    std::cout << ServeHelp();
    return 0;
  }

  ServerConfig config;
  auto profile = ResolveProfile(options->profile);
  if (!profile) return Fail(log, profile.error(), 2);
  config.profile = std::move(*profile);
  if (options->failure) config.profile.failure = *ParseFailureMode(*options->failure);

  for (const std::string& text : options->listen) {
    auto endpoint = ParseEndpoint(text);
    if (!endpoint) return Fail(log, endpoint.error(), 2);
    config.listen.push_back(*endpoint);
  }

  auto credentials =
      options->cert_file.empty()
          ? LoadOrCreateCachedCredentials(options->cert_cache_dir.empty()
                                              ? DefaultCredentialsCacheDir()
                                              : std::filesystem::path(options->cert_cache_dir),
                                          config.profile.certificate_key_bits,
                                          config.profile.certificate_hash, options->hostname)
          : LoadCredentialsFiles(options->cert_file, options->key_file);
  if (!credentials) return Fail(log, credentials.error(), 1);
  config.credentials = std::move(credentials->credentials);

  const std::string prefix = options->deterministic_seed
                                 ? "det" + std::to_string(*options->deterministic_seed)
                                 : std::to_string(std::time(nullptr));
  auto spool = FileSpool::Open(options->spool_dir, prefix);
  if (!spool) return Fail(log, spool.error(), 1);

  std::ofstream events_file;
  std::ostream* events = nullptr;
  if (options->events == "-") {
    events = &std::cout;
  } else if (options->events) {
    events_file.open(*options->events, std::ios::app);
    if (!events_file) {
      return Fail(log, "cannot open the events file " + *options->events + " for writing", 1);
    }
    events = &events_file;
  }
  EventLog event_log(events, options->quiet ? nullptr : &log);

  config.hostname = options->hostname;
  config.max_connections = options->max_connections;
  if (options->max_connections_per_source) {
    config.max_connections_per_source = *options->max_connections_per_source;
  }
  if (options->idle_timeout_seconds) {
    config.idle_timeout =
        std::chrono::milliseconds(static_cast<long long>(*options->idle_timeout_seconds * 1000));
  }
  config.stop_grace =
      std::chrono::milliseconds(static_cast<long long>(options->stop_grace_seconds * 1000));
  config.deterministic_seed = options->deterministic_seed;
  config.sink = spool->get();
  config.log = &event_log;

  asio::io_context io;
  Server server(io, config);
  if (auto listening = server.Listen(); !listening) return Fail(log, listening.error(), 1);

  const std::size_t threads = ResolvedThreads(*options);
  if (!options->quiet) {
    log << "schannel-emu: " << credentials->origin << "\n";
    log << "schannel-emu: profile " << config.profile.name << ", failure mode "
        << FailureModeName(config.profile.failure) << ", spool " << (*spool)->dir().string() << ", "
        << threads << " thread" << (threads == 1 ? "" : "s") << "\n";
  }
  // Printed even with --quiet: with --listen ADDR:0 it is the only way to learn the port.
  for (const auto& endpoint : server.LocalEndpoints()) {
    log << "schannel-emu: listening on " << endpoint.address().to_string() << ":" << endpoint.port()
        << "\n";
  }
  log.flush();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int signal_number) {
    if (error) return;
    if (!options->quiet) {
      log << "schannel-emu: " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
          << ", stopping (sessions get " << options->stop_grace_seconds << " s to finish)\n";
    }
    server.Stop();
  });

  // The main thread serves too; the others join it until the io_context runs out of
  // work, which happens once the server has stopped and every session has ended.
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (std::size_t i = 1; i < threads; ++i) helpers.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& helper : helpers) helper.join();
  if (!options->quiet) log << "schannel-emu: stopped\n";
  return 0;
}

}  // namespace schannel_emu
