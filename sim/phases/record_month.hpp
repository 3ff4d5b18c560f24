// Phase 9: the month's records (MODEL.md section 8): the census, the stocks as each host would
// report them, flows and money go to the recorder. The census comes from the running stock and
// the rows' totals (sim/row_totals.hpp); sim/check_totals.hpp recounts every row now and then
// (and in the last month) and stops the run if the two disagree: the stock-flow identity's
// check.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/records.hpp"
#include "sim/state.hpp"

namespace repatsim {

struct Census {
  int hosts = 0;
  std::vector<std::int64_t> by_status, by_sector;  // [H][S], [H][K] (present: not repatriated)
  explicit Census(int h) : hosts(h), by_status(h * kStatusCount), by_sector(h * kSectorCount) {}
};

// Phase 9: checks that no route carried more people than it had seats and hands the month's
// records, with this census, to the recorder.
void record_month(SimulationState& state, const Census& census, Recorder& recorder);

}  // namespace repatsim
