// EmulatorHost: the emulator running in-process on an ephemeral loopback port, with its events
// and spool kept where the suite can read them while it runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "conformance/runner/judge.h"
#include "conformance/runner/scenario.h"
#include "emulator/core/base/expected.h"
#include "emulator/core/profile/profile.h"
#include "emulator/core/tls/server_credentials.h"

namespace schannel_emu::conform {

class EmulatorHost {
 public:
  // Start listens on 127.0.0.1 on a port the kernel picks and serves on a thread of its own.
  // Messages go to `spool_dir`; `faults` makes the store refuse the first messages (451
  // 4.3.0) or recipients (451 4.7.0). The error says what failed (spool folder, bind).
  static Expected<std::unique_ptr<EmulatorHost>, std::string> Start(
      const Profile& profile, const ServerCredentials& credentials,
      const std::filesystem::path& spool_dir, const StoreFaults& faults = {});

  virtual ~EmulatorHost() = default;

  virtual std::uint16_t port() const = 0;
  // Events returns the events written so far, in order.
  virtual std::vector<ObservedEvent> Events() const = 0;
  // Messages reads the spool: complete messages only (both files present), in name order.
  virtual std::vector<StoredMessage> Messages() const = 0;
  // ActiveConnections: connections the server still holds open.
  virtual std::size_t ActiveConnections() const = 0;
  // Stop ends the server (sessions get a short grace) and joins its thread. Idempotent.
  virtual void Stop() = 0;
};

// LoadSuiteCredentials returns the certificate the emulated server presents in the suite: a
// self-signed one for the profile's key size and hash, cached between runs.
Expected<ServerCredentials, std::string> LoadSuiteCredentials(const Profile& profile);

}  // namespace schannel_emu::conform
