// The simulation state: everything that changes during a run. It is built from the spec
// (build_state.cpp) and only the phases change it; the spec itself stays untouched.
#pragma once

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/employers.hpp"
#include "sim/even_employers.hpp"
#include "sim/geometric_table.hpp"
#include "sim/ledger.hpp"
#include "sim/network.hpp"
#include "sim/records.hpp"
#include "sim/spec.hpp"
#include "sim/workers.hpp"

namespace repatsim {

// What the UN measures in force mean for one host (MODEL.md section 5).
struct MeasuresInForce {
  bool cap = false;                 // 2371: authorizations may not exceed cap_level
  std::int64_t cap_level = 0;       // permitted workers at adoption
  double cap_approval_rate = 0;
  bool ban = false;                 // 2375: no new authorizations
  bool renewals_allowed = false;
  double ban_approval_rate = 0;
  bool deadline = false;            // 2397: repatriate everyone covered
  int deadline_adopted = 0;         // step of adoption
  int deadline_step = 0;            // step of the deadline
  int midterm_step = 0, final_step = 0;
  std::int64_t repatriated_since_adoption = 0;
};

struct BodyState {  // an enforcement body's changeable settings
  double capacity_multiplier = 1;
  int crackdown_until = -1;  // last step of a crackdown
  std::optional<double> detection_override;
  // Derived each month (phase 2): employers to inspect and the detection probability.
  double capacity_now = 0;
  double detection_now = 0;
};

// A host's wage range for one sector in USD, as draw_wage_cents (worker_attributes.hpp) reads it.
struct WageRange {
  bool given = false;  // the host lists a wage for the sector
  double low = 0;
  double span = 0;  // high - low
};

struct HostState {
  Posture posture;
  double contract_months = 12;      // mean length of permits and visas granted now
  double pressure = 1;              // < 1 after monitoring ends
  double secondary_cost_usd = 0;    // per unlawful worker, from secondary sanctions
  std::int64_t dispatch_target = 0;
  std::int64_t informal_held_cents = 0;
  MeasuresInForce measures;
  std::vector<BodyState> bodies;
  std::vector<std::uint32_t> employers[kSectorCount];  // employer rows by sector
  std::vector<double> employer_cum_weight[kSectorCount];  // cumulative sizes, for picking one
  std::vector<std::uint32_t> front_employers;
  double sector_weight[kSectorCount] = {};              // sector mix of dispatches
  // Derived each month (phase 2), for the employers' expected-value choice.
  double pace_now = 0;
  double expected_detection_irregular = 0;  // chance an inspection finds an irregular worker
  double expected_detection_visa = 0;
  double expected_fine_usd = 0;             // per unlawful worker found
  bool reaches_origin = true;               // an open path home exists this month
  int transfer_arc = -1;                    // the open arc to another host, if any
  // Kept with contract_months by set_contract_months (worker_attributes.hpp) for permit_end:
  // the monthly hazard 1 / max(1, contract_months) and its months by the draw
  // (geometric_table.hpp), which keeps log1p(-hazard). No default: GCC folds a constant log1p
  // with a last bit that libm's may not share.
  double permit_hazard = 0;
  GeometricTable permit_months;
  // Guides to employer_cum_weight by sector (employer_guide in worker_attributes.hpp).
  std::vector<std::uint32_t> employer_guide[kSectorCount];
  // The even employers at the start of each sector's (sim/even_employers.hpp).
  EvenEmployers even_employers[kSectorCount];
  // The host's first listed wage for each sector (set_wage_ranges, worker_attributes.hpp).
  WageRange wage[kSectorCount];
};

struct PendingArrival {  // dispatched, on the way
  int due_step = 0;
  int host = 0;
  DispatchChannel channel = DispatchChannel::work_permit;
  std::int64_t count = 0;
};

inline constexpr int kRecountEveryMonths = 12;

struct SimulationState {
  const ScenarioSpec* spec = nullptr;
  Network network;
  WorkerTable workers;
  EmployerTable employers;
  std::vector<HostState> hosts;
  std::vector<PendingArrival> pipeline;

