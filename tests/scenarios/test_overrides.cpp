// `--set key.path=value`: applied after extends, validated like the file, named in messages.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::data_file;
using repatsim::testing::errors_of_text;
using repatsim::testing::find_key;
using repatsim::testing::kSmallScenario;
using repatsim::testing::listing;

TEST_CASE("overrides: --set changes a map key, creating it when absent", "[loader][set]") {
  auto spec = load_scenario_text(kSmallScenario, "small.yaml",
                                 {"seed=42", "hosts.Russia.posture.compliance_pace=0.2",
                                  "hosts.China.contract_months=6", "dprk.state_share=0.9"})
                  .spec;
  CHECK(spec.seed == 42);
  CHECK(spec.hosts[0].posture.compliance_pace == 0.2);
  CHECK(spec.hosts[1].contract_months == 6);
  CHECK(spec.dprk.state_share == 0.9);
}

TEST_CASE("overrides: --set selects items of named lists by name, default names included", "[loader][set]") {
  auto loaded = load_scenario_text(kSmallScenario, "small.yaml",
                                   {"measures.repatriation_deadline.deadline_months=12",
                                    "hosts.Russia.enforcement.fms.capacity=40",
                                    "events.border_closure-2020-01.date=2020-02", "routes.air.seats_per_month=0"});
  const ScenarioSpec& spec = loaded.spec;
  CHECK(spec.measures[0].deadline_months == 12);
  CHECK(spec.hosts[0].enforcement[0].capacity == 40);
  CHECK(spec.events[0].date == make_month(2020, 2));
  CHECK(spec.events[0].name == "border_closure-2020-02");  // the default name follows the date
  CHECK(spec.routes[0].seats_per_month == 0);
  CHECK_THAT(loaded.resolved_yaml, Catch::Contains("deadline_months: 12"));
}

TEST_CASE("overrides: --set values are YAML: flow lists and maps work", "[loader][set]") {
  auto spec = load_scenario_text(kSmallScenario, "small.yaml",
                                 {"hosts.China.wages=[{sector: manufacturing, low: 300, high: 450}]",
                                  "output.snapshots=[2018-01, 2019-06-30]", "output.snapshots.1=2019-07",
                                  "hosts.Russia.posture={visa_tolerance: 0.4}"})
                  .spec;
  CHECK(spec.hosts[1].wages == std::vector<SectorWage>{{Sector::manufacturing, {300, 450}}});
  CHECK(spec.output.snapshots == std::vector<MonthId>{make_month(2018, 1), make_month(2019, 7)});
  // Setting a whole map replaces it: compliance_pace is back at its default.
  CHECK(spec.hosts[0].posture.visa_tolerance == 0.4);
  CHECK(spec.hosts[0].posture.compliance_pace == 0);
}

TEST_CASE("later --set arguments win", "[loader][set]") {
  auto spec = load_scenario_text(kSmallScenario, "small.yaml", {"seed=5", "seed=6"}).spec;
  CHECK(spec.seed == 6);
}

TEST_CASE("overrides: --set applies after extends", "[loader][set][extends]") {
  auto spec = load_scenario(data_file("extends/sub/child.yaml"), {"hosts.Nepal.contract_months=30"}).spec;
  CHECK(spec.hosts[2].name == "Nepal");
  CHECK(spec.hosts[2].contract_months == 30);
  CHECK(spec.measures[0].deadline_months == 12);  // the child's merge is still there
}

TEST_CASE("a type error in --set names the argument and points into it", "[loader][set]") {
  const std::string argument = "hosts.Russia.posture.compliance_pace=fast";
  auto diagnostics = errors_of_text(kSmallScenario, {argument});
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == "--set " + argument);
  CHECK(diagnostics[0].line == 1);
  CHECK(diagnostics[0].column == 38);  // the value's first character
  CHECK(diagnostics[0].key_path == "hosts[Russia].posture.compliance_pace");
  CHECK_THAT(diagnostics[0].message, Catch::Contains("share in [0, 1]"));
}

TEST_CASE("an unknown key in --set is an error with a suggestion", "[loader][set]") {
  auto diagnostics = errors_of_text(kSmallScenario, {"hosts.Russia.posture.visa_tolerence=0.1"});
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == "--set hosts.Russia.posture.visa_tolerence=0.1");
  CHECK(diagnostics[0].key_path == "hosts[Russia].posture.visa_tolerence");
  CHECK_THAT(diagnostics[0].message, Catch::Contains("did you mean 'visa_tolerance'?"));
}

TEST_CASE("overrides: --set names an item that does not exist", "[loader][set]") {
  auto diagnostics = errors_of_text(kSmallScenario, {"hosts.Rusia.contract_months=3"});
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].key_path == "hosts[Rusia]");
  CHECK_THAT(diagnostics[0].message, Catch::Contains("did you mean 'Russia'?"));
  CHECK_THAT(diagnostics[0].message, Catch::Contains("Russia, China"));
}

TEST_CASE("malformed --set arguments are reported, with the file's own problems", "[loader][set]") {
  auto diagnostics = errors_of_text(kSmallScenario, {"seed", "hosts..name=x", "name.first=x", "seed=[1,"});
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 4);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("key.path=value"));
  CHECK_THAT(diagnostics[1].message, Catch::Contains("empty step"));
  CHECK_THAT(diagnostics[2].message, Catch::Contains("has no key 'first'"));
  CHECK_THAT(diagnostics[3].message, Catch::Contains("YAML syntax error"));
  for (const auto& d : diagnostics) CHECK(d.file.rfind("--set ", 0) == 0);
}
