// Phase 3: the DPRK keeps each host's earning stock at its target (MODEL.md section 3, "The
// DPRK"). Workers due this month arrive; then it decides this month's dispatch: each candidate
// goes through the first open channel (a work permit while the measures allow one or the 1718
// Committee approves it, else a non-work visa where the host tolerates it, else a front company),
// and the seats from the DPRK to each host (a max-flow) limit how many leave. They arrive after
// the dispatch lag. Returnees who have rested at home are sent again before new people.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/invariant.hpp"
#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"
#include "sim/phases/rested_rows.hpp"
#include "sim/rng.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

namespace {
constexpr Flow arrival_flow(DispatchChannel c) {
  switch (c) {
    case DispatchChannel::work_permit: return Flow::arrivals_work_permit;
    case DispatchChannel::non_work_visa: return Flow::arrivals_non_work_visa;
    default: return Flow::arrivals_front_company;
  }
}

constexpr Status arrival_status(DispatchChannel c) {
  switch (c) {
    case DispatchChannel::work_permit: return Status::permitted;
    case DispatchChannel::non_work_visa: return Status::visa_disguised;
    default: return Status::irregular;
  }
}

// Chunks of rows that hold the first `n` rested returnees, from the rested counts kept up to
// date since the state was built (SimulationState::returnees_by_chunk).
std::vector<std::size_t> chunks_with_returnees(const SimulationState& state, std::size_t n) {
  check_invariant(state.returnees_step == state.t,
                  [&] { return fmt::format("rested returnees counted for step {}, not {}",
                                           state.returnees_step, state.t); });
  std::vector<std::size_t> chunks;
  std::size_t found = 0;
  for (std::size_t c = 0; c < state.returnees_by_chunk.size() && found < n; ++c) {
    if (state.returnees_by_chunk[c] == 0) continue;
    chunks.push_back(c);
    found += state.returnees_by_chunk[c];
  }
  return chunks;
}

// Rows for `n` arrivals: rested returnees first (lowest rows first), then new rows.
std::vector<std::uint32_t> rows_for_arrivals(SimulationState& state, std::int64_t n) {
  std::vector<std::uint32_t> rows;
  if (n <= 0) return rows;
  WorkerTable& w = state.workers;
  const int t = state.t;
  const int rest = state.spec->dprk.rest_months;
  using Found = std::vector<std::uint32_t>;  // the first returnees of a chunk, at most n
  const auto limit = static_cast<std::size_t>(n);
  const std::vector<std::size_t> chunks = chunks_with_returnees(state, limit);
  std::vector<Found> found(chunks.size());
  const RestedRows rested_rows = best_rested_rows();
  const auto home = static_cast<std::uint8_t>(Status::repatriated);
  const auto home_by = static_cast<std::int16_t>(std::clamp(t - rest, INT16_MIN, INT16_MAX));
  for_each_range(chunks.size(), 1, [&](std::size_t k, std::size_t) {
    const std::size_t begin = chunks[k] * kChunkRows, end = std::min(w.size(), begin + kChunkRows);
    // The chunk holds exactly this many rested returnees (counted since the state was built):
    // the search stops at the last one it needs instead of at the end of the chunk.
    const std::size_t most = std::min<std::size_t>(limit, state.returnees_by_chunk[chunks[k]]);
    Found& f = found[k];
    f.resize(most + 32);  // the room rested_rows needs
    static_assert(sizeof(Status) == 1);
    const auto* status = reinterpret_cast<const std::uint8_t*>(w.status.data());
    const std::size_t kept =
        rested_rows(status, w.expiry.data(), begin, end, home, home_by, most, f.data());
    f.resize(kept);
    check_invariant(kept == most, [&] {
      return fmt::format("rows {} to {} hold {} rested returnees, not {} as counted", begin,
                         end - 1, kept, state.returnees_by_chunk[chunks[k]]);
    });
  });
  // The returnees taken are counted out of their chunk, so a second call this month (no
  // dispatch lag) finds the counts still exact.
  rows.reserve(limit);
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    const std::size_t take = std::min(found[k].size(), limit - rows.size());
    rows.insert(rows.end(), found[k].begin(), found[k].begin() + static_cast<std::ptrdiff_t>(take));
    state.returnees_by_chunk[chunks[k]] -= static_cast<std::uint32_t>(take);
  }
  const std::size_t first_new = w.size();
  const std::size_t fresh = limit - rows.size();
  w.resize(first_new + fresh);
  state.returnees_by_chunk.resize(chunk_count(w.size()), 0);
  state.resting.resize(chunk_count(w.size()), std::vector<std::uint32_t>(state.resting_window(), 0));
  for (std::size_t i = 0; i < fresh; ++i) rows.push_back(static_cast<std::uint32_t>(first_new + i));
  return rows;
}

