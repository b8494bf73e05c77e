#include "bench/load/latency_stats.h"

#include <gtest/gtest.h>

namespace schannel_emu::load {
namespace {

TEST(LatencyPercentile, GivesTheNearestRankOfAnUnsortedSet) {
  std::vector<double> values{5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
  EXPECT_EQ(LatencyPercentile(values, 50), 5);
  EXPECT_EQ(LatencyPercentile(values, 99), 10);
  EXPECT_EQ(LatencyPercentile(values, 10), 1);
  EXPECT_EQ(LatencyPercentile(values, 0), 1);
}

TEST(LatencyPercentile, IsTheOnlyValueOfASingleton) {
  std::vector<double> values{2.5};
  EXPECT_EQ(LatencyPercentile(values, 1), 2.5);
  EXPECT_EQ(LatencyPercentile(values, 100), 2.5);
}

TEST(LatencyPercentile, IsZeroForNoValues) {
  std::vector<double> values;
  EXPECT_EQ(LatencyPercentile(values, 50), 0);
}

}  // namespace
}  // namespace schannel_emu::load
