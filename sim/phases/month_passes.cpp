// The row rules of phases 4-6 and 7-9 (phases.hpp): one pass over the worker table for phases
// 4-6, which also lists each chunk's rows waiting for a seat, then phase 7 for those rows only.
// The pass runs the rules only on the rows a vector test of 32 rows at a time passes
// (settle_filter.hpp): the others are rows nothing can happen to this month. Rows whose 2397
// review a draw decides are drawn for many at a time first, and visited only if it orders them
// home (DepartureOrderRule::draw_ahead); so are the renewal draws of rows whose permit ends.
// Phases 8 and 9 read the totals the rows' contents make, kept up to date as rows change
// (sim/row_totals.hpp), instead of reading every row. Rows are cut into the fixed chunks of
// sim/parallel.hpp; each chunk keeps its own queues (phase 7 serves them in row order), and each
// thread its own Ledger of integer sums, added up at the end, so results do not depend on the
// thread count.
#include <algorithm>
#include <array>
#include <bit>
#include <type_traits>

#include <tbb/enumerable_thread_specific.h>

#include "sim/check_totals.hpp"
#include "sim/invariant.hpp"
#include "sim/parallel.hpp"
#include "sim/phases/detect.hpp"
#include "sim/phases/order_departures.hpp"
#include "sim/phases/pay.hpp"
#include "sim/phases/phases.hpp"
#include "sim/phases/record_month.hpp"
#include "sim/phases/resolve_expiries.hpp"
#include "sim/phases/settle_filter.hpp"
#include "sim/rng.hpp"

