// The points and seeds of a sweep: grid completeness, Latin hypercube strata, Sobol as boost
// makes it, seeds distinct and stable.
#include <boost/random/sobol.hpp>
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "scenarios/sweep_file.hpp"
#include "sim/app/sweep_design.hpp"

using namespace repatsim;
using namespace repatsim::app;

namespace {
SweepSpec parse(const std::string& text) {
  return parse_sweep_text(text, "test.yaml", REPATSIM_SOURCE_DIR "/scenarios");
}
}  // namespace

TEST_CASE("a grid holds every combination of the value lists once", "[sweep][design]") {
  const SweepSpec spec = parse(R"(
base: small.yaml
parameters:
  - {key: dprk.state_share, values: [0.5, 0.6, 0.7]}
  - {key: hosts.Northland.posture.compliance_pace, values: [slow, fast]}
  - {key: dprk.rest_months, values: [3, 6]}
design: grid
replicates: 2
seed: 1
)");
  REQUIRE(spec.points == 12);
  const auto points = design_points(spec);
  REQUIRE(points.size() == 12);
  std::set<std::vector<std::string>> seen;
  for (const auto& p : points) seen.insert(p.text);
  CHECK(seen.size() == 12);
  // The first parameter varies slowest; numbers beside texts, NaN for words.
  CHECK(points[0].text == std::vector<std::string>{"0.5", "slow", "3"});
  CHECK(points[1].text == std::vector<std::string>{"0.5", "slow", "6"});
  CHECK(points[11].text == std::vector<std::string>{"0.7", "fast", "6"});
  CHECK(points[4].number[0] == 0.6);
  CHECK(std::isnan(points[4].number[1]));
}

TEST_CASE("a Latin hypercube hits each of its N strata once per parameter", "[sweep][design]") {
  for (std::int64_t n : {1, 7, 50}) {
    const auto u = unit_samples(SweepDesign::latin_hypercube, n, 3, 2024);
    for (int j = 0; j < 3; ++j) {
      std::set<std::int64_t> strata;
      for (const auto& point : u) {
        const double x = point[static_cast<std::size_t>(j)];
        REQUIRE(x >= 0);
        REQUIRE(x < 1);
        strata.insert(static_cast<std::int64_t>(std::floor(x * static_cast<double>(n))));
      }
      CHECK(static_cast<std::int64_t>(strata.size()) == n);
    }
  }
  // Other seeds give other designs; the same seed the same one.
  CHECK(unit_samples(SweepDesign::latin_hypercube, 10, 2, 1) ==
        unit_samples(SweepDesign::latin_hypercube, 10, 2, 1));
  CHECK(unit_samples(SweepDesign::latin_hypercube, 10, 2, 1) !=
        unit_samples(SweepDesign::latin_hypercube, 10, 2, 2));
}

TEST_CASE("Sobol points are boost's sequence, scaled to the ranges", "[sweep][design]") {
  const auto u = unit_samples(SweepDesign::sobol, 8, 2, 99);
  boost::random::sobol engine(2);
  const double span = static_cast<double>(engine.max() - engine.min()) + 1.0;
  for (const auto& point : u)
    for (double x : point) CHECK(x == static_cast<double>(engine() - engine.min()) / span);
  // Boost's sequence in one dimension starts 0.5, 0.75, 0.25 (the van der Corput order).
  CHECK(sobol_point(0, 1)[0] == 0.5);
  CHECK(sobol_point(1, 1)[0] == 0.75);
  CHECK(sobol_point(2, 1)[0] == 0.25);
  const SweepSpec spec = parse(R"(
base: small.yaml
parameters:
  - {key: dprk.state_share, low: 0.4, high: 0.8}
  - {key: dprk.rest_months, low: 2, high: 10, type: integer}
design: sobol
points: 4
replicates: 1
seed: 3
)");
  const auto points = design_points(spec);
  boost::random::sobol check(2);
  for (const auto& p : points) {
    const double a = static_cast<double>(check() - check.min()) / span;
    const double b = static_cast<double>(check() - check.min()) / span;
    CHECK(p.number[0] == 0.4 + a * 0.4);
    CHECK(p.number[1] == std::floor(2 + b * 8 + 0.5));
    CHECK(p.text[1].find('.') == std::string::npos);
  }
}

TEST_CASE("random points stay in their ranges and depend on the master seed", "[sweep][design]") {
  const auto a = unit_samples(SweepDesign::random, 100, 2, 5);
  for (const auto& p : a)
    for (double x : p) CHECK((x >= 0 && x < 1));
  CHECK(a == unit_samples(SweepDesign::random, 100, 2, 5));
  CHECK(a != unit_samples(SweepDesign::random, 100, 2, 6));
  CHECK(a[0][0] != a[0][1]);
}

TEST_CASE("run seeds are distinct, stable and not seed + i", "[sweep][design]") {
  std::set<std::uint64_t> seeds;
  for (std::int64_t p = 0; p < 100; ++p)
    for (std::int64_t r = 0; r < 20; ++r) {
      const std::uint64_t s = run_seed(42, p, r);
      CHECK(s == run_seed(42, p, r));
      CHECK(s < (std::uint64_t{1} << 63));
      seeds.insert(s);
    }
  CHECK(seeds.size() == 2000);
  CHECK(run_seed(42, 0, 1) != run_seed(42, 0, 0) + 1);
  CHECK(run_seed(42, 0, 0) != run_seed(43, 0, 0));
  // Pinned: a change to the hash changes every published sweep.
  CHECK(run_seed(7, 0, 0) == 7214856952142884699ull);
}
