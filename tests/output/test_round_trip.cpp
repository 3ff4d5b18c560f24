// A run file reads back exactly what was written: every label, count, cent and report.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "output/h5.hpp"
#include "output/run_file.hpp"
#include "output/schema.hpp"
#include "sim/version.hpp"
#include "tests/output/synthetic_run.hpp"
#include "tests/output/temp_dir.hpp"

using namespace repatsim;
using repatsim::testing::make_synthetic_metadata;
using repatsim::testing::make_synthetic_run;
using repatsim::testing::SyntheticShape;
using repatsim::testing::TempDir;

namespace {

// Field by field, written out rather than walked through schema::kMonthFields, so a field the
// schema forgot fails here.
void check_same(const RunRecords& back, const RunRecords& run) {
  CHECK(back.layout.scenario_name == run.layout.scenario_name);
  CHECK(back.layout.seed == run.layout.seed);
  CHECK(back.layout.start == run.layout.start);
  CHECK(back.layout.months == run.layout.months);
  CHECK(back.layout.hosts == run.layout.hosts);
  CHECK(back.layout.routes == run.layout.routes);
  CHECK(back.layout.route_from == run.layout.route_from);
  CHECK(back.layout.route_to == run.layout.route_to);
  CHECK(back.layout.route_capacity == run.layout.route_capacity);
  REQUIRE(back.months.size() == run.months.size());
  for (std::size_t t = 0; t < run.months.size(); ++t) {
    INFO("month record " << t);
    const MonthRecord& a = back.months[t];
    const MonthRecord& b = run.months[t];
    CHECK(a.month == b.month);
    CHECK(a.stock_true == b.stock_true);
    CHECK(a.stock_reported == b.stock_reported);
    CHECK(a.stock_by_sector == b.stock_by_sector);
    CHECK(a.status_in == b.status_in);
    CHECK(a.status_out == b.status_out);
    CHECK(a.flows == b.flows);
    CHECK(a.gross_wages_cents == b.gross_wages_cents);
    CHECK(a.worker_share_cents == b.worker_share_cents);
    CHECK(a.state_share_cents == b.state_share_cents);
    CHECK(a.state_revenue_cents == b.state_revenue_cents);
    CHECK(a.informal_held_cents == b.informal_held_cents);
    CHECK(a.inspections == b.inspections);
    CHECK(a.fines_cents == b.fines_cents);
    CHECK(a.seats_offered == b.seats_offered);
    CHECK(a.seats_used == b.seats_used);
    REQUIRE(a.reports.size() == b.reports.size());
    for (std::size_t i = 0; i < b.reports.size(); ++i) {
      CHECK(a.reports[i].host == b.reports[i].host);
      CHECK(a.reports[i].kind == b.reports[i].kind);
      CHECK(a.reports[i].month == b.reports[i].month);
      CHECK(a.reports[i].reported_stock == b.reports[i].reported_stock);
      CHECK(a.reports[i].true_stock == b.reports[i].true_stock);
      CHECK(a.reports[i].reported_repatriated == b.reports[i].reported_repatriated);
      CHECK(a.reports[i].true_repatriated == b.reports[i].true_repatriated);
    }
  }
}

void check_same(const RunMetadata& back, const RunMetadata& meta) {
  CHECK(back.scenario_yaml == meta.scenario_yaml);
  CHECK(back.scenario_source == meta.scenario_source);
  CHECK(back.threads == meta.threads);
  CHECK(back.wall_time_s == meta.wall_time_s);
  CHECK(back.command_line == meta.command_line);
  CHECK(back.observed == meta.observed);
}

std::size_t report_count(const RunRecords& run) {
  std::size_t n = 0;
  for (const auto& m : run.months) n += m.reports.size();
  return n;
}

}  // namespace

