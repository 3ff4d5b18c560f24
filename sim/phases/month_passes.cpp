// The two passes over the worker table that apply the row rules of phases 4-6 and 7-9
// (phases.hpp). Rows are cut into the fixed chunks of sim/parallel.hpp; each chunk keeps its own
// tallies, merged in chunk order, so results do not depend on the thread count.
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
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
        // No rule of phases 4-6 acts on workers at home or exempt, and they queue for nothing.
        const Status s = w.status[i];
        if (s == Status::repatriated || s == Status::exempt) continue;
        expiries.apply(w, i, l);                       // 4
        if constexpr (ordering()) orders.apply(w, i, l);  // 5
        detection.apply(w, i, l);                      // 6
        count_queue(w, i, q);                          // queues for 7
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

void move_pay_and_record(SimulationState& state, std::vector<QueueCounts> queues,
                         Recorder& recorder) {
  const int H = state.host_count();
  const std::size_t rows = state.workers.size();
  SeatPlan plan = plan_seats(state, std::move(queues));
  const SeatRule seat_rule(state, plan);
  const std::vector<PayRule> rules = pay_rules(*state.spec);
  EmployerTable& em = state.employers;
  tbb::enumerable_thread_specific<std::vector<std::uint32_t>> sizes(
      std::vector<std::uint32_t>(em.size_count(), 0));
  struct Tally {
    Ledger moves;
    WageBill bill;
    Census census;
    std::uint32_t returnees = 0;  // rested by next month
  };
  std::vector<Tally> tallies(chunk_count(rows), Tally{Ledger(H), WageBill(H), Census(H)});
  const WorkerColumns columns = state.workers.columns();
  const int next = state.t + 1, rest = state.spec->dprk.rest_months;
  for_each_range(rows, kChunkRows, [&](std::size_t begin, std::size_t end) {
    const WorkerColumns w = columns;
    const SeatRule seats = seat_rule;
    const PayRule* pay = rules.data();
    std::uint32_t* employer_size = sizes.local().data();
    Tally& tally = tallies[begin / kChunkRows];
    QueueCounts& rank = plan.ranks[begin / kChunkRows];  // the chunk's next rank in each queue
    for (std::size_t i = begin; i < end; ++i) {
      if (w.status[i] == Status::repatriated) {  // at home: counted, and maybe rested
        tally.census.add_at_home(w.host[i]);
        tally.returnees += next - w.expiry[i] >= rest ? 1 : 0;
        continue;
      }
      seats.apply(w, i, rank, tally.moves);        // 7
      tally.bill.add(w, i, pay);                   // 8
      tally.census.add(w, i, employer_size);       // 9
      // (A row repatriated by phase 7 came home this month: rested next month only if
      // rest_months <= 1.)
      if (w.status[i] == Status::repatriated) tally.returnees += next - w.expiry[i] >= rest ? 1 : 0;
    }
  });
  Ledger moves(H);
  WageBill bill(H);
  Census census(H);
  state.returnees_by_chunk.clear();
  for (const Tally& t : tallies) {
    moves.merge(t.moves);
    bill.merge(t.bill);
    census.merge(t.census);
    state.returnees_by_chunk.push_back(t.returnees);
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
