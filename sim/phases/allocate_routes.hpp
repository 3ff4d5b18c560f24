// Phase 7: the month's seats home (MODEL.md section 4). The seats each host gets are a max-flow
// from the hosts (each offering its queue) to the DPRK over the routes open this month. Each
// host's queue is served in a fixed order: detained workers first (deportation), then the others
// by row. Queued workers of a host with no open path home are stranded; when a path opens they
// queue again. Workers passed on by their employer travel to another host on the seats left on
// the open route between them.
// Three steps: count_queue() counts and lists each chunk's queued rows (in the pass of phases
// 4-6), plan_seats() runs the max-flow and turns the counts into each chunk's first ranks, and
// SeatRule applies the plan to the listed rows in row order, all in month_passes.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/network.hpp"
#include "sim/rng.hpp"
#include "sim/state.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

// Per chunk and host: detained workers, other queued workers, workers waiting to be transferred;
// and the chunk's rows in any of these queues, in row order (the only rows phase 7 acts on).
struct QueueCounts {
  std::vector<std::int64_t> detained, others, transfers;
  std::vector<std::uint32_t> rows;
  explicit QueueCounts(int h) : detained(h), others(h), transfers(h) {}
};

template <typename Columns>
bool pending_transfer(const Columns& w, std::size_t i) {
  return (w.status[i] == Status::irregular) & ((w.flags[i] & worker_flag::transfer_pending) != 0);
}

// Counts row i into its chunk's queues and lists it there, unless nothing can happen to it this
// month: stranded and detained workers of a host with no open path home (`no_path_home[host]`)
// get no seat and keep their status, so they are counted from the running stock after the pass
// instead (add_unlisted_queues; the border closures strand tens of thousands for years).
template <typename Columns>
[[gnu::always_inline]] inline void count_queue(const Columns& w, std::size_t i, QueueCounts& q,
                                               const std::uint8_t* no_path_home) {
  const Status s = w.status[i];
  // One well-predicted branch for the many rows in neither queue.
  if (!(queued(s) | pending_transfer(w, i))) return;
  const int h = w.host[i];
  if (no_path_home[h] && (s == Status::stranded || s == Status::detained)) return;
  if (s == Status::detained)
    ++q.detained[h];
  else if (queued(s))
    ++q.others[h];
  else
    ++q.transfers[h];  // pending_transfer
  q.rows.push_back(static_cast<std::uint32_t>(i));
}

// Adds the stranded and detained workers of each host with no open path home, which count_queue
// leaves out, to the first chunk's queue counts, from the running stock (after phases 4-6 are
// committed it counts every row). They get no seat, so only the host's total matters: it is the
// demand the max-flow sees, exactly as if every row had been counted.
void add_unlisted_queues(const SimulationState& state, std::vector<QueueCounts>& queues);

// The month's seats: per host, seats home and to the transfer host, and per chunk the first rank
// of each queue (advanced as SeatRule serves the chunk's rows).
struct SeatPlan {
  std::vector<QueueCounts> ranks;        // [chunk]
  std::vector<std::int64_t> detained;    // [host] detained workers queued (served first)
  std::vector<std::int64_t> home_seats;  // [host]
  std::vector<std::int64_t> transfer_seats;
  std::vector<int> transfer_to;  // [host] the host its transfers go to, or -1
  // [host] whether its queued rows may change status without a seat: no path home is open (they
  // are stranded), or one is and some of them are stranded (they queue again).
  std::vector<std::uint8_t> queued_restatus;
  // [chunk] whether SeatRule may change any row the chunk listed (chunk_may_change).
  std::vector<std::uint8_t> may_change;
};

// Allocates the seats for the queues counted per chunk (routes, max-flow).
SeatPlan plan_seats(SimulationState& state, std::vector<QueueCounts> chunk_counts);
// Adds the month's route moves to the state (and to the repatriations counted under 2397).
void commit_routes(SimulationState& state, const Ledger& moves);

class SeatRule {
 public:
  SeatRule(const SimulationState& state, const SeatPlan& plan)
      : state_(&state), plan_(&plan), t_(state.t) {}

  // Row i leaves, is stranded, queues again or is transferred; `rank` is its chunk's ranks.
  void apply(const WorkerColumns& w, std::size_t i, QueueCounts& rank, Ledger& l) const {
    const Status s = w.status[i];
    if (queued(s)) {
      serve(w, i, s, rank, l);
    } else if (pending_transfer(w, i)) {
      const int h = w.host[i];
      if (rank.transfers[h]++ < plan_->transfer_seats[h]) transfer(w, i, s, h, l);
    }
  }

 private:
  // Out of line: keeps the loop that calls apply() for every row small.
  [[gnu::noinline]] void serve(const WorkerColumns& w, std::size_t i, Status s, QueueCounts& rank,
                               Ledger& l) const {
    const int h = w.host[i];
    const std::int64_t r =
        s == Status::detained ? rank.detained[h]++ : plan_->detained[h] + rank.others[h]++;
    const bool reaches_origin = state_->hosts[h].reaches_origin;
    if (r < plan_->home_seats[h]) {
      l.move(h, s, h, Status::repatriated);
      l.count(h, Flow::repatriations);
      if (s == Status::detained) l.count(h, Flow::deportations);
      w.status[i] = Status::repatriated;
      w.expiry[i] = static_cast<std::int16_t>(t_);  // home since
    } else if (!reaches_origin && s == Status::awaiting_exit) {
      l.move(h, s, h, Status::stranded);
      l.count(h, Flow::became_stranded);
      w.status[i] = Status::stranded;
    } else if (reaches_origin && s == Status::stranded) {
      l.move(h, s, h, Status::awaiting_exit);
      w.status[i] = Status::awaiting_exit;
    }
  }

  // Arrives in the other host on a non-work visa where tolerated, else irregular, at a front
  // company if it has one.
  // Out of line: keeps the loop that calls apply() for every row small.
  [[gnu::noinline]] void transfer(const WorkerColumns& w, std::size_t i, Status s, int h,
                                  Ledger& l) const {
    const int t = t_;
    const int to = plan_->transfer_to[h];
    const HostState& dest = state_->hosts[to];
    Draws d(state_->spec->seed, t, Stream::transfer, i);
    const Status arrive =
        d.uniform(0) < dest.posture.visa_tolerance ? Status::visa_disguised : Status::irregular;
    l.move(h, s, to, arrive);
    l.count(h, Flow::transfers_out);
    l.count(to, Flow::transfers_in);
    Sector sector = w.sector[i];
    if (!dest.front_employers.empty()) {
      w.employer[i] = dest.front_employers[static_cast<std::size_t>(
          d.uniform(1) * static_cast<double>(dest.front_employers.size()))];
      sector = state_->employers.sector[w.employer[i]];
    } else {
      if (dest.employers[idx(sector)].empty()) sector = pick_sector(dest, d.uniform(2));
      w.employer[i] = pick_employer(dest, sector, d.uniform(3));
    }
    w.sector[i] = sector;
    w.host[i] = static_cast<std::uint8_t>(to);
    w.status[i] = arrive;
    w.flags[i] &= static_cast<std::uint8_t>(~worker_flag::transfer_pending);
    w.expiry[i] = arrive == Status::visa_disguised ? permit_end(t, dest, d, 4) : kNoExpiry;
  }

  const SimulationState* state_;
  const SeatPlan* plan_;
  int t_;
};

}  // namespace repatsim