TEST_CASE("a run file reads back every field exactly", "[output][round_trip]") {
  TempDir dir;
  RunRecords run = make_synthetic_run({.hosts = 3, .routes = 2, .months = 5});
  // Money at the edges of what matters: one cent, odd cents, USD 100 billion and a cent, and a
  // negative balance (a correction), all of which float64 USD must carry back to the cent.
  run.months[0].gross_wages_cents[0] = 1;
  run.months[1].gross_wages_cents[1] = 10'000'000'000'001;
  run.months[2].state_revenue_cents[3] = 9'999'999'999'999;
  run.months[3].informal_held_cents[2] = -12'345;
  run.months[4].fines_cents[0] = 0;
  RunMetadata meta = make_synthetic_metadata();
  // A scenario text longer than the 64 KiB an HDF5 object header holds in one message.
  for (int i = 0; meta.scenario_yaml.size() < 300'000; ++i)
    meta.scenario_yaml += "# line " + std::to_string(i) + ": Ünïcode ✓\n";
  REQUIRE(report_count(run) == 6);

  const auto file = dir / "run.h5";
  write_run_file(file, run, meta, false);
  REQUIRE(std::filesystem::exists(file));
  CHECK(repatsim::testing::temporaries_in(dir.path()) == 0);

  const RunFile back = read_run_file(file);
  CHECK(back.schema_version == schema::kVersion);
  CHECK(back.repatsim_version == kVersion);
  CHECK(back.git_commit == kGitCommit);
  CHECK(back.created.size() == 20);  // YYYY-MM-DDTHH:MM:SSZ
  CHECK(back.created.back() == 'Z');
  check_same(back.run, run);
  check_same(back.meta, meta);
  CHECK(back.run == run);
}

TEST_CASE("a run without reports has an empty report dimension", "[output][round_trip]") {
  TempDir dir;
  const RunRecords run =
      make_synthetic_run({.hosts = 2, .routes = 1, .months = 4, .with_reports = false});
  REQUIRE(report_count(run) == 0);
  write_run_file(dir / "run.h5", run, make_synthetic_metadata(), false);
  const RunFile back = read_run_file(dir / "run.h5");
  check_same(back.run, run);
  CHECK(report_count(back.run) == 0);
}

TEST_CASE("a run of zero months and no routes round-trips", "[output][round_trip]") {
  TempDir dir;
  const RunRecords run = make_synthetic_run({.hosts = 2, .routes = 0, .months = 0});
  write_run_file(dir / "run.h5", run, make_synthetic_metadata(), false);
  const RunFile back = read_run_file(dir / "run.h5");
  check_same(back.run, run);
  CHECK(back.run.months.empty());
}

TEST_CASE("float64 USD carries integer cents back exactly", "[output][money]") {
  // The schema stores cents / 100 as float64 and the reader takes llround(usd * 100): exact as
  // long as |cents| stays below about 2^51. Checked on every value near the edges and on a
  // million random values up to 1e13 cents (USD 100 billion).
  const auto round_trips = [](std::int64_t cents) {
    return std::llround(static_cast<double>(cents) / 100.0 * 100.0) == cents;
  };
  std::int64_t failures = 0;
  for (std::int64_t c = -100'000; c <= 100'000; ++c) failures += !round_trips(c);
  for (std::int64_t c = 10'000'000'000'000 - 100'000; c <= 10'000'000'000'000 + 100'000; ++c)
    failures += !round_trips(c);
  for (std::int64_t c = schema::kMaxExactCents - 100'000; c <= schema::kMaxExactCents; ++c)
    failures += !round_trips(c) + !round_trips(-c);
  std::mt19937_64 random(2397);
  std::uniform_int_distribution<std::int64_t> cents(0, 10'000'000'000'000);
  for (int i = 0; i < 1'000'000; ++i) failures += !round_trips(cents(random));
  CHECK(failures == 0);
}

TEST_CASE("values stored in another type convert exactly through the small transfer buffer",
          "[output][h5]") {
  // h5::transfer_properties() gives HDF5 a 64 KiB conversion buffer; a dataset of 100,000
  // int32 values (400 KB) read as int64 (800 KB) is converted in several pieces.
  TempDir dir;
  const std::string path = (dir.path() / "convert.h5").string();
  std::vector<std::int32_t> values(100'000);
  std::mt19937 random(2371);
  for (std::int32_t& v : values) v = static_cast<std::int32_t>(random());
  {
    h5::Handle file = h5::checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                                  H5Fclose, "creating the test file");
    h5::write_int32(file.get(), "values", {values.size()}, values).close("values");
    file.close("the test file");
  }
  h5::Handle file = h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                                "opening the test file");
  const std::vector<std::int64_t> wide = h5::read_int64(file.get(), "values", {values.size()});
  REQUIRE(wide.size() == values.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < values.size(); ++i) differ += wide[i] != values[i];
  CHECK(differ == 0);
}
