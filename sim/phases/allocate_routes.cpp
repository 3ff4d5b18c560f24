// Phase 7: the month's seats home (MODEL.md section 4). The seats each host gets are a max-flow
// from the hosts (each offering its queue) to the DPRK over the routes open this month. Each
// host's queue is served in a fixed order: detained workers first (deportation), then the others
// by row. Queued workers of a host with no open path home are stranded; when a path opens they
// queue again. Workers passed on by their employer travel to another host on the seats left on
// the open route between them.
#include <algorithm>

#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"
#include "sim/rng.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

namespace {
// Per chunk and host: detained workers, other queued workers, workers waiting to be transferred.
struct QueueCounts {
  std::vector<std::int64_t> detained, others, transfers;
  explicit QueueCounts(int h) : detained(h), others(h), transfers(h) {}
};

template <typename Columns>
bool pending_transfer(const Columns& w, std::size_t i) {
  return (w.status[i] == Status::irregular) & ((w.flags[i] & worker_flag::transfer_pending) != 0);
}

std::vector<QueueCounts> count_queues(const SimulationState& state) {
  const ConstWorkerColumns columns = state.workers.columns();
  return for_each_chunk(state.workers.size(), QueueCounts(state.host_count()),
                        [&](std::size_t b, std::size_t e, QueueCounts& q) {
                          const ConstWorkerColumns w = columns;
                          for (std::size_t i = b; i < e; ++i) {
                            const Status s = w.status[i];
                            // One well-predicted branch for the many rows in neither queue.
                            if (!(queued(s) | pending_transfer(w, i))) continue;
                            if (s == Status::detained) ++q.detained[w.host[i]];
                            else if (queued(s)) ++q.others[w.host[i]];
                            else if (pending_transfer(w, i)) ++q.transfers[w.host[i]];
                          }
                        });
}

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

int host_at_vertex(const SimulationState& state, int v) {
  for (int h = 0; h < state.host_count(); ++h)
    if (state.network.host_vertex(h) == v) return h;
  return -1;
}
}  // namespace

void allocate_routes(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  const int H = state.host_count();
  const int t = state.t;
  const auto& arcs = state.network.arcs();
  for (std::size_t a = 0; a < arcs.size(); ++a)
    state.record.seats_offered[a] = state.arc_open[a] ? arcs[a].capacity : 0;

  std::vector<QueueCounts> chunks = count_queues(state);
  const auto detained = exclusive_scan(chunks, &QueueCounts::detained, H);
  const auto others = exclusive_scan(chunks, &QueueCounts::others, H);
  const auto transfers = exclusive_scan(chunks, &QueueCounts::transfers, H);

  std::vector<std::int64_t> demand(H);
  for (int h = 0; h < H; ++h) demand[h] = detained[h] + others[h];
  const Allocation home = state.network.to_origin(demand, state.arc_remaining, state.arc_open);
  for (std::size_t a = 0; a < arcs.size(); ++a) state.record.seats_used[a] += home.used[a];

  // Seats to another host for pending transfers: what is left on the host's transfer arc.
  std::vector<std::int64_t> transfer_seats(H, 0);
  std::vector<int> transfer_to(H, -1);
  for (int h = 0; h < H; ++h) {
    const int a = state.hosts[h].transfer_arc;
    if (a < 0) continue;
    transfer_to[h] = host_at_vertex(state, arcs[a].to);
    transfer_seats[h] = std::min(transfers[h], state.arc_remaining[a]);
    state.arc_remaining[a] -= transfer_seats[h];
    state.record.seats_used[a] += transfer_seats[h];
  }

  const WorkerColumns columns = state.workers.columns();
  std::vector<Ledger> chunk_moves(chunks.size(), Ledger(H));
  for_each_range(state.workers.size(), kChunkRows, [&](std::size_t begin, std::size_t end) {
    const WorkerColumns w = columns;
    const std::size_t c = begin / kChunkRows;
    QueueCounts& rank = chunks[c];  // the next rank of each queue in this chunk
    Ledger& l = chunk_moves[c];
    for (std::size_t i = begin; i < end; ++i) {
      const Status s = w.status[i];
      const int h = w.host[i];
      if (queued(s)) {
        const std::int64_t r = s == Status::detained ? rank.detained[h]++ : detained[h] + rank.others[h]++;
        if (r < home.seats[h]) {
          l.move(h, s, h, Status::repatriated);
          l.count(h, Flow::repatriations);
          if (s == Status::detained) l.count(h, Flow::deportations);
          w.status[i] = Status::repatriated;
          w.expiry[i] = static_cast<std::int16_t>(t);  // home since
        } else if (!state.hosts[h].reaches_origin && s == Status::awaiting_exit) {
          l.move(h, s, h, Status::stranded);
          l.count(h, Flow::became_stranded);
          w.status[i] = Status::stranded;
        } else if (state.hosts[h].reaches_origin && s == Status::stranded) {
          l.move(h, s, h, Status::awaiting_exit);
          w.status[i] = Status::awaiting_exit;
        }
      } else if (pending_transfer(w, i) && rank.transfers[h]++ < transfer_seats[h]) {
        // Arrives in the other host on a non-work visa where tolerated, else irregular, at a
        // front company if it has one.
        const int to = transfer_to[h];
        const HostState& dest = state.hosts[to];
        Draws d(spec.seed, t, Stream::transfer, i);
        const Status arrive = d.uniform(0) < dest.posture.visa_tolerance ? Status::visa_disguised : Status::irregular;
        l.move(h, s, to, arrive);
        l.count(h, Flow::transfers_out);
        l.count(to, Flow::transfers_in);
        Sector sector = w.sector[i];
        if (!dest.front_employers.empty()) {
          w.employer[i] = dest.front_employers[static_cast<std::size_t>(d.uniform(1) * static_cast<double>(dest.front_employers.size()))];
          sector = state.employers.sector[w.employer[i]];
        } else {
          if (dest.employers[idx(sector)].empty()) sector = pick_sector(dest, d.uniform(2));
          w.employer[i] = pick_employer(dest, sector, d.uniform(3));
        }
        w.sector[i] = sector;
        w.host[i] = static_cast<std::uint8_t>(to);
        w.status[i] = arrive;
        w.flags[i] &= static_cast<std::uint8_t>(~worker_flag::transfer_pending);
        w.expiry[i] = arrive == Status::visa_disguised ? permit_end(t, dest.contract_months, d, 4) : kNoExpiry;
      }
    }
  });
  Ledger moves(H);
  for (const Ledger& l : chunk_moves) moves.merge(l);
  state.commit(moves);
  for (int h = 0; h < H; ++h)
    if (state.hosts[h].measures.deadline)
      state.hosts[h].measures.repatriated_since_adoption += moves.flow(h, Flow::repatriations);
}

}  // namespace repatsim
