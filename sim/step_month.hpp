#pragma once

#include <array>
#include <string_view>

#include "sim/records.hpp"
#include "sim/state.hpp"

namespace repatsim {

// Wall time spent in each part of the month, summed over the months stepped with it (for the
// benchmarks; step_month takes no clock readings without one). Phases 4-6 are one pass over the
// worker table and 7-9 act on the queued rows and the running totals, so each group is timed
// together.
struct PhaseTimes {
  static constexpr std::array<std::string_view, 7> kNames{
      "measures_hosts",  // 1-2: measures, events, postures (per host)
      "dispatch",        // 3: arrivals take rows, the month's dispatch (max-flow)
      "inspections",     // 6: employers chosen for inspection (per employer)
      "rows_4_to_6",     // 4-6: expiries, 2397 orders, detections, queue counts (per row)
      "beliefs",         // 6: employers' beliefs (per employer)
      "rows_7_to_9",     // 7-9: seats (max-flow) for the queued rows, wages, census, records
      "other",           // the month's set-up
  };
  std::array<double, kNames.size()> seconds{};
};

// Advances the state by one calendar month and records it; adds the time each part took to
// `times` if given.
void step_month(SimulationState& state, Recorder& recorder, PhaseTimes* times = nullptr);

}  // namespace repatsim