namespace repatsim {

namespace {
// Row i, abroad, changed status from `from` in phases 4-6 (nothing else of what the totals count
// changes there: no row comes home before phase 7). Out of line: rows change rarely.
[[gnu::noinline]] void restatus(const WorkerColumns& w, std::size_t i, Status from,
                                const std::int64_t* loyalty, Ledger& l) {
  l.totals.restatus(w.host[i], w.wage_cents[i], from, w.status[i], loyalty);
}
}  // namespace

std::vector<QueueCounts> settle_workers(SimulationState& state) {
  const int H = state.host_count();
  const std::size_t rows = state.workers.size();
  const ExpiryRule expiry_rule(state);
  const DepartureOrderRule order_rule(state);
  const DetectionRule detection_rule(state);
  const WorkerColumns columns = state.workers.columns();
  // Rows nothing can happen to are passed over 32 at a time (settle_filter.hpp); the rules run
  // on the others in row order, exactly as on every row.
  const SettleFilter filter = settle_filter(state);
  const RowsToSettle rows_to_settle = state.settle_every_row ? nullptr : best_rows_to_settle();
  Ledger total(H);
  std::vector<QueueCounts> queues(chunk_count(rows), QueueCounts(H));
  for (std::size_t c = 0; c < queues.size() && c < state.spare_queue_rows.size(); ++c) {
    queues[c].rows = std::move(state.spare_queue_rows[c]);
    queues[c].rows.clear();
  }
  const bool ahead = state.fetch_ahead();
  std::vector<std::uint8_t> no_path_home(H);
  for (int h = 0; h < H; ++h) no_path_home[h] = state.hosts[h].reaches_origin ? 0 : 1;
  // Each thread's store for the draws of phase 5, kept from chunk to chunk.
  tbb::enumerable_thread_specific<ListedDraws> listed_reviews(
      [&] { return ListedDraws(state.spec->seed, state.t, Stream::departure_order); });
  // And for the draws of phase 4's renewals.
  tbb::enumerable_thread_specific<ListedDraws> listed_renewals(
      [&] { return ListedDraws(state.spec->seed, state.t, Stream::renewal); });
  // The loop is compiled twice, with and without phase 5, so that the common case of no
  // departure orders costs nothing per row.
  auto pass = [&](auto ordering) {
    auto body = [&](std::size_t begin, std::size_t end, Ledger& l) {
      // Local copies, kept in registers: stores to the byte columns may alias anything else.
      const WorkerColumns w = columns;
      const ExpiryRule expiries = expiry_rule;
      const DepartureOrderRule orders = order_rule;
      const DetectionRule detection = detection_rule;
      const std::int64_t* loyalty = state.loyalty_cents.data();
      const std::uint8_t* no_path = no_path_home.data();
      const EmployerTable& employers = state.employers;
      QueueCounts& q = queues[begin / kChunkRows];
      // Phase 5's draws, computed many rows at a time for the rows the row test says may need
      // one (null: each review computes its own).
      ListedDraws& review_draws = listed_reviews.local();
      ListedDraws* listed = nullptr;
      // Phase 4's draws, computed many rows at a time for the rows whose permit ends.
      ListedDraws& renewal_draws = listed_renewals.local();
      ListedDraws* renewals = nullptr;
      // Always inlined: GCC's choice flips with small changes to the loop below, and a call per
      // visited row costs about 20 instructions (+17 M in a historical run). (The attribute in
      // the [[gnu::...]] form would apply to the lambda's type and be ignored.)
      auto settle = [&](std::size_t i) __attribute__((always_inline)) {
        // The rules of phases 4-6 act only on workers who earn without an exemption; queued
        // workers are only counted, and those at home or exempt queue for nothing.
        const Status s = w.status[i];
        if (idx(s) <= idx(Status::irregular)) {
          expiries.apply(w, i, l, renewals);                        // 4
          if constexpr (ordering()) orders.apply(w, i, l, listed);  // 5
          detection.apply(w, i, l);                                 // 6
          if (w.status[i] != s) restatus(w, i, s, loyalty, l);
          count_queue(w, i, q, no_path);  // queues for 7
        } else if (queued(s)) {
          count_queue(w, i, q, no_path);
        }
      };
      std::size_t i = begin;
      if (rows_to_settle != nullptr) {
        std::array<std::uint32_t, kChunkRows / 32> masks, reviews, expiring;
        const std::size_t blocks = (end - begin) / 32;
        rows_to_settle(filter, begin, blocks, masks.data(), reviews.data(), expiring.data());
        renewal_draws.compute(32 * blocks, [&](std::uint32_t* out) {
          return list_rows(begin, blocks, expiring.data(), out);
        });
        renewals = &renewal_draws;
        if constexpr (ordering()) {
          orders.draw_ahead(w, begin, blocks, reviews.data(), review_draws, masks.data());
          listed = &review_draws;
        }
        // The chunk lists at most the rows it visits: room for them at once, rather than a list
        // grown by doubling in the month after a reopening (6.9 M stranded rows at 10^7 workers
        // queue again; each growth copied the list to fresh pages). The room is kept from month
        // to month (SimulationState::spare_queue_rows).
        q.rows.reserve(end - begin - 32 * blocks + rows_in(masks.data(), blocks));
        for (std::size_t b = 0; b < blocks; ++b, i += 32) {
          // The rules read the wage and employer of some rows the vector test did not read:
          // fetch those columns' cache lines two blocks ahead where the block has rows to settle.
          if (ahead && b + 2 < blocks && masks[b + 2] != 0) {
            const std::size_t r = i + 64;
            __builtin_prefetch(w.wage_cents + r);
            __builtin_prefetch(w.wage_cents + r + 16);
            __builtin_prefetch(w.employer + r);
            __builtin_prefetch(w.employer + r + 16);
          }
          // Rows whose permit ends, a block ahead: unless the permit is renewed (two in five are
          // not, over the historical run), ExpiryRule::resolve asks the employer to choose, and
          // its values would each be a miss (at 10^7 workers, a third of resolve's time before
          // this); the rows' employer column was fetched a block earlier.
          if (ahead && b + 1 < blocks)
            for (std::uint32_t m = expiring[b + 1]; m != 0; m &= m - 1)
              employers.prefetch_choice(
                  w.employer[i + 32 + static_cast<std::size_t>(std::countr_zero(m))]);
          for (std::uint32_t m = masks[b]; m != 0; m &= m - 1)
            settle(i + static_cast<std::size_t>(std::countr_zero(m)));
        }
      }
      for (; i < end; ++i) settle(i);
    };
    for_each_range_summed(rows, kChunkRows, total, body);
  };
  if (order_rule.active())
    pass(std::true_type{});
  else
    pass(std::false_type{});
  state.commit(total);
  add_unlisted_queues(state, queues);
  return queues;
}

namespace {
// Phase 8's wage bill from the running totals: workers who pay the state (earning, not exempt),
// stranded workers (before their earning share) and exempt workers, each with their wages and
// loyalty payments.
WageBill wage_bill(const RowTotals& totals) {
  static_assert(earns(Status::permitted) && earns(Status::visa_disguised) &&
                earns(Status::irregular) && earns(Status::exempt) &&
                !earns(Status::awaiting_exit) && !earns(Status::detained) &&
                !earns(Status::stranded) && !earns(Status::repatriated));
  constexpr int kWages = RowTotals::kWages, kPayments = RowTotals::kPayments;
  WageBill bill(totals.hosts);
  for (int h = 0; h < totals.hosts; ++h) {
    for (Status s : {Status::permitted, Status::visa_disguised, Status::irregular}) {
      bill.remitting[h] += totals.at(h, kWages + idx(s));
      bill.loyalty[h] += totals.at(h, kPayments + idx(s));
    }
    bill.stranded[h] = totals.at(h, kWages + idx(Status::stranded));
    bill.stranded_loyalty[h] = totals.at(h, kPayments + idx(Status::stranded));
    bill.exempt[h] = totals.at(h, kWages + idx(Status::exempt));
  }
  return bill;
}

// Phase 9's census: the running stock by status and the totals by sector.
Census census_of(const SimulationState& state) {
  const int H = state.host_count();
  Census census(H);
  census.by_status = state.stock;
  for (int h = 0; h < H; ++h)
    for (int k = 0; k < kSectorCount; ++k)
      census.by_sector[h * kSectorCount + k] = state.totals.at(h, RowTotals::kSectors + k);
  return census;
}

// At the end of step t: the returnees who have now rested rest_months (those home since step
// t + 1 - rest_months; with no rest, those home since t) join the rested of their chunk.
void returnees_rested(SimulationState& state) {
  const int rest = state.spec->dprk.rest_months;
  const int home_since = state.t + 1 - std::max(rest, 1);
  if (home_since >= 0) {
    const std::size_t slot = static_cast<std::size_t>(home_since) % state.resting_window();
    for (std::size_t c = 0; c < state.resting.size(); ++c) {
      state.returnees_by_chunk[c] += state.resting[c][slot];
      state.resting[c][slot] = 0;
    }
  }
  state.returnees_step = state.t + 1;
}
}  // namespace

void move_pay_and_record(SimulationState& state, std::vector<QueueCounts> queues,
                         Recorder& recorder) {
  const int H = state.host_count();
  SeatPlan plan = plan_seats(state, std::move(queues));
  const SeatRule seat_rule(state, plan);
  const std::size_t chunks = plan.ranks.size();
  Ledger total(H);
  const WorkerColumns columns = state.workers.columns();
  const std::int64_t* loyalty = state.loyalty_cents.data();
  const std::size_t home_slot = static_cast<std::size_t>(state.t) % state.resting_window();
  const bool ahead = state.fetch_ahead();
  // 7: only the rows listed in a queue by the pass of phases 4-6, in row order within a chunk.
  for_each_range_summed(chunks, 1, total, [&](std::size_t c, std::size_t, Ledger& moves) {
    const WorkerColumns w = columns;
    std::int32_t* workforce = state.workforce_change_here();
    const SeatRule seats = seat_rule;
    QueueCounts& rank = plan.ranks[c];  // the chunk's next rank in each queue
    if (!plan.may_change[c]) return;  // every listed row past the seats: nothing to do
    const std::vector<std::uint32_t>& rows = rank.rows;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      // Rows ahead into the cache, and the workforce counts of the employers of rows half as far
      // ahead (their employer column is in the cache by then): a row that goes home changes its
      // employer's count, at a random place in an array of every employer.
      if (ahead && k + kRowsAhead < rows.size()) prefetch_row(w, rows[k + kRowsAhead]);
      if (ahead && k + kRowsAhead / 2 < rows.size())
        __builtin_prefetch(workforce + w.employer[rows[k + kRowsAhead / 2]], 1);
      const std::uint32_t i = rows[k];
      const Status s = w.status[i];
      if (queued(s)) {  // may go home, be stranded or queue again: only its status changes
        seats.apply(w, i, rank, moves);
        const Status now = w.status[i];
        if (now == s) continue;
        if (now != Status::repatriated) {  // stranded, or queueing again: still abroad
          moves.totals.restatus(w.host[i], w.wage_cents[i], s, now, loyalty);
          continue;
        }
        RowKey before = key_of(w, i);
        before.status = s;
        moves.totals.replace(before, key_of(w, i), loyalty, workforce);
        ++state.resting[c][home_slot];
        continue;
      }
      const RowKey before = key_of(w, i);  // a pending transfer: may change host and employer
      seats.apply(w, i, rank, moves);
      const RowKey after = key_of(w, i);
      if (after == before) continue;
      moves.totals.replace(before, after, loyalty, workforce);
    }
  });
  commit_routes(state, total);
  state.spare_queue_rows.resize(chunks);
  for (std::size_t c = 0; c < chunks; ++c)
    state.spare_queue_rows[c] = std::move(plan.ranks[c].rows);
  // 9: the employers' DPRK workforce at the end of the month, and next month's rested returnees.
  // Each thread's changes are added in, in parallel over the employers (integer sums).
  EmployerTable& em = state.employers;
  std::vector<const std::int32_t*> changes;
  for (const std::vector<std::int32_t>& thread : state.workforce_change) {
    check_invariant(thread.size() == em.size_count(), "a workforce change array per employer");
    changes.push_back(thread.data());
  }
  for_each_range(em.size_count(), kChunkRows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t e = begin; e < end; ++e) {
      std::int64_t size = em.size[e];
      for (const std::int32_t* change : changes) size += change[e];
      em.size[e] = static_cast<std::uint32_t>(size);
    }
  });
  state.workforce_change.clear();  // next month's arrays start at 0
  returnees_rested(state);
  if (recount_due(state)) check_totals(state);
  pay_workers(state, wage_bill(state.totals), pay_rules(*state.spec));
  record_month(state, census_of(state), recorder);
}

}  // namespace repatsim
