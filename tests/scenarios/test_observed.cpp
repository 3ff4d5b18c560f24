// The scenario's observed figures: read with every key, written back, merged by id under
// extends and --set, and refused with the line and key of each mistake.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::data_file;
using repatsim::testing::errors_of_text;
using repatsim::testing::find_key;
using repatsim::testing::kSmallScenario;
using repatsim::testing::listing;

namespace {
std::string with_observed(const std::string& list) {
  return std::string(kSmallScenario) + "observed:\n" + list;
}
}  // namespace

TEST_CASE("observed figures load with every key, dates kept as written", "[loader][observed]") {
  const auto loaded = load_scenario_text(
      with_observed("  - id: R7\n"
                    "    host: Russia\n"
                    "    date: 2017-12-31\n"
                    "    quantity: workers_permitted\n"
                    "    value: 30023\n"
                    "    low: 28500\n"
                    "    high: 31500\n"
                    "    use: calibrate\n"
                    "    source: \"Russia's midterm report, via KBS/Yonhap (http://x.kr/?a=1&b=2)\"\n"
                    "  - {id: G6r, host: World, date: 2017, quantity: state_revenue_usd_per_year,\n"
                    "     value: 500000000, use: calibrate, source: US estimate}\n"
                    "  - {id: BC1, host: DPRK, date: \"2020-01\", quantity: border_closed, value: ~,\n"
                    "     use: input, source: 'DPRK closes its border'}\n"),
      "observed.yaml");
  const auto& observed = loaded.spec.observed;
  REQUIRE(observed.size() == 3);
  CHECK(observed[0] == ObservedFigure{"R7", "Russia", "2017-12-31", "workers_permitted", 30023, 28500,
                                      31500, "calibrate",
                                      "Russia's midterm report, via KBS/Yonhap (http://x.kr/?a=1&b=2)"});
  CHECK(observed[1] == ObservedFigure{"G6r", "World", "2017", "state_revenue_usd_per_year", 5e8,
                                      std::nullopt, std::nullopt, "calibrate", "US estimate"});
  CHECK(observed[2] == ObservedFigure{"BC1", "DPRK", "2020-01", "border_closed", std::nullopt,
                                      std::nullopt, std::nullopt, "input", "DPRK closes its border"});
  // The resolved text loads to the same figures (the year stays a string, not a number).
  CHECK(load_scenario_text(loaded.resolved_yaml, "resolved").spec == loaded.spec);
}

TEST_CASE("a scenario without observed figures has none", "[loader][observed]") {
  CHECK(load_scenario_text(kSmallScenario, "small").spec.observed.empty());
}

TEST_CASE("bad observed figures are refused with their line and key", "[loader][observed]") {
  const auto diagnostics = errors_of_text(
      with_observed("  - {id: A, host: Russia, date: 2017-12-31, quantity: q, use: calibrate, source: s}\n"
                    "  - {id: A, host: Russia, date: 2017, quantity: q, use: calibrate, source: s}\n"
                    "  - {id: B, host: Russia, date: 17-12, quantity: q, use: calibrate, source: s}\n"
                    "  - {id: C, host: Russia, date: 2017, quantity: q, use: target, source: s}\n"
                    "  - {id: D, host: Russia, date: 2017, quantity: q, use: input, source: s, unit: x}\n"
                    "  - {id: E, host: Russia, date: 2017, quantity: q, use: input, source: s, low: 5, high: 2}\n"
                    "  - {id: F, host: Russia, date: 2017, quantity: q, use: input, source: s, value: 9, high: 2}\n"
                    "  - {id: G, host: Russia, date: 2017, quantity: q, use: input}\n"
                    "  - {host: Russia, date: 2017, quantity: q, use: input, source: s}\n"
                    "  - {id: H, host: Russia, date: 2017, quantity: q, use: input, source: s, value: \"7\"}\n"));
  INFO(listing(diagnostics));
  const int first = 18;  // the line of the first item: kSmallScenario is 16 lines, then `observed:`
  const auto expect = [&](const std::string& key, int line) {
    const Diagnostic* d = find_key(diagnostics, key);
    REQUIRE(d != nullptr);
    CHECK(d->line == line);
    CHECK(d->file == "test.yaml");
  };
  expect("observed[A].id", first + 1);      // duplicate id
  expect("observed[B].date", first + 2);    // not YYYY, YYYY-MM or YYYY-MM-DD
  expect("observed[C].use", first + 3);     // not calibrate or input
  expect("observed[D].unit", first + 4);    // unknown key
  expect("observed[E].high", first + 5);    // high below low
  expect("observed[F].value", first + 6);   // value outside [low, high]
  expect("observed[G].source", first + 7);  // source missing
  expect("observed[8].id", first + 8);      // id missing: the item goes by its index
  expect("observed[H].value", first + 9);   // a quoted number is a string
}

TEST_CASE("extends merges observed figures by id", "[loader][observed][extends]") {
  const ScenarioSpec spec = load_scenario(data_file("extends/observed_child.yaml")).spec;
  REQUIRE(spec.observed.size() == 3);
  CHECK(spec.observed[0].id == "R7");
  CHECK(spec.observed[0].source == "base R7");
  CHECK(spec.observed[1].id == "R8");
  CHECK(spec.observed[1].value == 12000);       // the child's value
  CHECK(spec.observed[1].source == "base R8");  // the rest from the base
  CHECK(spec.observed[2].id == "X1");           // G6 removed, X1 appended
}

TEST_CASE("a --set path selects an observed figure by id", "[loader][observed][overrides]") {
  const ScenarioSpec spec =
      load_scenario(data_file("extends/observed_base.yaml"), {"observed.G6.value=95000"}).spec;
  REQUIRE(spec.observed.size() == 3);
  CHECK(spec.observed[2].value == 95000);
  const auto diagnostics =
      repatsim::testing::errors_of_file(data_file("extends/observed_base.yaml"), {"observed.G7.value=1"});
  REQUIRE(find_key(diagnostics, "observed[G7]") != nullptr);
}
