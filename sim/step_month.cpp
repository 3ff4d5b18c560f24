#include "sim/step_month.hpp"

#include <utility>

#include "sim/phases/phases.hpp"

namespace repatsim {

// The month is MODEL.md's nine phases in order. Phases 4-9 act on each worker row using only that
// row and what phases 1-3 and the employers' side of enforcement settled for the month, so they
// run row by row in two passes over the table instead of one pass each: every row sees exactly
// the changes it would see phase after phase, and the tallies are integer sums, the same in any
// grouping. Inspections are chosen before phase 4 since they read only employers and hosts, and
// the rows of phases 4-5 read beliefs that update only after the detections, as before. The max-flow
// of phase 7 needs every queue counted, hence the second pass.
void step_month(SimulationState& state, Recorder& recorder) {
  state.begin_month();
  apply_measures_and_events(state);  // 1. measures and dated events
  update_hosts(state);               // 2. postures, enforcement budgets, reports
  dispatch_workers(state);           // 3. the DPRK sends workers
  choose_inspections(state);         // 6. (employers) which employers are inspected
  auto queues = settle_workers(state);  // 4-6. (rows) tours and permits end, orders, detentions
  update_beliefs(state);               // 6. (employers) beliefs of being inspected
  move_pay_and_record(state, std::move(queues), recorder);  // 7-9. seats home, wages, records
  ++state.t;
}

}  // namespace repatsim
