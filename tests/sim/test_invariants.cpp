// The engine's own checks stay on in release builds and, when one fails, say where: the month,
// the host and the numbers, and the place in the source (RELIABILITY.md, "Invariants").
#include <catch2/catch.hpp>

#include <utility>

#include "sim/build_state.hpp"
#include "sim/invariant.hpp"
#include "sim/check_totals.hpp"
#include "sim/step_month.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

TEST_CASE("a broken stock-flow identity stops the run naming month, host, status and numbers", "[invariant]") {
  const ScenarioSpec spec = test::mixed_scenario();
  SimulationState state = build_state(spec);
  state.begin_month();
  CHECK_NOTHROW(check_totals(state));  // the running totals start from a count of every row
  // One worker appears in the running stock that no recount of the rows will find.
  const std::int64_t running = ++state.stock_at(0, Status::permitted);
  try {
    check_totals(state);
    FAIL("check_totals accepted a stock that disagrees with the rows");
  } catch (const InvariantError& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("stock-flow identity fails in " + month_label(spec.start)));
    CHECK_THAT(message, Catch::Contains("host " + spec.hosts[0].name));
    CHECK_THAT(message, Catch::Contains(std::string(kStatusNames[idx(Status::permitted)])));
    CHECK_THAT(message, Catch::Contains("= " + std::to_string(running)));
    CHECK_THAT(message, Catch::Contains("check_totals.cpp:"));  // where the check is made
  }
}

TEST_CASE("a running total that drifts from the rows stops the run naming what differs", "[invariant]") {
  const ScenarioSpec spec = test::mixed_scenario();
  SimulationState state = build_state(spec);
  state.begin_month();
  SECTION("a wage") {
    state.totals.at(1, RowTotals::kWages + idx(Status::permitted)) += 1;
    CHECK_THROWS_WITH(check_totals(state), Catch::Contains("host " + spec.hosts[1].name) &&
                                               Catch::Contains("wages of permitted workers"));
  }
  SECTION("a sector") {
    state.totals.at(0, RowTotals::kSectors + idx(Sector::construction)) -= 1;
    CHECK_THROWS_WITH(check_totals(state), Catch::Contains("workers present in construction"));
  }
  SECTION("an employer's workforce") {
    state.employers.size[0] += 1;
    CHECK_THROWS_WITH(check_totals(state), Catch::Contains("employer 0 of host"));
  }
  SECTION("a returnee count") {
    state.workers.status[0] = Status::repatriated;  // a row comes home unrecorded
    CHECK_THROWS_AS(check_totals(state), InvariantError);
  }
}

TEST_CASE("arrivals stop the run when a chunk holds fewer rested returnees than counted", "[invariant]") {
  const ScenarioSpec spec = test::mixed_scenario();
  SimulationState state = build_state(spec);
  MemoryRecorder recorder;
  // Run until next month has arrivals and some chunk is counted to hold rested returnees.
  auto arrivals_due = [&] {
    for (const PendingArrival& p : state.pipeline)
      if (p.due_step == state.t && p.count > 0) return true;
    return false;
  };
  auto counted = [&] {
    for (std::uint32_t n : state.returnees_by_chunk)
      if (n > 0) return true;
    return false;
  };
  while (state.t + 1 < spec.months() && !(arrivals_due() && counted())) step_month(state, recorder);
  REQUIRE(arrivals_due());
  REQUIRE(counted());
  // Every row at home seems to have come home this step: none is rested, against the counts.
  for (std::size_t i = 0; i < state.workers.size(); ++i)
    if (state.workers.status[i] == Status::repatriated)
      state.workers.expiry[i] = static_cast<std::int16_t>(state.t);
  CHECK_THROWS_WITH(step_month(state, recorder),
                    Catch::Contains("rested returnees, not") && Catch::Contains("as counted") &&
                        Catch::Contains("dispatch.cpp:"));
}

TEST_CASE("the engine's running totals equal a recount of every row after every month", "[invariant]") {
  // With transfers, detentions, stranding, returnees sent again and loyalty payments.
  ScenarioSpec spec = test::mixed_scenario();
  SimulationState state = build_state(spec);
  MemoryRecorder recorder;
  state.recount_every_months = 0;  // this test recounts itself
  for (int m = 0; m < spec.months(); ++m) {
    step_month(state, recorder);
    const RowCount count = count_rows(state);
    INFO("after " << month_label(spec.start + m));
    REQUIRE(count.by_status == state.stock);
    REQUIRE(count.totals.same_counts(state.totals));
    REQUIRE(count.employer_size == state.employers.size);
    REQUIRE(count.rested == state.returnees_by_chunk);
    REQUIRE(count.resting == state.resting);
  }
}

TEST_CASE("check_invariant reports the caller's file and line", "[invariant]") {
  const int line = __LINE__ + 1;
  CHECK_THROWS_WITH(check_invariant(false, "two and two make five"),
                    Catch::Contains("two and two make five") &&
                        Catch::Contains("test_invariants.cpp:" + std::to_string(line)));
  CHECK_NOTHROW(check_invariant(true, "fine"));
}
