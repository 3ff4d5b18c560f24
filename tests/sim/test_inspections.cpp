// The choice of inspected employers (choose_inspections, sim/phases/enforce.cpp), which draws
// sixteen employers a call, marks exactly the employers a plain computation marks: employer e
// is inspected by the first body b whose draw Draws(seed, t, inspection, e).uniform(b) is below
// the body's chance (capacity / employers at random, capacity * size / workers by size).
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/build_state.hpp"
#include "sim/phases/phases.hpp"
#include "sim/rng.hpp"
#include "tests/sim/month_parts.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

namespace {
// inspected[e] as the plain computation gives it, for the employers and bodies as they are.
std::vector<std::uint8_t> inspected_plainly(const SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  const EmployerTable& em = state.employers;
  std::vector<double> employers(state.host_count(), 0), workers(state.host_count(), 0);
  for (std::size_t e = 0; e < em.size_count(); ++e) {
    employers[em.host[e]] += 1;
    workers[em.host[e]] += em.size[e];
  }
  std::vector<std::uint8_t> inspected(em.size_count(), 0);
  for (std::size_t e = 0; e < em.size_count(); ++e) {
    const int h = em.host[e];
    Draws d(spec.seed, state.t, Stream::inspection, e);
    for (std::size_t b = 0; b < spec.hosts[h].enforcement.size(); ++b) {
      const double capacity = state.hosts[h].bodies[b].capacity_now;
      const double p = spec.hosts[h].enforcement[b].targeting == Targeting::by_size
                           ? (workers[h] > 0 ? capacity * em.size[e] / workers[h] : 0)
                           : capacity / employers[h];
      if (d.uniform(static_cast<unsigned>(b)) < p) {
        inspected[e] = static_cast<std::uint8_t>(b + 1);
        break;
      }
    }
  }
  return inspected;
}
}  // namespace

TEST_CASE("the employers inspected are those a plain computation of each employer's draws finds",
          "[rules][inspections]") {
  // Hundreds of employers a host; the first host has six bodies (a fifth and a sixth read the
  // draws' second block), half of them by size; the second five, by size.
  ScenarioSpec spec = test::mixed_scenario(5);
  spec.population_scale = 3;
  EnforcementBodySpec body = spec.hosts[0].enforcement[0];
  spec.hosts[0].enforcement.clear();
  for (int b = 0; b < 6; ++b) {
    body.name = "body " + std::to_string(b);
    body.capacity = 4 + 3 * b;
    body.targeting = b % 2 == 0 ? Targeting::random : Targeting::by_size;
    spec.hosts[0].enforcement.push_back(body);
  }
  body.targeting = Targeting::by_size;
  body.capacity = 6;
  spec.hosts[1].enforcement = {body, body, body, body, body};
  SimulationState state = build_state(spec);
  MemoryRecorder recorder;
  std::size_t months = 0, inspected = 0, by_late_bodies = 0;
  for (int m = 0; m < spec.months(); ++m) {
    test::up_to_settle(state);  // ends with choose_inspections
    const std::vector<std::uint8_t> plain = inspected_plainly(state);
    const EmployerTable& em = state.employers;
    REQUIRE(em.size_count() > 64);
    for (std::size_t e = 0; e < em.size_count(); ++e) {
      INFO("month " << m << " employer " << e);
      REQUIRE(em.inspected[e] == plain[e]);
      REQUIRE(((em.inspected_bits[e / 64] >> (e % 64)) & 1u) == (plain[e] != 0 ? 1u : 0u));
      inspected += plain[e] != 0;
      by_late_bodies += plain[e] > 4;
    }
    ++months;
    test::finish_month(state, recorder);
  }
  CHECK(months > 12);
  CHECK(inspected > 100);
  CHECK(by_late_bodies > 0);  // the draws of a fifth or sixth body decided some
}
