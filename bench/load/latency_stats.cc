#include "bench/load/latency_stats.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace schannel_emu::load {

double LatencyPercentile(std::vector<double>& values, double percent) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double clamped = std::clamp(percent, 0.0, 100.0);
  const auto rank =
      static_cast<std::size_t>(std::ceil(clamped / 100.0 * static_cast<double>(values.size())));
  return values[rank == 0 ? 0 : rank - 1];
}

}  // namespace schannel_emu::load
