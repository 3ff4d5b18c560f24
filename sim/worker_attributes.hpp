// How a worker's personal attributes are drawn, shared by the initial population and by
// dispatch so both follow the same distributions (MODEL.md sections 3 and 7).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/rng.hpp"
#include "sim/spec.hpp"
#include "sim/state.hpp"
#include "sim/workers.hpp"

namespace repatsim {

// Gross monthly wage in cents, uniform in the host's range for the sector (0 if none is given:
// the spec check refuses that for sectors that have workers).
inline std::uint32_t draw_wage_cents(const HostSpec& host, Sector sector, double u) {
  for (const auto& w : host.wages)
    if (w.sector == sector)
      return static_cast<std::uint32_t>(std::llround((w.usd.low + u * (w.usd.high - w.usd.low)) * 100));
  return 0;
}

// Minder and exemption flags, each with the host's share.
inline std::uint8_t draw_flags(const HostSpec& host, double u_minder, double u_national,
                               double u_barred) {
  std::uint8_t f = 0;
  if (u_minder < host.minder_share) f |= worker_flag::minder;
  if (u_national < host.host_national_share) f |= worker_flag::host_national;
  if (u_barred < host.barred_by_law_share) f |= worker_flag::barred_by_law;
  return f;
}

// An employer of the host's sector, chosen with probability proportional to its weight.
inline std::uint32_t pick_employer(const HostState& host, Sector sector, double u) {
  const auto& rows = host.employers[idx(sector)];
  const auto& cum = host.employer_cum_weight[idx(sector)];
  const double x = u * cum.back();
  const auto it = std::upper_bound(cum.begin(), cum.end(), x);
  const auto i = std::min<std::size_t>(static_cast<std::size_t>(it - cum.begin()), rows.size() - 1);
  return rows[i];
}

// The step at which a permit or visa granted at step t ends. Durations have a constant monthly
// hazard 1 / contract_months (mean contract_months), like the initial permits, so a cohort's
// expiries spread out instead of returning in batches.
inline std::int16_t permit_end(int t, double contract_months, Draws& d, unsigned k) {
  const int months = 1 + d.geometric(k, 1.0 / std::max(1.0, contract_months));
  return static_cast<std::int16_t>(std::min(t + months, int{kNoExpiry} - 1));
}

// A sector from the host's dispatch mix.
inline Sector pick_sector(const HostState& host, double u) {
  double total = 0;
  for (double w : host.sector_weight) total += w;
  double x = u * total;
  int last = 0;
  for (int k = 0; k < kSectorCount; ++k) {
    if (host.sector_weight[k] <= 0) continue;
    last = k;
    if (x < host.sector_weight[k]) return static_cast<Sector>(k);
    x -= host.sector_weight[k];
  }
  return static_cast<Sector>(last);
}

}  // namespace repatsim
