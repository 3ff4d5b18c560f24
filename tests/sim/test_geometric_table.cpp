// GeometricTable (sim/geometric_table.hpp) gives exactly Draws::geometric's months for every
// draw: the ends of every range of the table and many words in between, for hazards from
// permits of one month to permits of decades, and it reads most draws from the table.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "sim/build_state.hpp"
#include "sim/geometric_table.hpp"
#include "sim/rng.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

namespace {
// The value, hidden from the optimiser: GCC folds log1p of a constant with its own rounding,
// which libm's (what a run uses) may differ from in the last bit.
double at_run_time(double x) {
  volatile double v = x;
  return v;
}

constexpr std::uint32_t kRanges = 1u << GeometricTable::kRangeBits;
constexpr std::uint32_t kRangeWords = 1u << GeometricTable::kShift;
}  // namespace

TEST_CASE("the table's months equal Draws::geometric for every kind of draw", "[geometric]") {
  // 1 / contract_months for contracts of 1 to 600 months, and hazards the table leaves alone.
  for (double p : {1.0, 0.5, 1.0 / 3, 1.0 / 12, 1.0 / 24, 1.0 / 36, 1.0 / 60, 1.0 / 600, 1e-9,
                   0.0}) {
    INFO("p " << p);
    const double log_q = std::log1p(-at_run_time(p));
    const GeometricTable table(at_run_time(p), log_q);
    std::size_t differ = 0, tabled = 0;
    for (std::uint32_t range = 0; range < kRanges; ++range) {
      const std::uint32_t first = range * kRangeWords;
      // Both ends (each next to another range's end across the border) and 254 words between.
      for (std::uint32_t k = 0; k < 256; ++k) {
        const std::uint32_t offset = k == 255 ? kRangeWords - 1 : k * (kRangeWords / 255) + k % 3;
        const std::uint32_t word = first + offset;
        differ += table.months(word) != Draws::geometric_of(word, p, log_q);
      }
      tabled += table.in_table(first) ? 1 : 0;
    }
    CHECK(differ == 0);
    // Where it matters (permits of 1 to 5 years), all but a few ranges are in the table; where
    // Draws::geometric takes no logarithm (p of 0 or 1), none is.
    if (p >= 1.0 / 60 && p <= 1.0 / 12) CHECK(tabled > kRanges * 9 / 10);
    if (p == 0 || p == 1) CHECK(tabled == 0);
  }
}

TEST_CASE("a draw where the months change within a range is computed", "[geometric]") {
  // At p = 0.3 the months change at u = 0.7^n, inside ranges of the table, which it must leave
  // to compute: the words on both sides of each change give the computed numbers.
  const double p = at_run_time(0.3), log_q = std::log1p(-p);
  const GeometricTable table(p, log_q);
  std::size_t changes = 0;
  for (std::uint32_t range = 0; range < kRanges; ++range) {
    const std::uint32_t first = range * kRangeWords, last = first + kRangeWords - 1;
    if (Draws::geometric_of(first, p, log_q) == Draws::geometric_of(last, p, log_q)) continue;
    ++changes;
    CHECK_FALSE(table.in_table(first));
    // By bisection: lo, the last word with the range's first number; hi, the first with the next.
    std::uint32_t lo = first, hi = last;
    const int before = Draws::geometric_of(first, p, log_q);
    while (hi - lo > 1) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      (Draws::geometric_of(mid, p, log_q) == before ? lo : hi) = mid;
    }
    CHECK(table.months(lo) == before);
    CHECK(table.months(hi) == Draws::geometric_of(hi, p, log_q));
    CHECK(table.months(hi) != before);
  }
  CHECK(changes > 10);
}

TEST_CASE("set-up's initial permits end as Draws::geometric at 1 / contract_months", "[geometric]") {
  // Set-up reads the host's table, made for 1 / max(1, contract_months): for contracts under a
  // month (hazard above 1) both give 0 months.
  for (double months : {0.5, 1.0, 7.0, 31.0}) {
    INFO("contract_months " << months);
    ScenarioSpec spec;
    spec.hosts = {test::make_host("A", 5000)};
    spec.hosts[0].contract_months = at_run_time(months);
    const SimulationState state = build_state(spec);
    const double hazard = 1.0 / at_run_time(months);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < state.workers.size(); ++i) {
      Draws d(spec.seed, -1, Stream::build_worker, i);
      const int plain = std::min(d.geometric(0, hazard), int{kNoExpiry} - 1);
      differ += state.workers.expiry[i] != plain;
    }
    CHECK(state.workers.size() == 5000);
    CHECK(differ == 0);
  }
}