// Workers due this step take up their rows, in pipeline order.
void place_arrivals(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  const int t = state.t;
  std::vector<PendingArrival> due;
  std::erase_if(state.pipeline, [&](const PendingArrival& p) {
    if (p.due_step != t) return false;
    due.push_back(p);
    return true;
  });
  std::int64_t total = 0;
  for (const auto& p : due) total += p.count;
  const std::size_t old_size = state.workers.size();
  const std::vector<std::uint32_t> rows = rows_for_arrivals(state, total);

  // Arrival j of the month belongs to the pipeline entry covering it.
  std::vector<std::int64_t> ends;
  for (const auto& p : due) ends.push_back((ends.empty() ? 0 : ends.back()) + p.count);
  const WorkerColumns columns = state.workers.columns();
  const std::int64_t* loyalty = state.loyalty_cents.data();
  Ledger moves(state.host_count());
  const bool ahead = state.fetch_ahead();
  for_each_range_summed(rows.size(), kChunkRows, moves,
                        [&](std::size_t b, std::size_t e, Ledger& l) {
    const WorkerColumns w = columns;
    std::int32_t* workforce = state.workforce_change_here();
    // Each arrival draws from blocks 0 and 1.
    DrawsEightAtATime batch(spec.seed, t, Stream::new_worker, b, e,
                            [&](std::size_t j) { return rows[j]; });
    // The pipeline entry of arrival b; later arrivals' entries follow in rising order.
    const auto first_entry = static_cast<std::size_t>(
        std::upper_bound(ends.begin(), ends.end(), static_cast<std::int64_t>(b)) - ends.begin());
    // Arrivals are placed in three stages, so that the cache misses of choosing an employer in a
    // large table (the sector's weights and employer rows, then the employer's workforce count)
    // are fetched while other arrivals are placed, instead of each waiting for the one before:
    // kDrawAhead arrivals ahead of its placing, an arrival's draws give its attributes and the
    // weights it will choose among are fetched; kChooseAhead ahead, its employer is chosen and
    // the employer's count fetched. Each arrival's values are those of placing it alone: the
    // stages read only its draws and the hosts' and employers' tables, which arrivals leave as
    // they are.
    struct Drawn {  // an arrival's attributes, from its draws
      const PendingArrival* entry;  // its pipeline entry
      double employer_u, wage_u;    // the draws that choose its employer and wage
      std::uint32_t employer;
      std::int16_t expiry;
      Sector sector;
      std::uint8_t flags;
    };
    constexpr std::size_t kChooseAhead = 8, kDrawAhead = 2 * kChooseAhead;
    std::array<Drawn, 2 * kDrawAhead> drawn{};  // arrival j's at drawn[j % size]
    auto drawn_of = [&](std::size_t j) -> Drawn& { return drawn[j % drawn.size()]; };
    std::size_t k = first_entry;  // the entry of the arrival drawn last
    // The stages are always inlined: each is called twice (before and in the loop), and a call
    // per arrival would cost more than the stage.
    auto draw = [&](std::size_t j) __attribute__((always_inline)) {
      while (static_cast<std::int64_t>(j) >= ends[k]) ++k;
      const PendingArrival& p = due[k];
      const HostState& host = state.hosts[p.host];
      const HostSpec& h = spec.hosts[p.host];
      Draws d = batch.draws(j);
      Drawn& a = drawn_of(j);
      a.entry = &p;
      a.flags = draw_flags(h, d.uniform(3), d.uniform(4), d.uniform(5));
      a.expiry =
          arrival_status(p.channel) == Status::irregular ? kNoExpiry : permit_end(t, host, d, 7);
      a.wage_u = d.uniform(2);
      if (p.channel == DispatchChannel::front_company) {
        a.employer = host.front_employers[static_cast<std::size_t>(
            d.uniform(0) * static_cast<double>(host.front_employers.size()))];
        if (ahead) __builtin_prefetch(state.employers.sector.data() + a.employer);
      } else {
        a.sector = pick_sector(host, d.uniform(1));
        a.employer_u = d.uniform(6);
        if (ahead) prefetch_employer_choice(host, a.sector, a.employer_u);
      }
    };
    auto choose = [&](std::size_t j) __attribute__((always_inline)) {
      Drawn& a = drawn_of(j);
      const PendingArrival& p = *a.entry;
      if (p.channel == DispatchChannel::front_company)
        a.sector = state.employers.sector[a.employer];
      else
        a.employer = pick_employer(state.hosts[p.host], a.sector, a.employer_u);
      if (ahead) __builtin_prefetch(workforce + a.employer, 1);
    };
    for (std::size_t j = b; j < std::min(e, b + kDrawAhead); ++j) draw(j);
    for (std::size_t j = b; j < std::min(e, b + kChooseAhead); ++j) choose(j);
    for (std::size_t j = b; j < e; ++j) {
      if (j + kDrawAhead < e) draw(j + kDrawAhead);
      if (j + kChooseAhead < e) choose(j + kChooseAhead);
      const Drawn& a = drawn_of(j);
      const PendingArrival& p = *a.entry;
      if (ahead && j + kRowsAhead < e) prefetch_row(w, rows[j + kRowsAhead]);
      // A returnee's row leaves its last employer's workforce: fetch that count too, for the row
      // half as far ahead (its employer column is in the cache by then).
      if (ahead && j + kRowsAhead / 2 < e && rows[j + kRowsAhead / 2] < old_size)
        __builtin_prefetch(workforce + w.employer[rows[j + kRowsAhead / 2]], 1);
      const std::uint32_t i = rows[j];
      const Status status = arrival_status(p.channel);
      if (i < old_size) {
        l.move(w.host[i], w.status[i], p.host, status);
        l.totals.add(key_of(w, i), -1, loyalty, workforce);  // a returnee's row: its last stay abroad
      } else {
        l.enter(p.host, status);
      }
      l.count(p.host, arrival_flow(p.channel));

      w.status[i] = status;
      w.host[i] = static_cast<std::uint8_t>(p.host);
      w.sector[i] = a.sector;
      w.flags[i] = a.flags;
      w.employer[i] = a.employer;
      w.wage_cents[i] = draw_wage_cents(state.hosts[p.host], a.sector, a.wage_u);
      w.arrived[i] = static_cast<std::int16_t>(t);
      w.expiry[i] = a.expiry;
      l.totals.add(key_of(w, i), +1, loyalty, workforce);
    }
  });
  state.commit(moves);
}

