#include "emulator/core/tls/session_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "emulator/core/base/tls_constants.h"

namespace schannel_emu {
namespace {

Bytes Id(std::uint8_t n) { return Bytes(32, n); }
CachedSession Session(std::uint8_t n) { return CachedSession{Bytes(48, n), kTls10, 0x0005}; }

TEST(SessionCache, FindsAStoredSessionUntilItHasBeenIdleTooLong) {
  SessionCache cache(10, 300);
  cache.Store(Id(1), Session(1), 1000);
  ASSERT_TRUE(cache.Find(Id(1), 1200).has_value());
  EXPECT_EQ(cache.Find(Id(1), 1200)->master_secret, Bytes(48, 1));
  // Used at 1200, so still there at 1500 and gone at 1801.
  EXPECT_TRUE(cache.Find(Id(1), 1500).has_value());
  EXPECT_FALSE(cache.Find(Id(1), 1801).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(SessionCache, EvictsTheLeastRecentlyUsedEntryWhenFull) {
  SessionCache cache(2, 300);
  cache.Store(Id(1), Session(1), 0);
  cache.Store(Id(2), Session(2), 0);
  ASSERT_TRUE(cache.Find(Id(1), 1).has_value());
  cache.Store(Id(3), Session(3), 2);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.Find(Id(1), 3).has_value());
  EXPECT_FALSE(cache.Find(Id(2), 3).has_value());
  EXPECT_TRUE(cache.Find(Id(3), 3).has_value());
}

TEST(SessionCache, StoresNothingForAnEmptyIdOrAZeroSizedCache) {
  SessionCache cache(10, 300);
  cache.Store(Bytes{}, Session(1), 0);
  EXPECT_EQ(cache.size(), 0u);
  SessionCache none(0, 300);
  none.Store(Id(1), Session(1), 0);
  EXPECT_FALSE(none.Find(Id(1), 0).has_value());
}

TEST(SessionCache, RemoveForgetsASession) {
  SessionCache cache(10, 300);
  cache.Store(Id(1), Session(1), 0);
  cache.Remove(Id(1));
  EXPECT_FALSE(cache.Find(Id(1), 0).has_value());
}

TEST(SessionCache, StaysBoundedUnderConcurrentUse) {
  SessionCache cache(50, 300);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 500; ++i) {
        const auto n = static_cast<std::uint8_t>((t * 500 + i) % 251);
        cache.Store(Id(n), Session(n), i);
        cache.Find(Id(static_cast<std::uint8_t>(n / 2)), i);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 50u);
}

}  // namespace
}  // namespace schannel_emu
