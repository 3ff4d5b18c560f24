// The engine's own checks stay on in release builds and, when one fails, say where: the month,
// the host and the numbers, and the place in the source (RELIABILITY.md, "Invariants").
#include <catch2/catch.hpp>

#include <utility>

#include "sim/build_state.hpp"
#include "sim/invariant.hpp"
#include "sim/phases/phases.hpp"
#include "sim/phases/record_month.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

TEST_CASE("a broken stock-flow identity stops the run naming month, host, status and numbers", "[invariant]") {
  const ScenarioSpec spec = test::mixed_scenario();
  SimulationState state = build_state(spec);
  MemoryRecorder recorder;
  state.begin_month();
  // One worker appears in the running stock that no census will find.
  const std::int64_t running = ++state.stock_at(0, Status::permitted);
  // The census the month's second pass takes, over every row as the table stands.
  Census census(state.host_count());
  const ConstWorkerColumns w = std::as_const(state.workers).columns();
  for (std::size_t i = 0; i < state.workers.size(); ++i) {
    const int h = w.host[i];
    ++census.by_status[h * kStatusCount + idx(w.status[i])];
    if (w.status[i] != Status::repatriated) ++census.by_sector[h * kSectorCount + idx(w.sector[i])];
  }
  try {
    record_month(state, census, recorder);
    FAIL("record_month accepted a stock that disagrees with the census");
  } catch (const InvariantError& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("stock-flow identity fails in " + month_label(spec.start)));
    CHECK_THAT(message, Catch::Contains("host " + spec.hosts[0].name));
    CHECK_THAT(message, Catch::Contains(std::string(kStatusNames[idx(Status::permitted)])));
    CHECK_THAT(message, Catch::Contains("= " + std::to_string(running)));
    CHECK_THAT(message, Catch::Contains("record_month.cpp:"));  // where the check is made
  }
}

TEST_CASE("check_invariant reports the caller's file and line", "[invariant]") {
  const int line = __LINE__ + 1;
  CHECK_THROWS_WITH(check_invariant(false, "two and two make five"),
                    Catch::Contains("two and two make five") &&
                        Catch::Contains("test_invariants.cpp:" + std::to_string(line)));
  CHECK_NOTHROW(check_invariant(true, "fine"));
}
