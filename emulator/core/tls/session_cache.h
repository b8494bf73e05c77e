// SessionCache: the server's session-ID cache for abbreviated handshakes (RFC 2246 7.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {

// CachedSession is what a resumed handshake needs from the full one before it.
struct CachedSession {
  Bytes master_secret;
  std::uint16_t version = 0;
  std::uint16_t suite = 0;
};

// SessionCache maps session IDs to sessions. It holds at most max_entries (the
// least recently used entry makes room for a new one) and forgets an entry that
// went unused for lifetime_seconds, like the IIS 6 purge of idle entries
// (FACTS.md: "session resumption"). Time is handed in by the caller. It is
// thread-safe: the network shell shares one cache among its connections.
class SessionCache {
 public:
  SessionCache(std::size_t max_entries, std::int64_t lifetime_seconds)
      : max_entries_(max_entries), lifetime_seconds_(lifetime_seconds) {}

  // Store adds or replaces the entry for session_id. An empty session_id or a
  // cache of size 0 stores nothing.
  void Store(ByteView session_id, const CachedSession& session, std::int64_t now_seconds);

  // Find returns the entry and marks it used; nullopt when unknown or expired (an
  // expired entry is dropped on the way).
  std::optional<CachedSession> Find(ByteView session_id, std::int64_t now_seconds);

  // Remove forgets an entry, for a session that ended with a fatal alert (RFC 2246 7.2.2).
  void Remove(ByteView session_id);

  std::size_t size() const;

 private:
  struct Entry {
    CachedSession session;
    std::int64_t last_used_seconds = 0;
    std::list<std::string>::iterator order;  // position in recency_
  };

  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);

  const std::size_t max_entries_;
  const std::int64_t lifetime_seconds_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recently used first
};

}  // namespace schannel_emu