struct Candidates {  // this month's dispatch demand of one host, by channel
  std::int64_t by_channel[kDispatchChannelCount] = {};
  std::int64_t approvals = 0;
  std::int64_t total() const { return by_channel[0] + by_channel[1] + by_channel[2]; }
};

// Which channel each candidate for a host would take (MODEL.md section 5 rules for permits):
// candidates take a permit without a draw until the 2371 cap is reached (and always where no
// measure limits permits); after 2375, or once the cap is reached (permits only grow within the
// month), each needs the Committee's approval. So the candidates needing a draw are the last
// ones, and their draws are independent.
struct ChannelPlan {
  std::int64_t want = 0;        // candidates
  std::int64_t free = 0;        // the first ones, who take a permit without a draw
  std::int64_t front_room = 0;  // how many more workers the host's front companies can take
  // A candidate is approved if its first draw is below the approval rate, else takes a visa if
  // its second is below the host's visa tolerance: draws whose words are below these
  // (Draws::words_below). A uniform draw is never below a rate of 0 or less: such comparisons
  // are known without the draw, and a candidate whose comparisons are all known needs no
  // Philox call.
  std::uint64_t approved_below = 0, visa_below = 0;
  std::int64_t drawn() const { return approved_below > 0 || visa_below > 0 ? want - free : 0; }
};

