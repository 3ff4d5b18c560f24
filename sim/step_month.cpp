#include "sim/step_month.hpp"

#include <chrono>
#include <utility>

#include "sim/phases/phases.hpp"

namespace repatsim {

namespace {
// Runs part k of the month, adding its wall time to `times` when there is one.
template <typename Part>
void timed(PhaseTimes* times, std::size_t k, Part&& part) {
  if (times == nullptr) {
    part();
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  part();
  times->seconds[k] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

// The month is MODEL.md's nine phases in order. Phases 4-6 act on each worker row using only that
// row and what phases 1-3 and the employers' side of enforcement settled for the month, so they
// run row by row in one pass over the table instead of one pass each: every row sees exactly
// the changes it would see phase after phase, and the tallies are integer sums, the same in any
// grouping. Inspections are chosen before phase 4 since they read only employers and hosts, and
// the rows of phases 4-5 read beliefs that update only after the detections, as before. The
// max-flow of phase 7 needs every queue counted, so phase 7 follows for the rows the pass listed
// as queued; phases 8 and 9 read the totals kept up to date as rows change.
void step_month(SimulationState& state, Recorder& recorder, PhaseTimes* times) {
  timed(times, 6, [&] { state.begin_month(); });
  timed(times, 0, [&] {
    apply_measures_and_events(state);  // 1. measures and dated events
    update_hosts(state);               // 2. postures, enforcement budgets, reports
  });
  timed(times, 1, [&] { dispatch_workers(state); });    // 3. the DPRK sends workers
  timed(times, 2, [&] { choose_inspections(state); });  // 6. (employers) who is inspected
  std::vector<QueueCounts> queues;
  timed(times, 3, [&] { queues = settle_workers(state); });  // 4-6. (rows) expiries, orders, detentions
  timed(times, 4, [&] { update_beliefs(state); });           // 6. (employers) beliefs
  timed(times, 5, [&] { move_pay_and_record(state, std::move(queues), recorder); });  // 7-9
  ++state.t;
}

}  // namespace repatsim
