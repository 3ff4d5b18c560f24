// Per-agent snapshots and observed figures read back exactly; bad snapshots are refused before
// anything is written; the size estimate counts the snapshots.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "output/run_file.hpp"
#include "sim/workers.hpp"
#include "tests/output/synthetic_run.hpp"
#include "tests/output/temp_dir.hpp"

using namespace repatsim;
using repatsim::testing::make_synthetic_metadata;
using repatsim::testing::make_synthetic_run;
using repatsim::testing::TempDir;

namespace {

// `n` workers with every status and sector, the edges of each column's type, and hosts of the
// layout's range.
WorkerSnapshot make_snapshot(MonthId month, std::size_t n, std::size_t hosts) {
  WorkerSnapshot s;
  s.month = month;
  for (std::size_t i = 0; i < n; ++i) {
    s.id.push_back(static_cast<std::uint32_t>(3 * i + 1));
    s.status.push_back(static_cast<Status>(i % kStatusCount));
    s.host.push_back(static_cast<std::uint8_t>(i % hosts));
    s.sector.push_back(static_cast<Sector>(i % kSectorCount));
    s.flags.push_back(static_cast<std::uint8_t>(i % 16));
    s.expiry.push_back(i % 3 == 0 ? kNoExpiry : static_cast<std::int16_t>(i % 200));
    s.arrived.push_back(i % 5 == 0 ? std::numeric_limits<std::int16_t>::min()
                                   : static_cast<std::int16_t>(-static_cast<int>(i % 40)));
    s.wage_cents.push_back(i % 7 == 0 ? std::numeric_limits<std::uint32_t>::max()
                                      : static_cast<std::uint32_t>(50'000 + i));
    s.employer.push_back(static_cast<std::uint32_t>(i / 20));
  }
  return s;
}

std::vector<ObservedFigure> make_observed() {
  ObservedFigure full{"R7",  "Russia", "2017-12-31", "workers_permitted", 30023, 28500, 31500,
                      "calibrate", "Russia's midterm report (http://example.org/?a=1&b=2)"};
  ObservedFigure bare{"BC1", "DPRK", "2020-01-22", "border_closed", std::nullopt, std::nullopt,
                      std::nullopt, "input", "DPRK closes its border (COVID-19) — Ünïcode ✓"};
  ObservedFigure share{"W1", "World", "2017", "state_share_of_wage", 0.7, 0.5, std::nullopt,
                       "input", "US advisory 2018 (~70%); 'up to 90%'"};
  return {full, bare, share};
}

}  // namespace

TEST_CASE("snapshots and observed figures read back exactly", "[output][round_trip][snapshots]") {
  TempDir dir;
  RunRecords run = make_synthetic_run({.hosts = 3, .routes = 2, .months = 5});
  // An empty snapshot (nobody abroad), a small one and one large enough to be chunked.
  run.snapshots = {make_snapshot(run.layout.start, 0, 3), make_snapshot(run.layout.start + 2, 17, 3),
                   make_snapshot(run.layout.start + 4, 5000, 3)};
  RunMetadata meta = make_synthetic_metadata();
  meta.observed = make_observed();

  write_run_file(dir / "run.h5", run, meta, false);
  const RunFile back = read_run_file(dir / "run.h5");
  REQUIRE(back.run.snapshots.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("snapshot " << i);
    const WorkerSnapshot& a = back.run.snapshots[i];
    const WorkerSnapshot& b = run.snapshots[i];
    CHECK(a.month == b.month);
    CHECK(a.id == b.id);
    CHECK(a.status == b.status);
    CHECK(a.host == b.host);
    CHECK(a.sector == b.sector);
    CHECK(a.flags == b.flags);
    CHECK(a.expiry == b.expiry);
    CHECK(a.arrived == b.arrived);
    CHECK(a.wage_cents == b.wage_cents);
    CHECK(a.employer == b.employer);
  }
  CHECK(back.run == run);
  REQUIRE(back.meta.observed.size() == 3);
  CHECK(back.meta.observed == meta.observed);
  CHECK_FALSE(back.meta.observed[1].value.has_value());
  CHECK_FALSE(back.meta.observed[2].high.has_value());

  const std::string text = describe_run_file(dir / "run.h5");
  CHECK(text.find("observation 3") != std::string::npos);
  CHECK(text.find("5,000 agents") != std::string::npos);
}

TEST_CASE("a run without snapshots or observed figures has none", "[output][round_trip][snapshots]") {
  TempDir dir;
  const RunRecords run = make_synthetic_run({.hosts = 2, .routes = 1, .months = 3});
  write_run_file(dir / "run.h5", run, make_synthetic_metadata(), false);
  const RunFile back = read_run_file(dir / "run.h5");
  CHECK(back.run.snapshots.empty());
  CHECK(back.meta.observed.empty());
  CHECK(back.run == run);
}

TEST_CASE("snapshots that disagree with the run are refused before anything is written",
          "[output][failure][snapshots]") {
  TempDir dir;
  const RunRecords good = make_synthetic_run({.hosts = 2, .routes = 1, .months = 4});
  const auto refused = [&](RunRecords run, const std::string& why) {
    INFO(why);
    CHECK_THROWS_AS(write_run_file(dir / "run.h5", run, make_synthetic_metadata(), false),
                    OutputError);
    CHECK_FALSE(std::filesystem::exists(dir / "run.h5"));
    CHECK(repatsim::testing::temporaries_in(dir.path()) == 0);
  };
  RunRecords outside = good;
  outside.snapshots = {make_snapshot(good.layout.start + 4, 3, 2)};
  refused(outside, "a month after the run");
  RunRecords twice = good;
  twice.snapshots = {make_snapshot(good.layout.start + 1, 3, 2),
                     make_snapshot(good.layout.start + 1, 3, 2)};
  refused(twice, "the same month twice");
  RunRecords ragged = good;
  ragged.snapshots = {make_snapshot(good.layout.start, 3, 2)};
  ragged.snapshots[0].wage_cents.pop_back();
  refused(ragged, "a column shorter than the ids");
  RunRecords bad_host = good;
  bad_host.snapshots = {make_snapshot(good.layout.start, 3, 3)};
  refused(bad_host, "a host index beyond the layout's hosts");
}

TEST_CASE("the size estimate counts snapshot rows", "[output][describe][snapshots]") {
  TempDir dir;
  RunRecords run = make_synthetic_run({.hosts = 3, .routes = 2, .months = 12});
  run.snapshots = {make_snapshot(run.layout.start + 1, 40'000, 3),
                   make_snapshot(run.layout.start + 11, 40'000, 3)};
  write_run_file(dir / "run.h5", run, make_synthetic_metadata(), false);
  const std::uint64_t without = estimate_run_file_bytes(run.layout);
  const std::uint64_t with = estimate_run_file_bytes(run.layout, 80'000);
  CHECK(with - without == 80'000u * (bytes_per_worker() + 4u));
  CHECK(with >= std::filesystem::file_size(dir / "run.h5"));
}
