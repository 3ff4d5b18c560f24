// The shortcuts the per-event draws take (sim/worker_attributes.hpp, sim/rng.hpp) give exactly
// the numbers of the plain computation they replace: the results of a run must not change.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sim/rng.hpp"
#include "sim/worker_attributes.hpp"
#include "tests/sim/plain_choices.hpp"

using namespace repatsim;

namespace {
// The value, hidden from the optimiser: GCC folds log1p of a constant with its own rounding,
// which libm's (what a run uses) may differ from in the last bit.
double at_run_time(double x) {
  volatile double v = x;
  return v;
}

// Employers of rows 100, 101, ... (row 100 + gap_at and after one more, if gap_at > 0) with
// these weights, as build_state keeps them.
HostState host_with_weights(const std::vector<double>& weights, std::size_t gap_at = 0) {
  HostState host;
  const Sector s = Sector::construction;
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const std::size_t gap = gap_at > 0 && i >= gap_at ? 1 : 0;
    host.employers[idx(s)].push_back(static_cast<std::uint32_t>(100 + i + gap));
    sum += weights[i];
    host.employer_cum_weight[idx(s)].push_back(sum);
  }
  host.employer_guide[idx(s)] = employer_guide(host.employer_cum_weight[idx(s)]);
  host.even_employers[idx(s)] =
      even_employers(host.employers[idx(s)], host.employer_cum_weight[idx(s)]);
  return host;
}
}  // namespace

TEST_CASE("pick_employer's guide finds the employer a full search finds", "[attributes]") {
  // Equal generated employers, then listed ones of very different sizes; a single employer; a
  // sector larger than the guide's largest bucket count; many small employers and one huge one
  // (the first bucket then holds hundreds of weights, which pick_employer searches by halves
  // instead of counting); 64 equal weights, on whose cumulative weights the draws below that
  // are multiples of 1/1024 fall exactly (a draw equal to a weight picks the next employer).
  std::vector<double> mixed(1000, 50.0);
  for (double w : {1.0, 3.0, 20000.0, 7.0, 123456.0, 1.0}) mixed.push_back(w);
  std::vector<double> uneven;
  for (int i = 0; i < 777; ++i) uneven.push_back(1.0 + (i * 7919 % 101));
  std::vector<double> small_then_huge(500, 1.0);
  small_then_huge.push_back(1e6);
  // Equal weights that are not integers (no arithmetic: the weights are searched). Weights 5
  // and 49, whose inverses round up and down: the arithmetic's first guess, x * inverse, is then
  // an employer high where x is just below a cumulative weight, or low where x is on one.
  const std::vector<std::vector<double>> cases = {mixed, uneven, {5.0}, {1.0, 1.0, 1.0},
                                                  std::vector<double>(70000, 100.0),
                                                  small_then_huge, std::vector<double>(64, 1.0),
                                                  std::vector<double>(300, 7.3),
                                                  std::vector<double>(3000, 5.0),
                                                  std::vector<double>(3000, 49.0)};
  // How many of each case's first employers pick_employer finds by arithmetic (EvenEmployers):
  // the run of equal integer weights.
  const std::vector<std::uint32_t> even_counts = {1000, 1, 1, 3, 70000, 500, 64, 0, 3000, 3000};
  for (std::size_t c = 0; c < cases.size() * 2; ++c) {
    // Each case twice: as built, and with a gap in the rows after the 40th employer (the
    // arithmetic then covers only the 40 before it).
    const auto& weights = cases[c / 2];
    const bool gap = c % 2 == 1;
    const HostState host = host_with_weights(weights, gap ? 40 : 0);
    const std::uint32_t even = even_counts[c / 2];
    CHECK(host.even_employers[idx(Sector::construction)].count ==
          (gap ? std::min<std::uint32_t>(even, 40) : even));
    const auto& guide = host.employer_guide[idx(Sector::construction)];
    const double buckets = static_cast<double>(guide.size() - 1);
    INFO(weights.size() << " employers, " << buckets << " buckets, gap " << gap);
    std::vector<double> us;
    // Every bucket's edges and the draws just beside them (draws are multiples of 2^-32) ...
    for (std::size_t b = 0; b + 1 < guide.size(); ++b) {
      const double edge = static_cast<double>(b) / buckets;
      us.push_back(edge);
      if (b > 0) us.push_back(edge - 0x1p-32);
      us.push_back(edge + 0x1p-32);
    }
    us.push_back(1.0 - 0x1p-32);
    // The draws nearest each employer's cumulative weight (the first 5,000), and the doubles
    // nearest it: where x = u * total falls on or a unit beside a weight, the quotient that
    // pick_employer's arithmetic starts from may be an employer off.
    const auto& cum = host.employer_cum_weight[idx(Sector::construction)];
    for (std::size_t k = 0; k < std::min<std::size_t>(cum.size(), 5000); ++k) {
      const double share = cum[k] / cum.back();
      const double nearest = std::floor(share * 0x1p32) * 0x1p-32;
      for (double u : {nearest - 0x1p-32, nearest, nearest + 0x1p-32, std::nextafter(share, 0.0),
                       share, std::nextafter(share, 1.0)})
        if (u >= 0 && u < 1) us.push_back(u);
    }
    for (int k = 0; k < 1024; ++k) us.push_back(k / 1024.0);
    // ... and keyed draws.
    for (std::uint64_t a = 0; a < 20000; ++a) us.push_back(Draws(7, 0, Stream::new_worker, a).uniform(6));
    std::size_t differ = 0;
    for (double u : us)
      differ += pick_employer(host, Sector::construction, u) !=
                test::pick_employer_plain(host, Sector::construction, u);
    CHECK(differ == 0);
  }
}

