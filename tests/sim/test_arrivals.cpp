// Phase 3's arrivals: each arrival's row holds the attributes its own draws give, computed here
// the plain way, one arrival at a time. The engine draws them several arrivals ahead of placing
// them (sim/phases/dispatch.cpp, to overlap the cache misses of choosing employers); this checks
// that nothing is mixed up between arrivals, with and without fetching ahead, on 1 and 2 threads.
#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/build_state.hpp"
#include "sim/phases/phases.hpp"
#include "sim/rng.hpp"
#include "sim/step_month.hpp"
#include "sim/worker_attributes.hpp"
#include "tests/sim/plain_choices.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

namespace {
struct Checked {
  std::int64_t arrivals = 0, front_company = 0, returnee_rows = 0, wrong = 0;
};

// The wage the host's first listed range for the sector gives draw u, in cents (0 if none):
// from the scenario's list, as draw_wage_cents computes it from the table build_state makes.
std::uint32_t wage_plain(const HostSpec& host, Sector sector, double u) {
  for (const auto& w : host.wages)
    if (w.sector == sector)
      return static_cast<std::uint32_t>(
          std::llround((w.usd.low + u * (w.usd.high - w.usd.low)) * 100));
  return 0;
}

// Checks the rows that arrived at step t against their draws, right after dispatch_workers:
// new rows, and rows at home before (`status_before`) that are abroad now.
void check_arrivals(const SimulationState& state, const Column<Status>& status_before,
                    Checked& checked) {
  const std::size_t old_size = status_before.size();
  const ScenarioSpec& spec = *state.spec;
  const WorkerTable& w = state.workers;
  const int t = state.t;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i < old_size && !(status_before[i] == Status::repatriated &&
                          w.status[i] != Status::repatriated))
      continue;
    ++checked.arrivals;
    if (i < old_size) ++checked.returnee_rows;
    const int h = w.host[i];
    const HostState& host = state.hosts[h];
    Draws d(spec.seed, t, Stream::new_worker, i);
    const bool front = w.status[i] == Status::irregular;
    std::uint32_t employer;
    Sector sector;
    if (front) {
      ++checked.front_company;
      employer = host.front_employers[static_cast<std::size_t>(
          d.uniform(0) * static_cast<double>(host.front_employers.size()))];
      sector = state.employers.sector[employer];
    } else {
      sector = pick_sector(host, d.uniform(1));
      employer = test::pick_employer_plain(host, sector, d.uniform(6));
    }
    const std::int16_t expiry =
        front ? kNoExpiry
              : static_cast<std::int16_t>(std::min(t + 1 + d.geometric(7, host.permit_hazard),
                                                   int{kNoExpiry} - 1));
    const bool right =
        w.arrived[i] == t &&
        (w.status[i] == Status::permitted || w.status[i] == Status::visa_disguised || front) &&
        w.sector[i] == sector && w.employer[i] == employer &&
        w.flags[i] == draw_flags(spec.hosts[h], d.uniform(3), d.uniform(4), d.uniform(5)) &&
        w.wage_cents[i] == wage_plain(spec.hosts[h], sector, d.uniform(2)) &&
        w.expiry[i] == expiry;
    if (!right) {
      ++checked.wrong;
      UNSCOPED_INFO("row " << i << " arrived at step " << t << " differs from its draws");
    }
  }
}

Checked run_checking_arrivals(const ScenarioSpec& spec, bool fetch_ahead, std::size_t threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  SimulationState state = build_state(spec);
  state.fetch_ahead_always = fetch_ahead;
  MemoryRecorder recorder;
  Checked checked;
  for (int m = 0; m < spec.months(); ++m) {
    // step_month's phases, stopped after phase 3 to look at the rows that arrived.
    state.begin_month();
    apply_measures_and_events(state);
    update_hosts(state);
    const Column<Status> status_before = state.workers.status;
    dispatch_workers(state);
    check_arrivals(state, status_before, checked);
    choose_inspections(state);
    std::vector<QueueCounts> queues = settle_workers(state);
    update_beliefs(state);
    move_pay_and_record(state, std::move(queues), recorder);
    ++state.t;
  }
  return checked;
}
}  // namespace

TEST_CASE("each arrival's row holds what its own draws give", "[dispatch]") {
  ScenarioSpec spec = test::mixed_scenario(21);
  spec.population_scale = 8;  // a month's arrivals fill more than one chunk's worth of stages
  for (const bool fetch_ahead : {false, true}) {
    for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
      INFO("fetch ahead " << fetch_ahead << ", " << threads << " threads");
      const Checked c = run_checking_arrivals(spec, fetch_ahead, threads);
      CHECK(c.wrong == 0);
      // Not vacuous: many arrivals, through every channel, new rows and returnees' rows.
      CHECK(c.arrivals > 1000);
      CHECK(c.front_company > 0);
      CHECK(c.returnee_rows > 0);
      CHECK(c.returnee_rows < c.arrivals);
    }
  }
}
