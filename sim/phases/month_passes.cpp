// The two passes over the worker table that apply the row rules of phases 4-6 and 7-9
// (phases.hpp). Rows are cut into the fixed chunks of sim/parallel.hpp; each chunk keeps its own
// tallies, merged in chunk order, so results do not depend on the thread count.
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <array>
#include <type_traits>

#include "sim/parallel.hpp"
#include "sim/phases/detect.hpp"
#include "sim/phases/order_departures.hpp"
#include "sim/phases/pay.hpp"
#include "sim/phases/phases.hpp"
#include "sim/phases/record_month.hpp"
#include "sim/phases/resolve_expiries.hpp"

namespace repatsim {

std::vector<QueueCounts> settle_workers(SimulationState& state) {
  const int H = state.host_count();
  const std::size_t rows = state.workers.size();
  const ExpiryRule expiry_rule(state);
  const DepartureOrderRule order_rule(state);
  const DetectionRule detection_rule(state);
  const WorkerColumns columns = state.workers.columns();
  std::vector<Ledger> moves(chunk_count(rows), Ledger(H));
  std::vector<QueueCounts> queues(chunk_count(rows), QueueCounts(H));
  // The loop is compiled twice, with and without phase 5, so that the common case of no
  // departure orders costs nothing per row.
  auto pass = [&](auto ordering) {
    for_each_range(rows, kChunkRows, [&](std::size_t begin, std::size_t end) {
      // Local copies, kept in registers: stores to the byte columns may alias anything else.
      const WorkerColumns w = columns;
      const ExpiryRule expiries = expiry_rule;
      const DepartureOrderRule orders = order_rule;
      const DetectionRule detection = detection_rule;
      Ledger& l = moves[begin / kChunkRows];
      QueueCounts& q = queues[begin / kChunkRows];
      for (std::size_t i = begin; i < end; ++i) {
        // The rules of phases 4-6 act only on workers who earn without an exemption; queued
        // workers are only counted, and those at home or exempt queue for nothing.
        const Status s = w.status[i];
        if (idx(s) <= idx(Status::irregular)) {
          expiries.apply(w, i, l);                          // 4
          if constexpr (ordering()) orders.apply(w, i, l);  // 5
          detection.apply(w, i, l);                         // 6
          count_queue(w, i, q);                             // queues for 7
        } else if (queued(s)) {
          count_queue(w, i, q);
        }
      }
    });
  };
  if (order_rule.active()) pass(std::true_type{});
  else pass(std::false_type{});
  Ledger total(H);
  for (const Ledger& l : moves) total.merge(l);
  state.commit(total);
  return queues;
}

namespace {
// The counts of phases 8 and 9 for one chunk, in one flat array [host][field], so that the loop
// reaches all of them through a single pointer (separate vectors cost a register, or a reload,
// each). Turned into the WageBill and the Census after the pass.
struct RowCounts {
  static constexpr int kSector = kStatusCount;            // [kSectorCount] present by sector
  static constexpr int kRemitting = kSector + kSectorCount;  // wages of workers paying the state
  static constexpr int kLoyalty = kRemitting + 1;         // their loyalty payments
  static constexpr int kStranded = kLoyalty + 1;          // stranded workers' wages
  static constexpr int kStrandedLoyalty = kStranded + 1;  // and their loyalty payments
  static constexpr int kExempt = kStrandedLoyalty + 1;    // exempt workers' wages
  static constexpr int kNone = kExempt + 1;  // sink for the wages of workers earning none
  // Fields per host; the first kStatusCount count rows by status.
  static constexpr int kFields = kNone + 1;

  // Where a row's wage and its loyalty payment go, by status (WageBill describes the fields);
  // the static_assert ties the tables to earns().
  static constexpr std::array<std::uint8_t, kStatusCount> kWageField{
      kRemitting, kRemitting, kRemitting, kNone, kStranded, kNone, kExempt, kNone};
  static constexpr std::array<std::uint8_t, kStatusCount> kPaymentField{
      kLoyalty, kLoyalty, kLoyalty, kNone, kStrandedLoyalty, kNone, kNone, kNone};
  static_assert(earns(Status::permitted) && earns(Status::visa_disguised) &&
                earns(Status::irregular) && earns(Status::exempt) &&
                !earns(Status::awaiting_exit) && !earns(Status::detained) &&
                !earns(Status::stranded) && !earns(Status::repatriated));

  std::vector<std::int64_t> counts;
  std::uint32_t returnees = 0;  // rested by next month
  explicit RowCounts(int hosts) : counts(static_cast<std::size_t>(hosts) * kFields) {}

