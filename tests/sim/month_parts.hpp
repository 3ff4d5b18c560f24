// A month of step_month (sim/step_month.cpp) in parts, for tests that look at the state between
// them: up to the pass of phases 4-6, and the rest.
#pragma once

#include <utility>
#include <vector>

#include "sim/phases/allocate_routes.hpp"
#include "sim/phases/phases.hpp"
#include "sim/state.hpp"

namespace repatsim::test {

// Phases 1-3 and the choice of inspections: the state as the pass of phases 4-6 finds it.
inline void up_to_settle(SimulationState& state) {
  state.begin_month();
  apply_measures_and_events(state);
  update_hosts(state);
  dispatch_workers(state);
  choose_inspections(state);
}

// The rest of step_month after up_to_settle.
inline void finish_month(SimulationState& state, Recorder& recorder) {
  std::vector<QueueCounts> queues = settle_workers(state);
  update_beliefs(state);
  move_pay_and_record(state, std::move(queues), recorder);
  ++state.t;
}

}  // namespace repatsim::test