// Host h's plan for `want` candidates; `permitted` counts the host's permits, including those of
// workers still on their way, and `front_room` is how many more workers its front companies
// can take.
ChannelPlan plan_channels(const SimulationState& state, int h, std::int64_t want,
                          std::int64_t permitted, std::int64_t front_room) {
  const HostState& host = state.hosts[h];
  const MeasuresInForce& m = host.measures;
  ChannelPlan plan;
  plan.want = std::max<std::int64_t>(want, 0);
  plan.free = m.ban    ? 0
              : !m.cap ? plan.want
                       : std::clamp<std::int64_t>(m.cap_level - permitted, 0, plan.want);
  plan.front_room = front_room;
  plan.approved_below = Draws::words_below(m.ban ? m.ban_approval_rate : m.cap_approval_rate);
  plan.visa_below = Draws::words_below(host.posture.visa_tolerance);
  return plan;
}

// How many of each host's drawn candidates are approved and how many take a visa (the others
// go to front companies, if there is room), summed over the pieces of choose_channels' pass.
struct ChannelCounts {
  struct Drawn {
    std::int64_t approved = 0, visa = 0;
  };
  int hosts = 0;
  std::vector<Drawn> by_host;
  explicit ChannelCounts(int h) : hosts(h), by_host(static_cast<std::size_t>(h)) {}
  void merge(const ChannelCounts& o) {
    for (std::size_t h = 0; h < by_host.size(); ++h) {
      by_host[h].approved += o.by_host[h].approved;
      by_host[h].visa += o.by_host[h].visa;
    }
  }
};

// The candidates' channels for every host: the draws of all hosts' candidates in one parallel
// pass (host after host) in pieces of kCandidatesPerPiece, so that both threads share every
// host's draws (a pass per host, in the engine's chunks of 16,384, left a host's only chunk, or
// its last, to one thread). Counts are integer sums: the same on any split.
std::vector<Candidates> choose_channels(const SimulationState& state,
                                        const std::vector<ChannelPlan>& plans) {
  constexpr std::size_t kCandidatesPerPiece = 2048;
  const ScenarioSpec& spec = *state.spec;
  const std::size_t H = plans.size();
  // Host h's drawn candidates are items ends[h - 1] to ends[h] - 1 of the pass.
  std::vector<std::size_t> ends(H);
  std::size_t items = 0;
  for (std::size_t h = 0; h < H; ++h)
    ends[h] = items += static_cast<std::size_t>(plans[h].drawn());
  const PhiloxX16 philox = best_philox_x16();
  ChannelCounts counts(static_cast<int>(H));
  for_each_range_summed(items, kCandidatesPerPiece, counts,
                        [&](std::size_t b, std::size_t e, ChannelCounts& tally) {
    auto h = static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), b) -
                                      ends.begin());
    for (; b < e; ++h) {
      const ChannelPlan& plan = plans[h];
      const std::size_t first_item = ends[h] - static_cast<std::size_t>(plan.drawn());
      const std::size_t last = std::min(e, ends[h]);
      ChannelCounts::Drawn& n = tally.by_host[h];
      // In integers and without a branch (whether a candidate is approved is a coin toss the
      // branch predictor loses).
      auto count = [&](std::uint32_t word0, std::uint32_t word1) {
        const bool approved = word0 < plan.approved_below;
        n.approved += approved;
        n.visa += !approved & (word1 < plan.visa_below);
      };
      // Candidate j (from 0) of host h is agent (h << 32) | (free + j). A candidate's two draws
      // lie in one block: the blocks of sixteen consecutive candidates at once, read directly
      // (cheaper here than a Draws per candidate), while free + j fits the agent's low word
      // (always, short of four billion candidates a month), then the last few one by one.
      const std::uint64_t low_end = std::uint64_t{1} << 32;
      std::size_t j = b - first_item;
      const std::size_t j_end = last - first_item;
      for (PhiloxLanes drawn[2];
           j + 16 <= j_end && static_cast<std::uint64_t>(plan.free) + j + 16 <= low_end;
           j += 16) {
        const auto low = static_cast<std::uint32_t>(static_cast<std::uint64_t>(plan.free) + j);
        blocks_x16(philox, spec.seed, state.t, Stream::dispatch_channel, {0, 0}, nullptr, nullptr,
                   static_cast<std::uint32_t>(h), drawn, {low, low + 8});
        for (const PhiloxLanes& set : drawn)
          for (int lane = 0; lane < 8; ++lane) count(set.v[0][lane], set.v[1][lane]);
      }
      for (; j < j_end; ++j) {
        const std::uint64_t agent =
            (static_cast<std::uint64_t>(h) << 32) | (static_cast<std::uint64_t>(plan.free) + j);
        Draws d(spec.seed, state.t, Stream::dispatch_channel, agent);
        count(d.word(0), d.word(1));
      }
      b = last;
    }
  });
  std::vector<Candidates> candidates(H);
  for (std::size_t h = 0; h < H; ++h) {
    const ChannelPlan& plan = plans[h];
    const ChannelCounts::Drawn& drawn = counts.by_host[h];
    // The candidates past the free ones neither approved nor given a visa (all of them where no
    // draw can decide anything) go to front companies, if there is room.
    const std::int64_t other = plan.want - plan.free - drawn.approved - drawn.visa;
    Candidates& c = candidates[h];
    c.by_channel[idx(DispatchChannel::work_permit)] = plan.free + drawn.approved;
    c.approvals = drawn.approved;
    c.by_channel[idx(DispatchChannel::non_work_visa)] = drawn.visa;
    c.by_channel[idx(DispatchChannel::front_company)] =
        std::min(std::max<std::int64_t>(plan.front_room, 0), other);
  }
  return candidates;
}

