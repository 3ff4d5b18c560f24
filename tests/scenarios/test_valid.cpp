// Valid scenarios load, and every key reaches its field of the spec.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::data_file;

TEST_CASE("a minimal scenario loads with the documented defaults", "[loader][valid]") {
  auto loaded = load_scenario(data_file("minimal.yaml"));
  const ScenarioSpec& spec = loaded.spec;
  CHECK(loaded.source == data_file("minimal.yaml"));
  CHECK(spec.name == "minimal");
  CHECK(spec.seed == 1);
  CHECK(spec.start == make_month(2017, 1));
  CHECK(spec.end == make_month(2017, 12));
  CHECK(spec.months() == 12);  // end is inclusive
  CHECK(spec.population_scale == 1);
  CHECK(spec.dprk == DprkSpec{});
  REQUIRE(spec.hosts.size() == 1);
  HostSpec expected_host;
  expected_host.name = "Mongolia";
  CHECK(spec.hosts[0] == expected_host);
  // The origin and the host are added to the states: the spec lists every vertex.
  REQUIRE(spec.states.size() == 2);
  CHECK(spec.states[0] == StateSpec{"DPRK", StateKind::origin});
  CHECK(spec.states[1] == StateSpec{"Mongolia", StateKind::host});
  CHECK(spec.routes.empty());
  CHECK(spec.measures.empty());
  CHECK(spec.events.empty());
  CHECK(spec.output == OutputSpec{});
}

