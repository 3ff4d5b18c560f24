#include "sim/step_month.hpp"

#include "sim/phases/phases.hpp"

namespace repatsim {

void step_month(SimulationState& state, Recorder& recorder) {
  state.begin_month();
  apply_measures_and_events(state);  // 1. measures and dated events
  update_hosts(state);               // 2. postures, enforcement budgets, reports
  dispatch_workers(state);           // 3. the DPRK sends workers
  resolve_expiries(state);           // 4. tours and permits end
  order_departures(state);           // 5. 2397 departure orders
  enforce(state);                    // 6. inspections and detentions
  allocate_routes(state);            // 7. seats home, stranding, transfers
  pay_workers(state);                // 8. wages and remittances
  record_month(state, recorder);     // 9. records
  ++state.t;
}

}  // namespace repatsim