  void add_to(int hosts, WageBill& bill, Census& census) const {
    for (int h = 0; h < hosts; ++h) {
      const std::int64_t* c = counts.data() + static_cast<std::size_t>(h) * kFields;
      for (int s = 0; s < kStatusCount; ++s) census.by_status[h * kStatusCount + s] += c[s];
      for (int k = 0; k < kSectorCount; ++k)
        census.by_sector[h * kSectorCount + k] += c[kSector + k];
      bill.remitting[h] += c[kRemitting];
      bill.loyalty[h] += c[kLoyalty];
      bill.stranded[h] += c[kStranded];
      bill.stranded_loyalty[h] += c[kStrandedLoyalty];
      bill.exempt[h] += c[kExempt];
    }
  }
};
}  // namespace

void move_pay_and_record(SimulationState& state, std::vector<QueueCounts> queues,
                         Recorder& recorder) {
  const int H = state.host_count();
  const std::size_t rows = state.workers.size();
  SeatPlan plan = plan_seats(state, std::move(queues));
  const SeatRule seat_rule(state, plan);
  const std::vector<PayRule> rules = pay_rules(*state.spec);
  std::vector<std::int64_t> loyalty_cents(H);
  for (int h = 0; h < H; ++h) loyalty_cents[h] = rules[h].loyalty_cents;
  EmployerTable& em = state.employers;
  tbb::enumerable_thread_specific<std::vector<std::uint32_t>> sizes(
      std::vector<std::uint32_t>(em.size_count(), 0));
  std::vector<Ledger> chunk_moves(chunk_count(rows), Ledger(H));
  std::vector<RowCounts> chunk_counts(chunk_count(rows), RowCounts(H));
  const WorkerColumns columns = state.workers.columns();
  const int next = state.t + 1, rest = state.spec->dprk.rest_months;
  for_each_range(rows, kChunkRows, [&](std::size_t begin, std::size_t end) {
    const WorkerColumns w = columns;
    const SeatRule seats = seat_rule;
    const std::int64_t* loyalty = loyalty_cents.data();
    std::uint32_t* employer_size = sizes.local().data();
    Ledger& moves = chunk_moves[begin / kChunkRows];
    RowCounts& chunk = chunk_counts[begin / kChunkRows];
    std::int64_t* counts = chunk.counts.data();
    std::uint32_t returnees = 0;
    QueueCounts& rank = plan.ranks[begin / kChunkRows];  // the chunk's next rank in each queue
    // The row's status decides which rules can act, so it is tested once up front: only rows
    // queued or awaiting a transfer go through phase 7, and rows at home are only counted.
    for (std::size_t i = begin; i < end; ++i) {
      Status s = w.status[i];
      if (s != Status::repatriated && (queued(s) | pending_transfer(w, i))) {
        seats.apply(w, i, rank, moves);  // 7 (may send the row home or to another host)
        s = w.status[i];
      }
      const int h = w.host[i];
      std::int64_t* c = counts + h * RowCounts::kFields;
      ++c[idx(s)];  // 9: the census by status, incl. rows at home (by their last host)
      if (s == Status::repatriated) {  // at home (maybe since this month): maybe rested
        returnees += next - w.expiry[i] >= rest ? 1 : 0;
        continue;
      }
      ++c[RowCounts::kSector + idx(w.sector[i])];  // 9: present by sector
      ++employer_size[w.employer[i]];              // 9: the employer's DPRK workforce
      // 8: the wage bill, without a branch: workers earning nothing add to a sink.
      const std::int64_t wage = w.wage_cents[i];
      c[RowCounts::kWageField[idx(s)]] += wage;
      c[RowCounts::kPaymentField[idx(s)]] += std::min(loyalty[h], wage);
    }
    chunk.returnees = returnees;
  });
  Ledger moves(H);
  WageBill bill(H);
  Census census(H);
  state.returnees_by_chunk.clear();
  for (std::size_t c = 0; c < chunk_counts.size(); ++c) {
    moves.merge(chunk_moves[c]);
    chunk_counts[c].add_to(H, bill, census);
    state.returnees_by_chunk.push_back(chunk_counts[c].returnees);
  }
  state.returnees_step = next;
  commit_routes(state, moves);
  std::fill(em.size.begin(), em.size.end(), 0u);
  sizes.combine_each([&](const std::vector<std::uint32_t>& size) {
    for (std::size_t e = 0; e < size.size(); ++e) em.size[e] += size[e];
  });
  pay_workers(state, std::move(bill), rules);
  record_month(state, census, recorder);
}

}  // namespace repatsim
