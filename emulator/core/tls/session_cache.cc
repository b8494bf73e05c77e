#include "emulator/core/tls/session_cache.h"

namespace schannel_emu {
namespace {

std::string Key(ByteView session_id) { return std::string(AsText(session_id)); }

}  // namespace

void SessionCache::Store(ByteView session_id, const CachedSession& session,
                         std::int64_t now_seconds) {
  if (session_id.empty() || max_entries_ == 0) return;
  std::lock_guard lock(mutex_);

  const std::string key = Key(session_id);
  if (auto it = entries_.find(key); it != entries_.end()) EraseLocked(it);
  while (entries_.size() >= max_entries_) {
    EraseLocked(entries_.find(recency_.back()));
  }

  recency_.push_front(key);
  entries_.emplace(key, Entry{session, now_seconds, recency_.begin()});
}

std::optional<CachedSession> SessionCache::Find(ByteView session_id, std::int64_t now_seconds) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(Key(session_id));
  if (it == entries_.end()) return std::nullopt;

  if (now_seconds - it->second.last_used_seconds > lifetime_seconds_) {
    EraseLocked(it);
    return std::nullopt;
  }

  it->second.last_used_seconds = now_seconds;
  recency_.splice(recency_.begin(), recency_, it->second.order);
  return it->second.session;
}

void SessionCache::Remove(ByteView session_id) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(Key(session_id)); it != entries_.end()) EraseLocked(it);
}

std::size_t SessionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void SessionCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  recency_.erase(it->second.order);
  entries_.erase(it);
}

}  // namespace schannel_emu
