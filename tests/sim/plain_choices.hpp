// Reference forms of the engine's shortcuts, for tests that check the shortcuts give the same
// numbers.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/state.hpp"

namespace repatsim::test {

// pick_employer without the guide: a binary search over all cumulative weights.
inline std::uint32_t pick_employer_plain(const HostState& host, Sector sector, double u) {
  const auto& rows = host.employers[idx(sector)];
  const auto& cum = host.employer_cum_weight[idx(sector)];
  const auto it = std::upper_bound(cum.begin(), cum.end(), u * cum.back());
  return rows[std::min<std::size_t>(static_cast<std::size_t>(it - cum.begin()), rows.size() - 1)];
}

}  // namespace repatsim::test