TEST_CASE("permit_end from the host's kept hazard equals the plain computation", "[attributes]") {
  for (double months : {0.5, 1.0, 1.5, 12.0, 24.0, 31.0, 1e6}) {
    HostState host;
    set_contract_months(host, at_run_time(months));
    INFO("contract_months " << months);
    std::size_t differ = 0;
    for (std::uint64_t a = 0; a < 20000; ++a) {
      Draws d1(11, 5, Stream::renewal, a), d2(11, 5, Stream::renewal, a);
      // The plain computation: a geometric number of months at hazard 1 / contract_months.
      const int plain = std::min(5 + 1 + d2.geometric(2, 1.0 / std::max(1.0, at_run_time(months))),
                                 int{kNoExpiry} - 1);
      differ += permit_end(5, host, d1, 2) != plain;
    }
    CHECK(differ == 0);
  }
}

TEST_CASE("geometric with the caller's log1p equals geometric", "[attributes][rng]") {
  for (double p : {0.0, 1e-9, 0.01, 1.0 / 12, 0.5, 0.999, 1.0, 2.0}) {
    INFO("p " << p);
    std::size_t differ = 0;
    for (std::uint64_t a = 0; a < 20000; ++a) {
      Draws d1(3, -1, Stream::build_worker, a), d2(3, -1, Stream::build_worker, a);
      differ += d1.geometric(0, p, std::log1p(-at_run_time(p))) != d2.geometric(0, at_run_time(p));
    }
    CHECK(differ == 0);
  }
}

TEST_CASE("round_half_away rounds as std::llround", "[attributes]") {
  std::vector<double> xs = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
                            -0.49999999999999994, 0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p52,
                            0x1p52 + 1, 0x1p53 + 2, -0x1p60, 1e18, 123456.5, 123456.49999999999,
                            std::nextafter(0.5, 1.0), std::nextafter(0.5, 0.0), 4.9e-324};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> wage(-1e7, 1e7);
  for (int k = 0; k < 100000; ++k) xs.push_back(wage(rng));
  // Halves and their neighbours at every scale up to 2^52.
  for (double half = 0.5; half < 0x1p52; half = half * 2 + 0.5)
    for (double x : {half, std::nextafter(half, 0.0), std::nextafter(half, 1e300)})
      xs.push_back(x);
  for (double x : xs) {
    INFO(x);
    REQUIRE(round_half_away(x) == std::llround(x));
  }
}
