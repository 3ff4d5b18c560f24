// One pass reports every problem of a file, in file order, each with its position and key path.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::errors_of_text;
using repatsim::testing::find_key;
using repatsim::testing::listing;

TEST_CASE("every problem in a file is reported, not only the first", "[loader][errors]") {
  const std::string yaml = R"(name: several
seed: -3
start: 2017-01
end: 2019-12
hosts:
  - name: Russia
    posture:
      visa_tolerance: 1.5
      complies_at_deadline: maybe
    employers: {margin_usd: {low: 9, high: 1}}
routes:
  - {name: air, from: DPRK, to: Atlantis, seats_per_month: 5}
events:
  - {type: border_closure, date: 2020-01, host: Russia}
colour: blue
)";
  auto diagnostics = errors_of_text(yaml);
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 7);
  struct Expected {
    int line;
    const char* key;
    const char* words;  // a fragment of the message that says what was expected
  };
  const Expected expected[] = {
      {2, "seed", "whole number"},
      {8, "hosts[Russia].posture.visa_tolerance", "share in [0, 1]"},
      {9, "hosts[Russia].posture.complies_at_deadline", "true or false"},
      {10, "hosts[Russia].employers.margin_usd", "must not exceed"},
      {12, "routes[air].to", "unknown state 'Atlantis'"},
      {14, "events[0].host", "does not use it"},
      {15, "colour", "unknown key 'colour'"},
  };
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    CAPTURE(i);
    CHECK(diagnostics[i].file == "test.yaml");
    CHECK(diagnostics[i].line == expected[i].line);
    CHECK(diagnostics[i].key_path == expected[i].key);
    CHECK_THAT(diagnostics[i].message, Catch::Contains(expected[i].words));
  }
}

TEST_CASE("what() lists the problems one per line as file:line:column: key: message", "[loader][errors]") {
  try {
    load_scenario_text("name: x\nseed: 1\nstart: 2017-01\nend: 2017-02\nhosts: [{name: A, minder_share: 2}]\n",
                       "inline.yaml");
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(std::string(e.what()) ==
          "inline.yaml:5:33: hosts[A].minder_share: expected a share in [0, 1], got \"2\"");
  }
}

TEST_CASE("unknown keys list the valid keys and suggest the closest", "[loader][errors]") {
  auto diagnostics = errors_of_text("name: x\nseed: 1\nstart: 2017-01\nend: 2017-02\n"
                                    "hosts: [{name: A, contract_month: 12, zzz: 1}]\n");
  INFO(listing(diagnostics));
  const Diagnostic* typo = find_key(diagnostics, "hosts[A].contract_month");
  REQUIRE(typo != nullptr);
  CHECK_THAT(typo->message, Catch::Contains("did you mean 'contract_months'?"));
  CHECK_THAT(typo->message, Catch::Contains("valid keys here: name, initial_stock, wages"));
  CHECK(typo->column == 19);
  const Diagnostic* nonsense = find_key(diagnostics, "hosts[A].zzz");
  REQUIRE(nonsense != nullptr);
  CHECK_THAT(nonsense->message, !Catch::Contains("did you mean"));  // nothing is close to "zzz"
}

TEST_CASE("wrong types are diagnostics, never other exceptions", "[loader][errors]") {
  // Maps where lists go, lists where numbers go, scalars where maps go.
  auto diagnostics = errors_of_text(R"(name: [a, b]
seed: {value: 1}
start: 2017-01
end: 2017-02
dprk: 36
hosts:
  - name: A
    posture: [1, 2]
    enforcement: {name: fms}
    initial_stock: [7]
measures: fast
)");
  INFO(listing(diagnostics));
  for (const char* key : {"name", "seed", "dprk", "hosts[A].posture", "hosts[A].enforcement",
                          "hosts[A].initial_stock[0]", "measures"})
    CHECK(find_key(diagnostics, key) != nullptr);
}

TEST_CASE("a problem with an enum names the allowed values", "[loader][errors]") {
  auto diagnostics = errors_of_text("name: x\nseed: 1\nstart: 2017-01\nend: 2017-02\n"
                                    "hosts: [{name: A, wages: [{sector: contruction, low: 1, high: 2}]}]\n");
  const Diagnostic* sector = find_key(diagnostics, "hosts[A].wages[0].sector");
  REQUIRE(sector != nullptr);
  CHECK_THAT(sector->message, Catch::Contains("construction, logging, fishing, manufacturing, hospitality, medical, it"));
  CHECK_THAT(sector->message, Catch::Contains("did you mean 'construction'?"));
}
