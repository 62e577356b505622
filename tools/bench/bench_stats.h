// Percentiles for the benchmark tools (tools/bench/), one definition for all
// their figures (BENCHMARKS.md, "Method").
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace lg::bench {

// The nearest-rank percentile of `sorted` (ascending, not empty), `p` in
// (0, 1]: the smallest sample with at least a fraction p of the samples at or
// below it, sorted[ceil(p * n) - 1]. It is always a measured sample, never an
// interpolation: the p50 of {1, 2, 3, 4} is 2; the p99 of 1000 samples is
// the 990th.
inline double Percentile(const std::vector<double>& sorted, double p) {
  size_t k = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(k, 1, sorted.size()) - 1];
}

}  // namespace lg::bench
