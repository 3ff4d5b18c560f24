// Phase 9: the month's records (MODEL.md section 8). A census of the worker table, independent
// of the tallies the phases kept, must equal the running stock (last month's census plus this
// month's moves): the stock-flow identity is checked every month, in every build. Then the
// stocks as each host would report them, and the records go to the recorder.
// The census is taken row by row (Census::add, in the pass of phases 7-9 in month_passes.cpp).
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
  void merge(const Census& o) {
    for (std::size_t i = 0; i < by_status.size(); ++i) by_status[i] += o.by_status[i];
    for (std::size_t i = 0; i < by_sector.size(); ++i) by_sector[i] += o.by_sector[i];
  }
  // Counts a repatriated row of host h (the returnee's last host).
  void add_at_home(int h) { ++by_status[h * kStatusCount + idx(Status::repatriated)]; }
  // Counts row i; also into its employer's DPRK workforce, in `employer_size` (a per-thread
  // counter: integer sums do not depend on which thread counted what).
  template <typename Columns>
  void add(const Columns& w, std::size_t i, std::uint32_t* employer_size) {
    const Status s = w.status[i];
    const int h = w.host[i];
    ++by_status[h * kStatusCount + idx(s)];
    if (s == Status::repatriated) return;
    ++by_sector[h * kSectorCount + idx(w.sector[i])];
    ++employer_size[w.employer[i]];
  }
};

// Phase 9: checks the census (counted over every row) against the running stock and hands the
// month's records to the recorder.
void record_month(SimulationState& state, const Census& census, Recorder& recorder);

}  // namespace repatsim
