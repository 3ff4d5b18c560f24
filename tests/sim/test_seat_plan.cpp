// Phase 7's plan (sim/phases/allocate_routes.hpp): the chunks it marks as changing nothing are
// those on whose listed rows SeatRule would change nothing, so phase 7 may pass them over; and
// in months where no queued row changes status without a seat, exactly those.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/build_state.hpp"
#include "sim/calendar.hpp"
#include "sim/parallel.hpp"
#include "sim/phases/allocate_routes.hpp"
#include "sim/phases/phases.hpp"
#include "tests/sim/month_parts.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

namespace {
// What SeatRule can change in a row.
struct Seated {
  Status status;
  std::uint8_t host, flags;
  std::uint32_t employer;
  std::int16_t expiry;
  bool operator==(const Seated&) const = default;
};

Seated seated(const WorkerTable& w, std::size_t i) {
  return {w.status[i], w.host[i], w.flags[i], w.employer[i], w.expiry[i]};
}

// Each chunk's queues as the pass of phases 4-6 counts and lists them, for the table as it is.
std::vector<QueueCounts> count_queues(const SimulationState& state) {
  const int H = state.host_count();
  std::vector<QueueCounts> queues(chunk_count(state.workers.size()), QueueCounts(H));
  std::vector<std::uint8_t> no_path_home(H);
  for (int h = 0; h < H; ++h) no_path_home[h] = state.hosts[h].reaches_origin ? 0 : 1;
  const ConstWorkerColumns w = state.workers.columns();
  for (std::size_t i = 0; i < state.workers.size(); ++i)
    count_queue(w, i, queues[i / kChunkRows], no_path_home.data());
  add_unlisted_queues(state, queues);
  return queues;
}
}  // namespace

TEST_CASE("a chunk whose first rank in a queue is the seats is passed over, one rank less it is not",
          "[routes]") {
  ScenarioSpec spec = test::mixed_scenario();
  spec.population_scale = 20;
  SimulationState state = build_state(spec);
  test::up_to_settle(state);  // the routes of the first month
  REQUIRE(state.hosts[0].reaches_origin);
  WorkerTable& w = state.workers;
  // Nobody queued; then host 0's rows in chunks 0 and 1 are the ones made to queue.
  std::vector<std::uint32_t> first, second;  // host 0's rows in chunk 0, in chunk 1
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (queued(w.status[i])) w.status[i] = Status::permitted;
    w.flags[i] &= static_cast<std::uint8_t>(~worker_flag::transfer_pending);
    if (w.host[i] != 0 || w.status[i] == Status::repatriated) continue;
    if (i < kChunkRows) first.push_back(static_cast<std::uint32_t>(i));
    else if (i < 2 * kChunkRows) second.push_back(static_cast<std::uint32_t>(i));
  }
  REQUIRE_FALSE(second.empty());
  struct Queue {
    Status status;
    bool transfer;  // a pending transfer (irregular, with the flag)
  };
  for (const Queue q : {Queue{Status::awaiting_exit, false}, Queue{Status::detained, false},
                        Queue{Status::irregular, true}}) {
    // The plan with the first n of chunk 0's rows of host 0 and all of chunk 1's in the queue.
    auto plan_with = [&](std::size_t n) {
      SimulationState s = state;
      for (std::size_t k = 0; k < n + second.size(); ++k) {
        const std::uint32_t i = k < n ? first.at(k) : second[k - n];
        s.workers.status[i] = q.status;
        if (q.transfer) s.workers.flags[i] |= worker_flag::transfer_pending;
      }
      return plan_seats(s, count_queues(s));
    };
    // The seats: fewer than chunk 0's rows of host 0 (the queue is longer than the seats).
    const SeatPlan full = plan_with(first.size());
    const std::int64_t seats = q.transfer ? full.transfer_seats[0] : full.home_seats[0];
    INFO("status " << kStatusNames[idx(q.status)] << ", seats " << seats);
    REQUIRE(seats > 0);
    REQUIRE(static_cast<std::size_t>(seats) < first.size());
    CHECK(full.may_change[0]);
    CHECK_FALSE(full.may_change[1]);
    CHECK_FALSE(plan_with(static_cast<std::size_t>(seats)).may_change[1]);
    CHECK(plan_with(static_cast<std::size_t>(seats) - 1).may_change[1]);
  }
}

TEST_CASE("phase 7 passes over only chunks on whose listed rows it would change nothing",
          "[routes]") {
  // Many chunks; the border closes in 2020-01 and reopens in 2020-10, after which the stranded
  // queue for more months than the seats carry them home.
  ScenarioSpec spec = test::mixed_scenario(11);
  spec.population_scale = 20;
  EventSpec reopening;
  reopening.type = EventType::border_reopening;
  reopening.date = make_month(2020, 10);
  spec.events.push_back(reopening);
  SimulationState state = build_state(spec);
  REQUIRE(chunk_count(state.workers.size()) > 4);
  MemoryRecorder recorder;
  std::size_t passed_over = 0, acted_on = 0, rows_passed_over = 0, exact_months = 0;
  for (int m = 0; m < spec.months(); ++m) {
    test::up_to_settle(state);
    std::vector<QueueCounts> queues = settle_workers(state);
    update_beliefs(state);
    // SeatRule on every chunk, on a copy of the state.
    SimulationState copy = state;
    const SeatPlan plan = plan_seats(copy, queues);
    REQUIRE(plan.may_change.size() == plan.ranks.size());
    const SeatRule rule(copy, plan);
    const WorkerColumns w = copy.workers.columns();
    Ledger moves(copy.host_count());
    // Where no queued row can change status without a seat, the plan is exact: a chunk it marks
    // as changing has a row whose rank is within the seats.
    bool exact = true;
    for (std::uint8_t restatus : plan.queued_restatus) exact = exact && restatus == 0;
    exact_months += exact ? 1 : 0;
    for (std::size_t c = 0; c < plan.ranks.size(); ++c) {
      QueueCounts rank = plan.ranks[c];
      bool changed = false;
      for (std::uint32_t i : rank.rows) {
        const Seated before = seated(copy.workers, i);
        rule.apply(w, i, rank, moves);
        changed = changed || !(seated(copy.workers, i) == before);
      }
      INFO(month_label(spec.start + state.t) << " chunk " << c);
      if (!plan.may_change[c]) REQUIRE_FALSE(changed);
      if (exact) REQUIRE(changed == (plan.may_change[c] != 0));
      passed_over += plan.may_change[c] ? 0 : 1;
      rows_passed_over += plan.may_change[c] ? 0 : plan.ranks[c].rows.size();
      acted_on += changed ? 1 : 0;
    }
    move_pay_and_record(state, std::move(queues), recorder);
    ++state.t;
  }
  // Chunks were passed over, with rows listed in them, and others acted on.
  CHECK(passed_over > 0);
  CHECK(rows_passed_over > 1000);
  CHECK(acted_on > 0);
  CHECK(exact_months > 12);
}