TEST_CASE("a full scenario sets every field", "[loader][valid]") {
  const ScenarioSpec spec = load_scenario(data_file("full.yaml")).spec;
  CHECK(spec.name == "full");
  CHECK(spec.description == "every key, none at its default");
  CHECK(spec.seed == 18446744073709551615ull);
  CHECK(spec.start == make_month(2016, 1));
  CHECK(spec.end == make_month(2025, 12));
  CHECK(spec.population_scale == 0.25);
  CHECK(spec.dprk == DprkSpec{30, 0.8, 2, 4});

  REQUIRE(spec.hosts.size() == 2);
  const HostSpec& russia = spec.hosts[0];
  CHECK(russia.name == "Russia");
  CHECK(russia.initial_stock == std::vector<StockEntry>{{Sector::construction, Status::permitted, 30023},
                                                        {Sector::logging, Status::visa_disguised, 1200}});
  CHECK(russia.wages ==
        std::vector<SectorWage>{{Sector::construction, {500, 1000}}, {Sector::it, {3000, 5000.5}}});
  CHECK(russia.state_share == 0.9);
  CHECK(russia.loyalty_payment_usd == 760);
  CHECK(russia.formal_remittance_share == 0.6);
  CHECK(russia.contract_months == 18);
  CHECK(russia.minder_share == 0.02);
  CHECK(russia.host_national_share == 0.001);
  CHECK(russia.barred_by_law_share == 0.003);
  CHECK(russia.dispatch_target == 35000);
  CHECK(russia.dispatch_max_per_month == 900);
  CHECK(russia.stranded_earning_share == 0.4);
  CHECK(russia.posture == Posture{0.05, true, false, true, 0.3, 0.7});
  const EmployerSpec& employers = russia.employers;
  CHECK(employers.workers_per_employer == 40);
  CHECK(employers.margin_usd == Range{150, 350});
  CHECK(employers.risk_appetite == Range{0.2, 0.9});
  CHECK(employers.initial_belief == 0.02);
  CHECK(employers.front_company_share == 0.1);
  CHECK(employers.expected_months == 9);
  CHECK(employers.visa_switch_cost_usd == 120);
  CHECK(employers.transfer_cost_usd == 400);
  CHECK(employers.transfer_margin_share == 0.35);
  CHECK(employers.listed == std::vector<ListedEmployer>{{Sector::construction, 800, 210, 0.8, true}});
  REQUIRE(russia.enforcement.size() == 1);
  CHECK(russia.enforcement[0] ==
        EnforcementBodySpec{"migration_service", 120, 0.6, 0.5, 0.25, 10000, Targeting::by_size, 0.15});
  CHECK(spec.hosts[1].name == "China");
  CHECK_FALSE(spec.hosts[1].state_share.has_value());

  // Listed states first (China's kind inferred), then the implied origin and the other host.
  CHECK(spec.states == std::vector<StateSpec>{{"China", StateKind::host},
                                              {"Beijing-hub", StateKind::transit},
                                              {"DPRK", StateKind::origin},
                                              {"Russia", StateKind::host}});

  REQUIRE(spec.routes.size() == 2);
  CHECK(spec.routes[0] == RouteSpec{"air-koryo-vvo", "DPRK", "Russia", 1200, 2,
                                    {Period{make_month(2020, 1), make_month(2023, 8)}}});
  CHECK(spec.routes[1] == RouteSpec{"DPRK-Beijing-hub", "DPRK", "Beijing-hub", 5000, 1, {}});  // default name

  REQUIRE(spec.measures.size() == 3);
  MeasureSpec cap{"authorization_cap", MeasureType::authorization_cap, make_month(2017, 8), {}, 0.1};
  CHECK(spec.measures[0] == cap);
  MeasureSpec ban{"ban-2375", MeasureType::new_authorization_ban, make_month(2017, 9), {"Russia"}, 0.05, true};
  CHECK(spec.measures[1] == ban);
  MeasureSpec deadline{"repatriation_deadline", MeasureType::repatriation_deadline, make_month(2017, 12), {}, 0,
                       false, 12, 9, 15};
  CHECK(spec.measures[2] == deadline);

  REQUIRE(spec.events.size() == 10);
  const auto& e = spec.events;
  CHECK(e[0].name == "border_closure-2020-01");  // a day-dated event takes effect in its month
  CHECK(e[0].type == EventType::border_closure);
  CHECK(e[0].date == make_month(2020, 1));
  CHECK(e[1].name == "reopen");
  CHECK(e[1].type == EventType::border_reopening);
  CHECK(e[2].name == "route_closure-2019-03-DPRK-Beijing-hub");
  CHECK(e[2].route == "DPRK-Beijing-hub");
  CHECK(e[3].type == EventType::route_opening);
  CHECK(e[3].route == "air-koryo-vvo");
  CHECK(e[4].name == "posture_change-2018-02-Russia");
  CHECK(e[4].host == "Russia");
  PostureChange change;
  change.compliance_pace = 0.1;
  change.refuses_renewals = true;
  change.visa_tolerance = 0.5;
  change.contract_months = 12;
  CHECK(e[4].posture == change);
  CHECK(e[5].type == EventType::crackdown);
  CHECK(e[5].months == 3);
  CHECK(e[5].capacity_multiplier == 2.5);
  CHECK(e[5].detection_probability == 0.9);
  CHECK(e[6].host == "China");
  CHECK(e[6].cost_per_worker_usd == 250);
  CHECK(e[7].host.empty());  // secondary sanctions on every host
  CHECK(e[7].name == "secondary_sanctions-2022-01");
  CHECK(e[8].type == EventType::monitoring_end);
  CHECK(e[8].date == make_month(2024, 4));
  CHECK(e[8].pressure_factor == 0.6);
  CHECK(e[9].type == EventType::dispatch_change);
  CHECK(e[9].dispatch_target == 60000);

  CHECK(spec.output.path == "output/full.h5");
  CHECK(spec.output.snapshots == std::vector<MonthId>{make_month(2018, 1), make_month(2020, 1)});
}

TEST_CASE("a listed DPRK keeps its place and kind", "[loader][valid]") {
  auto spec = load_scenario_text(R"(name: s
seed: 0
start: 2017-01
end: 2017-01
hosts: [{name: Qatar}]
states: [{name: DPRK}, {name: Doha-transit}]
)",
                                 "inline")
                  .spec;
  CHECK(spec.states == std::vector<StateSpec>{{"DPRK", StateKind::origin},
                                              {"Doha-transit", StateKind::transit},
                                              {"Qatar", StateKind::host}});
  CHECK(spec.months() == 1);
}
