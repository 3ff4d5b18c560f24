// The phases of one month (MODEL.md section 6), in the order step_month() calls them. Each lives
// in its own file under sim/phases/ and changes the state only as its comment says.
#pragma once

#include "sim/records.hpp"
#include "sim/state.hpp"

namespace repatsim {

// 1. Measures and events dated this month take effect; routes open or close.
void apply_measures_and_events(SimulationState& state);
// 2. Hosts set this month's pace and enforcement; reports due this month are filed.
void update_hosts(SimulationState& state);
// 3. The DPRK dispatches new workers through the open channels; due arrivals arrive.
void dispatch_workers(SimulationState& state);
// 4. Tours and permits that end this month resolve: renewal, or the employer's choice.
void resolve_expiries(SimulationState& state);
// 5. Hosts under 2397 order covered workers home at their pace; exemptions are granted.
void order_departures(SimulationState& state);
// 6. Enforcement bodies inspect employers; detected workers are detained; beliefs update.
void enforce(SimulationState& state);
// 7. Routes allocate the month's seats; queued workers leave or are stranded; transfers move.
void allocate_routes(SimulationState& state);
// 8. Earning workers are paid; the state's share is remitted by channel.
void pay_workers(SimulationState& state);
// 9. The month's stocks, flows and money are checked and handed to the recorder.
void record_month(SimulationState& state, Recorder& recorder);

}  // namespace repatsim