// Front companies take workers up to the usual employer size each (workers_per_employer), less
// the DPRK workers they already hold.
std::int64_t front_room(const SimulationState& state, int h) {
  const HostState& host = state.hosts[h];
  double room = static_cast<double>(host.front_employers.size()) *
                state.spec->hosts[h].employers.workers_per_employer;
  for (std::uint32_t e : host.front_employers) room -= state.employers.size[e];
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(room));
}

void decide_dispatch(SimulationState& state) {
  // With every route out of the DPRK closed or full (the border closure of 2020-2023: 42 months
  // of the historical run), no host gets a seat whatever its demand, so nobody leaves and the
  // candidates' channels need no draws (at 10^7 workers, 3 ms a month).
  if (!state.network.seats_leave_origin(state.arc_remaining, state.arc_open)) return;
  const ScenarioSpec& spec = *state.spec;
  const int H = state.host_count();
  std::vector<std::int64_t> in_flight(H, 0), permits_in_flight(H, 0), front_in_flight(H, 0);
  for (const auto& p : state.pipeline) {
    in_flight[p.host] += p.count;
    if (p.channel == DispatchChannel::work_permit) permits_in_flight[p.host] += p.count;
    if (p.channel == DispatchChannel::front_company) front_in_flight[p.host] += p.count;
  }
  std::vector<ChannelPlan> plans(H);
  for (int h = 0; h < H; ++h) {
    const std::int64_t earning = state.stock_at(h, Status::permitted) +
                                 state.stock_at(h, Status::visa_disguised) +
                                 state.stock_at(h, Status::irregular);
    const std::int64_t gap = state.hosts[h].dispatch_target - earning - in_flight[h];
    const auto cap = static_cast<std::int64_t>(spec.hosts[h].dispatch_max_per_month * spec.population_scale);
    plans[h] = plan_channels(state, h, std::clamp<std::int64_t>(gap, 0, cap),
                             state.stock_at(h, Status::permitted) + permits_in_flight[h],
                             front_room(state, h) - front_in_flight[h]);
  }
  const std::vector<Candidates> candidates = choose_channels(state, plans);
  std::vector<std::int64_t> demand(H, 0);
  for (int h = 0; h < H; ++h) demand[h] = candidates[h].total();
  const Allocation seats = state.network.from_origin(demand, state.arc_remaining, state.arc_open);
  for (std::size_t a = 0; a < seats.used.size(); ++a) state.record.seats_used[a] += seats.used[a];
  const int due = state.t + std::max(0, spec.dprk.dispatch_lag_months);
  for (int h = 0; h < H; ++h) {
    std::int64_t left = seats.seats[h];  // channels are served in order: permits first
    for (int c = 0; c < kDispatchChannelCount; ++c) {
      const std::int64_t n = std::min(left, candidates[h].by_channel[c]);
      left -= n;
      if (n > 0) state.pipeline.push_back({due, h, static_cast<DispatchChannel>(c), n});
      if (c == idx(DispatchChannel::work_permit))
        state.month.count(h, Flow::committee_approvals, std::min(n, candidates[h].approvals));
    }
  }
}
}  // namespace

void dispatch_workers(SimulationState& state) {
  place_arrivals(state);
  decide_dispatch(state);
  if (state.spec->dprk.dispatch_lag_months <= 0) place_arrivals(state);
}

}  // namespace repatsim