  int t = 0;  // step index: month spec->start + t
  std::vector<std::int64_t> stock;  // [H][S] running stock: last census + this month's moves
  std::vector<char> route_closed;   // [route] closed by an event
  bool border_closed = false;
  std::vector<char> arc_open;             // [arc] this month
  std::vector<std::int64_t> arc_remaining;  // [arc] seats left this month

  // Rested returnees (repatriated, home for at least rest_months) in each chunk of rows
  // (sim/parallel.hpp) at step returnees_step, so the dispatch's search for them reads only the
  // chunks it needs; and the returnees still resting, by chunk and the step they came home
  // (modulo resting_window()). Both are kept up to date as rows come home and leave again:
  // each month the returnees who came home rest_months before join the rested.
  std::vector<std::uint32_t> returnees_by_chunk;
  int returnees_step = -1;
  std::vector<std::vector<std::uint32_t>> resting;  // [chunk][home step % resting_window()]

  // The totals the rows' contents make (sim/row_totals.hpp), kept up to date as rows change.
  RowTotals totals;
  std::vector<std::int64_t> loyalty_cents;  // [host] fixed payment per worker, 0 where none
  // [employer] this month's change in the DPRK workforce, one array per thread, summed into
  // EmployerTable::size at the end of the month (until then the sizes are last month's, as the
  // phases read them): integer sums, the same in any order. Per thread rather than one array
  // with atomic adds: rows of any chunk change any employer's count, and an atomic add waits
  // for its cache line to come from the other core.
  tbb::enumerable_thread_specific<std::vector<std::int32_t>> workforce_change;
  // The calling thread's array of workforce_change, as long as the employer table.
  std::int32_t* workforce_change_here() {
    std::vector<std::int32_t>& change = workforce_change.local();
    change.resize(employers.size_count(), 0);
    return change.data();
  }
  // Each chunk's list of queued rows (QueueCounts::rows) after phase 7 has served it, handed to
  // the next month's pass of phases 4-6 to fill again in the same storage: lists made afresh
  // each month grew by copying into new pages (at 10^7 workers, 30,000 page faults a run).
  std::vector<std::vector<std::uint32_t>> spare_queue_rows;
  // Every how many months the totals are checked against a recount of every row
  // (check_totals.hpp); the last month is always checked (0: only the last month).
  int recount_every_months = kRecountEveryMonths;
  // Run the rules of phases 4-6 on every row instead of only the rows the row test passes
  // (phases/settle_filter.hpp); the results are the same. For the tests that show it.
  bool settle_every_row = false;
  // Fetch scattered rows ahead (prefetch_row, sim/workers.hpp) whatever the table's size, not
  // only where worth_prefetching() finds it large; the results are the same. For the tests that
  // show it on small tables (and take those paths under the sanitizers).
  bool fetch_ahead_always = false;
  // Whether this month's loops over scattered rows fetch them ahead.
  bool fetch_ahead() const { return fetch_ahead_always || worth_prefetching(workers.size()); }

  // This month's tallies and records in progress.
  Ledger month;
  MonthRecord record;

  int host_count() const { return static_cast<int>(hosts.size()); }
  std::int64_t& stock_at(int h, Status s) { return stock[h * kStatusCount + idx(s)]; }
  // Slots of each chunk's `resting` counts: enough for the steps a returnee rests (and never
  // more than the run's months).
  std::size_t resting_window() const {
    return static_cast<std::size_t>(std::min(std::max(spec->dprk.rest_months, 1), spec->months()) + 1);
  }
  // Clears the month's tallies and records before phase 1.
  void begin_month();
  // Adds the month's moves (and the changes in the rows' totals) so far to the running stock and
  // totals, and to the month's tally.
  void commit(const Ledger& moves);
};

}  // namespace repatsim
