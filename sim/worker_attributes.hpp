// How a worker's personal attributes are drawn, shared by the initial population and by
// dispatch so both follow the same distributions (MODEL.md sections 3 and 7).
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/rng.hpp"
#include "sim/spec.hpp"
#include "sim/state.hpp"
#include "sim/workers.hpp"

namespace repatsim {

// std::llround(x) (to the nearest integer, halves away from 0) inline: one call per dispatched
// worker otherwise. For |x| < 2^52, x - trunc(x) is exact (x's fractional bits), so comparing it
// with 0.5 rounds exactly as llround; larger x are whole numbers already, and x beyond the int64
// range or not a number goes to llround itself.
inline long long round_half_away(double x) {
  constexpr double kWhole = 0x1p52;
  if (!(std::fabs(x) < kWhole)) return std::llround(x);
  const auto whole = static_cast<long long>(x);  // truncated toward 0
  const double fraction = x - static_cast<double>(whole);
  return whole + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0);
}

// The host's wage range for each sector: the first the scenario lists for it, if any. Kept in
// HostState::wage, so that a draw reads its sector's range instead of searching the host's list
// (a search per arrival, its branch mispredicted as sectors alternate).
inline void set_wage_ranges(const HostSpec& spec, HostState& host) {
  for (WageRange& r : host.wage) r = WageRange{};
  for (const auto& w : spec.wages) {
    WageRange& r = host.wage[idx(w.sector)];
    if (!r.given) r = {true, w.usd.low, w.usd.high - w.usd.low};
  }
}

// Gross monthly wage in cents, uniform in the host's range for the sector (0 if none is given:
// the spec check refuses that for sectors that have workers).
inline std::uint32_t draw_wage_cents(const HostState& host, Sector sector, double u) {
  const WageRange& r = host.wage[idx(sector)];
  if (!r.given) return 0;
  return static_cast<std::uint32_t>(round_half_away((r.low + u * r.span) * 100));
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

// The guide pick_employer searches a sector's cumulative weights `cum` with: 2^n buckets of the
// uniform draw u, bucket b holding u in [b / 2^n, (b + 1) / 2^n), and entry b the first index
// whose weight exceeds (b / 2^n) * cum.back(). As u * cum.back() never decreases with u, the
// index for any u of bucket b lies between entries b and b + 1, so pick_employer searches one
// or a few weights instead of thousands and finds the same index. About one bucket per eight
// employers: the guide is then small enough to stay in the cache (a sector of 10,000 employers
// has 2,048 buckets, 8 KB), and a bucket's eight or so weights are one or two cache lines.
inline std::vector<std::uint32_t> employer_guide(const std::vector<double>& cum) {
  const std::size_t buckets =
      std::bit_ceil(std::clamp<std::size_t>(cum.size() / 8, 1, std::size_t{1} << 16));
  std::vector<std::uint32_t> guide(buckets + 1);
  for (std::size_t b = 0; b <= buckets; ++b) {
    const double x = static_cast<double>(b) / static_cast<double>(buckets) * (cum.empty() ? 0 : cum.back());
    guide[b] = static_cast<std::uint32_t>(std::upper_bound(cum.begin(), cum.end(), x) - cum.begin());
  }
  return guide;
}

// The range [first, last) of a sector's cumulative weights that holds the weight pick_employer
// looks for with draw u: its guide's bucket for u.
struct GuideBucket {
  std::size_t first, last;
};
inline GuideBucket employer_bucket(const HostState& host, Sector sector, double u) {
  const auto& guide = host.employer_guide[idx(sector)];
  // u * buckets is exact (a power of two) and below buckets, as u < 1.
  const auto b = static_cast<std::size_t>(u * static_cast<double>(guide.size() - 1));
  return {guide[b], guide[b + 1]};
}

// Asks the CPU to bring the weights and rows pick_employer(host, sector, u) reads into the cache
// (a hint, no effect on results): with thousands of employers they are cache misses, and the
// employer's row then a third, each waiting for the one before.
[[gnu::always_inline]] inline void prefetch_employer_choice(const HostState& host, Sector sector,
                                                            double u) {
  if (u * host.employer_cum_weight[idx(sector)].back() < host.even_employers[idx(sector)].total)
    return;  // found by arithmetic
  const auto [first, last] = employer_bucket(host, sector, u);
  const double* cum = host.employer_cum_weight[idx(sector)].data();
  __builtin_prefetch(cum + first);
  if (last > first + 1) __builtin_prefetch(cum + last - 1);
  __builtin_prefetch(host.employers[idx(sector)].data() + first);
}

// An employer of the host's sector, chosen with probability proportional to its weight.
inline std::uint32_t pick_employer(const HostState& host, Sector sector, double u) {
  const auto& rows = host.employers[idx(sector)];
  const auto& cum = host.employer_cum_weight[idx(sector)];
  const double x = u * cum.back();
  const EvenEmployers& even = host.even_employers[idx(sector)];
  if (x < even.total) {
    // The index is the number of cumulative weights (k + 1) * weight at most x: floor(x /
    // weight), at most count - 1 as x < total. It is guessed with a multiplication by the
    // rounded inverse (a division took four times as long, and each arrival waited for it), and
    // the two checks against the exact products correct the guess where its rounding is off by
    // one (tests/sim/test_worker_attributes.cpp tries the draws and the doubles beside each
    // weight).
    auto k = static_cast<std::uint32_t>(x * even.inverse);
    if (k > even.count - 1) k = even.count - 1;
    while (k > 0 && static_cast<double>(k) * even.weight > x) --k;
    while (static_cast<double>(k + 1) * even.weight <= x) ++k;
    return even.first_row + k;
  }
  const auto [first, last] = employer_bucket(host, sector, u);
  // The first weight above x: as cum never decreases, that is `first` plus the weights of the
  // bucket at most x. A bucket has eight weights or so, which a count compares all at once,
  // without the mispredicted branches of a binary search (arrivals are a sixth of a run).
  std::size_t above;
  if (last - first <= 32) {
    above = first;
    for (std::size_t k = first; k < last; ++k) above += cum[k] <= x ? 1 : 0;
  } else {
    above = static_cast<std::size_t>(
        std::upper_bound(cum.begin() + static_cast<std::ptrdiff_t>(first),
                         cum.begin() + static_cast<std::ptrdiff_t>(last), x) -
        cum.begin());
  }
  return rows[std::min(above, rows.size() - 1)];
}

// The step at which a permit or visa granted by `host` at step t ends. Durations have a constant
// monthly hazard 1 / contract_months (mean contract_months), like the initial permits, so a
// cohort's expiries spread out instead of returning in batches. The hazard and the table of
// months by draw are the host's (set_contract_months): the same number as
// Draws::geometric(k, hazard) gives, without a log1p per permit and mostly without a log.
inline std::int16_t permit_end(int t, const HostState& host, Draws& d, unsigned k) {
  assert(host.permit_hazard == 1.0 / std::max(1.0, host.contract_months));
  const int months = 1 + host.permit_months.months(d.word(k));
  return static_cast<std::int16_t>(std::min(t + months, int{kNoExpiry} - 1));
}

// Sets the mean length of the permits a host grants from now on, with the values permit_end
// takes from the host.
inline void set_contract_months(HostState& host, double months) {
  host.contract_months = months;
  host.permit_hazard = 1.0 / std::max(1.0, months);
  host.permit_months = GeometricTable(host.permit_hazard, std::log1p(-host.permit_hazard));
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
