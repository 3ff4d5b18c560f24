// Per-agent snapshots: taken at the end of the months the scenario names, of every worker
// abroad, and in agreement with that month's census.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

TEST_CASE("a snapshot's status counts equal that month's stock_true", "[snapshots]") {
  ScenarioSpec spec = test::mixed_scenario();
  // Unsorted and repeated on purpose: one snapshot per named month, in month order. 2020-06 is
  // during the border closure, when many are stranded.
  spec.output.snapshots = {make_month(2020, 6), spec.start, make_month(2018, 12), spec.end,
                           make_month(2018, 12)};
  const RunRecords run = test::run(spec);
  REQUIRE(run.snapshots.size() == 4);
  CHECK(run.snapshots[0].month == spec.start);
  CHECK(run.snapshots[1].month == make_month(2018, 12));
  CHECK(run.snapshots[2].month == make_month(2020, 6));
  CHECK(run.snapshots[3].month == spec.end);

  const auto H = static_cast<int>(spec.hosts.size());
  for (const WorkerSnapshot& s : run.snapshots) {
    INFO("snapshot " << month_label(s.month));
    const auto record = std::find_if(run.months.begin(), run.months.end(),
                                     [&](const MonthRecord& m) { return m.month == s.month; });
    REQUIRE(record != run.months.end());
    const std::size_t n = s.size();
    REQUIRE(n > 0);
    CHECK(s.status.size() == n);
    CHECK(s.host.size() == n);
    CHECK(s.sector.size() == n);
    CHECK(s.flags.size() == n);
    CHECK(s.expiry.size() == n);
    CHECK(s.arrived.size() == n);
    CHECK(s.wage_cents.size() == n);
    CHECK(s.employer.size() == n);
    CHECK(std::is_sorted(s.id.begin(), s.id.end()));
    CHECK(std::adjacent_find(s.id.begin(), s.id.end()) == s.id.end());

    std::vector<std::int64_t> counted(static_cast<std::size_t>(H * kStatusCount), 0);
    std::vector<std::int64_t> by_sector(static_cast<std::size_t>(H * kSectorCount), 0);
    for (std::size_t i = 0; i < n; ++i) {
      REQUIRE(s.status[i] != Status::repatriated);
      REQUIRE(s.host[i] < H);
      ++counted[static_cast<std::size_t>(s.host[i] * kStatusCount + idx(s.status[i]))];
      ++by_sector[static_cast<std::size_t>(s.host[i] * kSectorCount + idx(s.sector[i]))];
    }
    for (int h = 0; h < H; ++h)
      for (int st = 0; st < kStatusCount; ++st) {
        INFO("host " << spec.hosts[static_cast<std::size_t>(h)].name << " status "
                     << kStatusNames[static_cast<std::size_t>(st)]);
        const auto cell = static_cast<std::size_t>(h * kStatusCount + st);
        const std::int64_t expected =
            st == idx(Status::repatriated) ? 0 : record->stock_true[cell];
        CHECK(counted[cell] == expected);
      }
    CHECK(by_sector == record->stock_by_sector);
  }
}

TEST_CASE("no snapshots unless the scenario asks for them", "[snapshots]") {
  const ScenarioSpec spec = test::mixed_scenario();
  REQUIRE(spec.output.snapshots.empty());
  CHECK(test::run(spec).snapshots.empty());
}
