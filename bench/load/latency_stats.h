// LatencyPercentile: the nearest-rank percentile of a set of session latencies.
#pragma once

#include <vector>

namespace schannel_emu::load {

// LatencyPercentile returns the smallest value that at least `percent` percent of
// `values` do not exceed (nearest rank; percent in 0..100). It sorts `values`.
// Returns 0 for an empty set.
double LatencyPercentile(std::vector<double>& values, double percent);

}  // namespace schannel_emu::load
