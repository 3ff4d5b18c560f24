// A recount of every worker row: the census by status, the totals the rows' contents make
// (row_totals.hpp), each employer's workforce and the returnees, rested or resting by the step
// they came home. The engine keeps all of these up to date as rows change; build_state() starts
// them from a recount, and check_totals() recounts now and then (every
// SimulationState::recount_every_months months and in the last month, at the end of phase 9)
// and stops the run if anything differs. The census by status is the stock-flow identity's
// independent side: stock[t] = stock[t-1] + in - out holds by construction of the Ledger, and
// the recount finds whether the rows agree.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/row_totals.hpp"
#include "sim/state.hpp"

namespace repatsim {

struct RowCount {
  std::vector<std::int64_t> by_status;       // [host][status], rows at home by their last host
  RowTotals totals;                          // wages, payments and workers present by sector
  std::vector<std::uint32_t> employer_size;  // [employer] workers present
  std::vector<std::uint32_t> rested;         // [chunk] rested at returnees_step
  std::vector<std::vector<std::uint32_t>> resting;  // [chunk][home step % resting_window()]
};

// Counts every row of the worker table (in parallel, by chunks).
RowCount count_rows(const SimulationState& state);

// Throws InvariantError, naming the month, the host and the numbers, if the running stock,
// totals, employer workforces or returnee counts differ from a recount.
void check_totals(const SimulationState& state);

// Whether the totals are recounted at the end of step t.
inline bool recount_due(const SimulationState& state) {
  const int done = state.t + 1;
  return done == state.spec->months() ||
         (state.recount_every_months > 0 && done % state.recount_every_months == 0);
}

}  // namespace repatsim
