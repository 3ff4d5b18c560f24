// The phases of one month (MODEL.md section 6), in the order step_month() calls them. Phases 1-3
// and the employers' side of phase 6 act on hosts, routes and employers, each in its own file
// under sim/phases/. The rules of phases 4-9 that act on worker rows live in headers
// (resolve_expiries.hpp, order_departures.hpp, detect.hpp, allocate_routes.hpp) and are applied
// in one pass over the table and then to the rows queued for seats (month_passes.cpp); phases 8
// and 9 read totals kept up to date as rows change (row_totals.hpp).
#pragma once

#include <vector>

#include "sim/phases/allocate_routes.hpp"
#include "sim/records.hpp"
#include "sim/state.hpp"

namespace repatsim {

// 1. Measures and events dated this month take effect; routes open or close.
void apply_measures_and_events(SimulationState& state);
// 2. Hosts set this month's pace and enforcement; reports due this month are filed.
void update_hosts(SimulationState& state);
// 3. The DPRK dispatches new workers through the open channels; due arrivals arrive.
void dispatch_workers(SimulationState& state);
// 6, employers' side. Enforcement bodies choose the employers they inspect this month.
void choose_inspections(SimulationState& state);
// 4-6, workers' side, one pass over the table: tours and permits that end this month resolve
// (renewal, or the employer's choice); hosts under 2397 order covered workers home at their
// pace and grant exemptions; unlawful workers at inspected employers are detained. The pass also
// counts each chunk's queues for phase 7 and returns them.
std::vector<QueueCounts> settle_workers(SimulationState& state);
// 6, employers' side. Beliefs of being inspected update.
void update_beliefs(SimulationState& state);
// 7-9: routes allocate the month's seats (queued workers, listed by the pass of phases 4-6, leave
// or are stranded; transfers move); earning workers are paid and the state's share is remitted;
// the month's stocks, flows and money are checked and handed to the recorder.
void move_pay_and_record(SimulationState& state, std::vector<QueueCounts> queues,
                         Recorder& recorder);

}  // namespace repatsim
