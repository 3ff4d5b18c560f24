// Nobody is created or lost outside recorded arrivals and departures, and money adds up, in every
// month, for every host and status.
#include <catch2/catch.hpp>

#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;
using test::at;

TEST_CASE("stock-flow identity holds every month for every host and status", "[identity]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  const int H = static_cast<int>(spec.hosts.size());
  // The stock before the first month: the initial population.
  std::vector<std::int64_t> previous(H * kStatusCount, 0);
  for (int h = 0; h < H; ++h)
    for (const auto& e : spec.hosts[h].initial_stock) previous[h * kStatusCount + idx(e.status)] += e.count;

  std::int64_t arrivals = 0, transfers_out = 0, transfers_in = 0;
  for (const MonthRecord& m : run.months) {
    for (int i = 0; i < H * kStatusCount; ++i) {
      INFO(month_label(m.month) << " host " << spec.hosts[i / kStatusCount].name << " status "
                                << kStatusNames[i % kStatusCount]);
      REQUIRE(m.stock_true[i] == previous[i] + m.status_in[i] - m.status_out[i]);
    }
    previous = m.stock_true;
    for (int h = 0; h < H; ++h) {
      transfers_out += test::flow(m, h, Flow::transfers_out);
      transfers_in += test::flow(m, h, Flow::transfers_in);
      arrivals += test::flow(m, h, Flow::arrivals_work_permit) + test::flow(m, h, Flow::arrivals_non_work_visa) +
                  test::flow(m, h, Flow::arrivals_front_company);
    }
  }
  CHECK(transfers_in == transfers_out);
  CHECK(arrivals > 0);
}

TEST_CASE("every move between statuses is in the flows", "[identity]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  for (const MonthRecord& m : run.months)
    for (int h = 0; h < static_cast<int>(spec.hosts.size()); ++h) {
      INFO(month_label(m.month) << " host " << h);
      const auto in = [&](Status s) { return at(m.status_in, h, kStatusCount, idx(s)); };
      // Everyone who reached the DPRK this month is a recorded repatriation.
      CHECK(in(Status::repatriated) == test::flow(m, h, Flow::repatriations));
      // Everyone detained was detected.
      CHECK(in(Status::detained) == test::flow(m, h, Flow::detections));
      CHECK(in(Status::exempt) == test::flow(m, h, Flow::exemptions_granted));
      CHECK(test::flow(m, h, Flow::deportations) <= test::flow(m, h, Flow::repatriations));
      CHECK(test::flow(m, h, Flow::renewals) <= test::flow(m, h, Flow::permit_expiries));
    }
}

TEST_CASE("money identities hold to the cent", "[identity][money]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  const int H = static_cast<int>(spec.hosts.size());
  std::vector<std::int64_t> held(H, 0);
  std::int64_t revenue = 0;
  for (const MonthRecord& m : run.months)
    for (int h = 0; h < H; ++h) {
      INFO(month_label(m.month) << " host " << spec.hosts[h].name);
      CHECK(m.gross_wages_cents[h] == m.state_share_cents[h] + m.worker_share_cents[h]);
      // What the state earned either reached it this month or waits as bulk cash.
      const std::int64_t formal = at(m.state_revenue_cents, h, kRemittanceChannelCount, 0);
      const std::int64_t informal = at(m.state_revenue_cents, h, kRemittanceChannelCount, 1);
      CHECK(held[h] + m.state_share_cents[h] == formal + informal + m.informal_held_cents[h]);
      held[h] = m.informal_held_cents[h];
      revenue += formal + informal;
    }
  CHECK(revenue > 0);
}

TEST_CASE("bulk cash accumulates while the border is closed", "[money]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  const MonthRecord& closed = run.months.back();  // 2021-06: border closed since 2020-01
  for (int h = 0; h < 3; ++h) CHECK(at(closed.state_revenue_cents, h, kRemittanceChannelCount, 1) == 0);
  // Gamma sends 60 % of the state's take as bulk cash; it piles up.
  CHECK(closed.informal_held_cents[2] > run.months[run.months.size() - 2].informal_held_cents[2]);
  const MonthRecord& open = run.months[30];  // 2019-07: routes open, nothing held
  CHECK(open.informal_held_cents[2] == 0);
  CHECK(at(open.state_revenue_cents, 2, kRemittanceChannelCount, 1) > 0);
}
