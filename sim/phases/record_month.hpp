// Phase 9: the month's records (MODEL.md section 8). A census of the worker table, independent
// of the tallies the phases kept, must equal the running stock (last month's census plus this
// month's moves): the stock-flow identity is checked every month, in every build. Then the
// stocks as each host would report them, and the records go to the recorder.
// The census is taken row by row in the pass of phases 7-9 (month_passes.cpp), also counting
// each employer's DPRK workforce.
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

// Phase 9: checks the census (counted over every row) against the running stock and hands the
// month's records to the recorder.
void record_month(SimulationState& state, const Census& census, Recorder& recorder);

}  // namespace repatsim
