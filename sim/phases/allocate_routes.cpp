// Phase 7, the routes' side: the max-flow of seats and each chunk's place in the queues
// (allocate_routes.hpp describes the phase).
#include "sim/phases/allocate_routes.hpp"

#include <algorithm>

namespace repatsim {

namespace {
// Turns per-chunk counts into each chunk's first rank, in place; returns the totals.
std::vector<std::int64_t> exclusive_scan(std::vector<QueueCounts>& chunks,
                                         std::vector<std::int64_t> QueueCounts::*field, int hosts) {
  std::vector<std::int64_t> running(hosts, 0);
  for (QueueCounts& c : chunks)
    for (int h = 0; h < hosts; ++h) {
      const std::int64_t n = (c.*field)[h];
      (c.*field)[h] = running[h];
      running[h] += n;
    }
  return running;
}

// Whether SeatRule may change a row chunk c listed. A queued row changes only if its rank is
// below its host's seats home (it goes home) or it has no open path home (it is stranded) or, where
// the path is open, it was stranded (it queues again); a pending transfer only if its rank is
// below the transfer seats. Ranks rise in row order from the chunk's first, so a chunk whose
// first ranks are past the seats, with no such status change, changes nothing: after the border
// reopened in 2023, millions queued for about 620,000 seats a month (at 10^7 workers), and phase
// 7 visited every one of them each month. `queued_restatus[h]`: host h's queued rows may change
// status without a seat. The counts of the chunk's queues are the next chunk's first ranks less
// its own (the totals after the last chunk).
bool chunk_may_change(const SeatPlan& plan, std::size_t c, const std::vector<std::int64_t>& others,
                      const std::vector<std::int64_t>& transfers) {
  const QueueCounts& first = plan.ranks[c];
  const bool last = c + 1 == plan.ranks.size();
  const QueueCounts* next = last ? nullptr : &plan.ranks[c + 1];
  for (std::size_t h = 0; h < first.detained.size(); ++h) {
    const std::int64_t detained_end = last ? plan.detained[h] : next->detained[h];
    const std::int64_t others_end = last ? others[h] : next->others[h];
    const std::int64_t transfers_end = last ? transfers[h] : next->transfers[h];
    const std::int64_t seats = plan.home_seats[h];
    if (detained_end > first.detained[h] && first.detained[h] < seats) return true;
    if (others_end > first.others[h] &&
        (plan.queued_restatus[h] || plan.detained[h] + first.others[h] < seats))
      return true;
    if (transfers_end > first.transfers[h] && first.transfers[h] < plan.transfer_seats[h])
      return true;
  }
  return false;
}

int host_at_vertex(const SimulationState& state, int v) {
  for (int h = 0; h < state.host_count(); ++h)
    if (state.network.host_vertex(h) == v) return h;
  return -1;
}
}  // namespace

void add_unlisted_queues(const SimulationState& state, std::vector<QueueCounts>& queues) {
  if (queues.empty()) return;  // no rows, so nobody is stranded or detained
  for (int h = 0; h < state.host_count(); ++h) {
    if (state.hosts[h].reaches_origin) continue;
    queues.front().detained[h] += state.stock[h * kStatusCount + idx(Status::detained)];
    queues.front().others[h] += state.stock[h * kStatusCount + idx(Status::stranded)];
  }
}

SeatPlan plan_seats(SimulationState& state, std::vector<QueueCounts> chunk_counts) {
  const int H = state.host_count();
  const auto& arcs = state.network.arcs();
  for (std::size_t a = 0; a < arcs.size(); ++a)
    state.record.seats_offered[a] = state.arc_open[a] ? arcs[a].capacity : 0;

  SeatPlan plan;
  plan.ranks = std::move(chunk_counts);
  plan.detained = exclusive_scan(plan.ranks, &QueueCounts::detained, H);
  const auto others = exclusive_scan(plan.ranks, &QueueCounts::others, H);
  const auto transfers = exclusive_scan(plan.ranks, &QueueCounts::transfers, H);

  std::vector<std::int64_t> demand(H);
  for (int h = 0; h < H; ++h) demand[h] = plan.detained[h] + others[h];
  const Allocation home = state.network.to_origin(demand, state.arc_remaining, state.arc_open);
  for (std::size_t a = 0; a < arcs.size(); ++a) state.record.seats_used[a] += home.used[a];
  plan.home_seats = home.seats;

  // Seats to another host for pending transfers: what is left on the host's transfer arc.
  plan.transfer_seats.assign(H, 0);
  plan.transfer_to.assign(H, -1);
  for (int h = 0; h < H; ++h) {
    const int a = state.hosts[h].transfer_arc;
    if (a < 0) continue;
    plan.transfer_to[h] = host_at_vertex(state, arcs[a].to);
    plan.transfer_seats[h] = std::min(transfers[h], state.arc_remaining[a]);
    state.arc_remaining[a] -= plan.transfer_seats[h];
    state.record.seats_used[a] += plan.transfer_seats[h];
  }

  plan.queued_restatus.resize(H);
  for (int h = 0; h < H; ++h)
    plan.queued_restatus[h] = !state.hosts[h].reaches_origin ||
                              state.stock[h * kStatusCount + idx(Status::stranded)] > 0;
  plan.may_change.resize(plan.ranks.size());
  for (std::size_t c = 0; c < plan.ranks.size(); ++c)
    plan.may_change[c] = chunk_may_change(plan, c, others, transfers);
  return plan;
}

void commit_routes(SimulationState& state, const Ledger& moves) {
  state.commit(moves);
  for (int h = 0; h < state.host_count(); ++h)
    if (state.hosts[h].measures.deadline)
      state.hosts[h].measures.repatriated_since_adoption += moves.flow(h, Flow::repatriations);
}

}  // namespace repatsim
