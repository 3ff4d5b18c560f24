// Phase 9: the month's records (record_month.hpp describes them).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/invariant.hpp"
#include "sim/phases/record_month.hpp"
#include "sim/snapshot.hpp"

namespace repatsim {

namespace {
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

void record_month(SimulationState& state, const Census& census, Recorder& recorder) {
  const int H = state.host_count();
  for (std::size_t a = 0; a < state.record.seats_used.size(); ++a)
    check_invariant(state.record.seats_used[a] <= state.record.seats_offered[a],
                    [&] { return fmt::format("route {} carried {} people on {} seats in {}",
                                state.network.arcs()[a].label, state.record.seats_used[a],
                                state.record.seats_offered[a], month_label(state.record.month)); });

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
