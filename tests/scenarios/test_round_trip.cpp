// resolved_yaml holds every key and loads back to an equal spec.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::data_file;

namespace {
void check_round_trip(const LoadedScenario& first) {
  INFO(first.resolved_yaml);
  LoadedScenario second = load_scenario_text(first.resolved_yaml, "resolved.yaml");
  CHECK(second.spec == first.spec);
  CHECK(second.resolved_yaml == first.resolved_yaml);  // writing is a fixed point
}
}  // namespace

TEST_CASE("load -> resolved_yaml -> load gives an equal spec", "[loader][round_trip]") {
  for (const char* file : {"minimal.yaml", "full.yaml", "extends/sub/child.yaml", "extends/grandchild.yaml"}) {
    CAPTURE(file);
    check_round_trip(load_scenario(data_file(file)));
  }
  check_round_trip(load_scenario_text(repatsim::testing::kSmallScenario, "small.yaml",
                                      {"hosts.Russia.state_share=0.55", "hosts.China.dispatch_target=0"}));
}

TEST_CASE("resolved_yaml writes every key, defaults filled", "[loader][round_trip]") {
  const std::string yaml = load_scenario(data_file("minimal.yaml")).resolved_yaml;
  for (const char* key : {"description:", "population_scale: 1", "tour_months: 36", "state_share: ~",
                          "dispatch_target: ~", "visa_tolerance: 0", "reporting_honesty: 1",
                          "margin_usd: {low: 100, high: 300}", "enforcement: []", "states:", "kind: origin",
                          "routes: []", "measures: []", "events: []", "snapshots: []", "path: \"\""})
    CHECK_THAT(yaml, Catch::Contains(key));
}

TEST_CASE("awkward numbers and strings survive the round trip exactly", "[loader][round_trip]") {
  const std::string yaml = R"(name: "true"
description: "two lines:\nsecond, with 'quotes' and # hash"
seed: 0
start: 2017-01
end: 2017-03
population_scale: 1e-7
hosts:
  - name: "123"
    contract_months: 0.30000000000000004
    loyalty_payment_usd: 1e+21
    minder_share: 2.2250738585072014e-308
    dispatch_max_per_month: 123456789.123456789
  - name: "null"
routes:
  - {from: DPRK, to: "123", seats_per_month: 9223372036854775807}
)";
  LoadedScenario first = load_scenario_text(yaml, "awkward.yaml");
  CHECK(first.spec.name == "true");
  CHECK(first.spec.hosts[0].name == "123");
  CHECK(first.spec.hosts[0].contract_months == 0.1 + 0.2);
  CHECK(first.spec.routes[0].seats_per_month == 9223372036854775807);
  check_round_trip(first);
}
