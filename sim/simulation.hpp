// Runs a scenario from start to end, handing each month's records to a recorder.
#pragma once

#include <functional>
#include <stdexcept>

#include "sim/records.hpp"
#include "sim/spec.hpp"
#include "sim/state.hpp"

namespace repatsim {

// Thrown when the caller's stop request (SIGINT, SIGTERM) ends a run early.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The dimension labels of a scenario's records.
RunLayout layout_of(const ScenarioSpec& spec);

// Runs every month of the scenario. `stop_requested`, if given, is polled between months; when it
// returns true the run ends with Interrupted and recorder.finish() is not called. The running
// totals are checked against a recount of every row every `recount_every_months` months (the
// tests: every month) and in the last month.
void run_simulation(const ScenarioSpec& spec, Recorder& recorder,
                    const std::function<bool()>& stop_requested = {},
                    int recount_every_months = kRecountEveryMonths);

}  // namespace repatsim
