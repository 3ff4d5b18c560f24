// Phase 9: the month's records (MODEL.md section 8). A census of the worker table, independent
// of the tallies the phases kept, must equal the running stock (last month's census plus this
// month's moves): the stock-flow identity is checked every month, in every build. Then the
// stocks as each host would report them, and the records go to the recorder.
#include <fmt/format.h>

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>

#include "sim/invariant.hpp"
#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"
#include "sim/snapshot.hpp"

namespace repatsim {

namespace {
struct Census {
  int hosts = 0;
  std::vector<std::int64_t> by_status, by_sector;  // [H][S], [H][K] (present: not repatriated)
  explicit Census(int h) : hosts(h), by_status(h * kStatusCount), by_sector(h * kSectorCount) {}
  void merge(const Census& o) {
    for (std::size_t i = 0; i < by_status.size(); ++i) by_status[i] += o.by_status[i];
    for (std::size_t i = 0; i < by_sector.size(); ++i) by_sector[i] += o.by_sector[i];
  }
};

// Counts the table; also each employer's DPRK workforce, in per-thread counters whose integer
// sums do not depend on which thread counted what.
Census take_census(SimulationState& state) {
  const WorkerTable& w = state.workers;
  EmployerTable& em = state.employers;
  tbb::enumerable_thread_specific<std::vector<std::uint32_t>> sizes(
      std::vector<std::uint32_t>(em.size_count(), 0));
  Census total(state.host_count());
  for_each_chunk_merged(w.size(), total, [&](std::size_t b, std::size_t e, Census& c) {
    std::vector<std::uint32_t>& size = sizes.local();
    for (std::size_t i = b; i < e; ++i) {
      const Status s = w.status[i];
      ++c.by_status[w.host[i] * kStatusCount + idx(s)];
      if (s == Status::repatriated) continue;
      ++c.by_sector[w.host[i] * kSectorCount + idx(w.sector[i])];
      ++size[w.employer[i]];
    }
  });
  std::fill(em.size.begin(), em.size.end(), 0u);
  sizes.combine_each([&](const std::vector<std::uint32_t>& size) {
    for (std::size_t e = 0; e < size.size(); ++e) em.size[e] += size[e];
  });
  return total;
}

// Whether a host counts workers of this status in its reports (MODEL.md section 3 table).
bool reported(Status s, const Posture& p) {
  switch (s) {
    case Status::visa_disguised: return p.counts_visa_disguised;
    case Status::irregular:
    case Status::repatriated: return false;
    default: return true;
  }
}
}  // namespace

void record_month(SimulationState& state, Recorder& recorder) {
  const int H = state.host_count();
  const Census census = take_census(state);
  for (int h = 0; h < H; ++h)
    for (int s = 0; s < kStatusCount; ++s) {
      const std::int64_t counted = census.by_status[h * kStatusCount + s];
      const std::int64_t running = state.stock[h * kStatusCount + s];
      check_invariant(counted == running,
                      fmt::format("stock-flow identity fails in {} for host {} status {}: census {} "
                                  "!= last month + in - out = {}",
                                  month_label(state.record.month), state.spec->hosts[h].name,
                                  kStatusNames[s], counted, running));
    }
  for (std::size_t a = 0; a < state.record.seats_used.size(); ++a)
    check_invariant(state.record.seats_used[a] <= state.record.seats_offered[a],
                    fmt::format("route {} carried {} people on {} seats in {}",
                                state.network.arcs()[a].label, state.record.seats_used[a],
                                state.record.seats_offered[a], month_label(state.record.month)));

  MonthRecord& r = state.record;
  r.stock_true = census.by_status;
  r.stock_by_sector = census.by_sector;
  r.stock_reported.assign(r.stock_true.size(), 0);
  for (int h = 0; h < H; ++h) {
    const Posture& p = state.hosts[h].posture;
    for (int s = 0; s < kStatusCount; ++s)
      if (reported(static_cast<Status>(s), p))
        r.stock_reported[h * kStatusCount + s] = std::llround(
            static_cast<double>(r.stock_true[h * kStatusCount + s]) * p.reporting_honesty);
  }
  const Ledger& m = state.month;
  r.status_in = m.in;
  r.status_out = m.out;
  r.flows = m.flows;
  r.gross_wages_cents = m.gross_wages_cents;
  r.worker_share_cents = m.worker_share_cents;
  r.state_share_cents.resize(H);
  for (int h = 0; h < H; ++h) r.state_share_cents[h] = m.formal_cents[h] + m.informal_cents[h];
  r.fines_cents = m.fines_cents;
  recorder.record(r);
  // The per-agent snapshot, when the scenario asks for one this month (output.snapshots).
  const auto& months = state.spec->output.snapshots;
  if (std::find(months.begin(), months.end(), r.month) != months.end())
    recorder.snapshot(take_snapshot(state.workers, r.month));
}

}  // namespace repatsim
