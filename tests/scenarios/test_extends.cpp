// `extends`: deep merge, merge by name, `remove: true`, paths relative to the file, cycles.
#include <catch2/catch.hpp>

#include <fstream>

#include "test_support.hpp"

using namespace repatsim;
using repatsim::testing::data_file;
using repatsim::testing::errors_of_file;
using repatsim::testing::find_key;
using repatsim::testing::listing;

namespace {
const HostSpec* host(const ScenarioSpec& spec, const std::string& name) {
  for (const auto& h : spec.hosts)
    if (h.name == name) return &h;
  return nullptr;
}
}  // namespace

TEST_CASE("extends merges maps deeply and named lists by name", "[loader][extends]") {
  const ScenarioSpec spec = load_scenario(data_file("extends/sub/child.yaml")).spec;
  CHECK(spec.name == "child");                // the child's value wins
  CHECK(spec.description == "the base");      // the base fills what the child leaves out
  CHECK(spec.seed == 7);

  // Hosts merged by name: Russia changed in place, Qatar removed, Nepal appended.
  REQUIRE(spec.hosts.size() == 3);
  CHECK(spec.hosts[0].name == "Russia");
  CHECK(spec.hosts[1].name == "Poland");
  CHECK(spec.hosts[2].name == "Nepal");
  CHECK(host(spec, "Qatar") == nullptr);
  const HostSpec& russia = spec.hosts[0];
  CHECK(russia.contract_months == 12);               // from the base
  CHECK(russia.posture.compliance_pace == 0.05);     // from the base, beside...
  CHECK(russia.posture.visa_tolerance == 0.8);       // ...the child's change to the same map
  CHECK(spec.hosts[2].contract_months == 24);

  // Enforcement bodies merge by name within their host.
  REQUIRE(russia.enforcement.size() == 2);
  CHECK(russia.enforcement[0].name == "fms");
  CHECK(russia.enforcement[0].capacity == 300);              // child
  CHECK(russia.enforcement[0].detection_probability == 0.5); // base
  CHECK(russia.enforcement[1].name == "police");

  // A measure without a name merges by its default name, its type.
  REQUIRE(spec.measures.size() == 1);
  CHECK(spec.measures[0].deadline_months == 12);
  CHECK(spec.measures[0].adopted == make_month(2017, 12));

  // A list of plain values is replaced wholesale.
  CHECK(spec.output.snapshots == std::vector<MonthId>{make_month(2020, 6)});
  // States are implied from the merged hosts.
  CHECK(spec.states.size() == 4);
}

TEST_CASE("extends chains follow paths relative to each file", "[loader][extends]") {
  const ScenarioSpec spec = load_scenario(data_file("extends/grandchild.yaml")).spec;
  CHECK(spec.name == "grandchild");
  CHECK(spec.seed == 99);
  CHECK(spec.description == "the base");
  CHECK(spec.hosts.size() == 3);
  CHECK(spec.measures.at(0).deadline_months == 12);
}

TEST_CASE("an extends cycle is an error at the extends key", "[loader][extends]") {
  auto diagnostics = errors_of_file(data_file("extends/cycle_a.yaml"));
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].key_path == "extends");
  CHECK(diagnostics[0].file == data_file("extends/cycle_b.yaml").string());
  CHECK(diagnostics[0].line == 1);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("cycle_a.yaml -> cycle_b.yaml -> cycle_a.yaml"));
}

TEST_CASE("a file that extends itself is a cycle", "[loader][extends]") {
  auto self = std::filesystem::temp_directory_path() / "repatsim_self_extends.yaml";
  {
    std::ofstream out(self);
    out << "extends: repatsim_self_extends.yaml\nname: self\n";
  }
  auto diagnostics = errors_of_file(self);
  std::filesystem::remove(self);
  REQUIRE(diagnostics.size() == 1);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("cycle"));
}

TEST_CASE("remove: true of an item the base lacks is an error", "[loader][extends]") {
  auto diagnostics = errors_of_file(data_file("extends/remove_missing.yaml"));
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].key_path == "hosts");
  CHECK(diagnostics[0].line == 3);
  CHECK_THAT(diagnostics[0].message, Catch::Contains("cannot remove 'Kuwait'"));
}

TEST_CASE("a missing base is reported where extends names it", "[loader][extends]") {
  auto diagnostics = errors_of_file(data_file("extends/missing_base.yaml"));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == data_file("extends/missing_base.yaml").string());
  CHECK(diagnostics[0].line == 2);
  CHECK(diagnostics[0].column == 10);
  CHECK(diagnostics[0].key_path == "extends");
  CHECK_THAT(diagnostics[0].message, Catch::Contains("no such file"));
}

TEST_CASE("problems after a merge name the file each value came from", "[loader][extends]") {
  auto diagnostics = errors_of_file(data_file("extends/bad_child.yaml"));
  INFO(listing(diagnostics));
  REQUIRE(diagnostics.size() == 2);
  const Diagnostic* tolerance = find_key(diagnostics, "hosts[Russia].posture.visa_tolerance");
  REQUIRE(tolerance != nullptr);
  CHECK(tolerance->file == data_file("extends/bad_child.yaml").string());
  CHECK(tolerance->line == 6);
  const Diagnostic* kuwait = find_key(diagnostics, "events[1].host");  // after the base's event
  REQUIRE(kuwait != nullptr);
  CHECK(kuwait->line == 8);
}

TEST_CASE("text with an absolute extends path loads its base", "[loader][extends]") {
  std::string yaml = "extends: " + data_file("extends/base.yaml").string() + "\nname: from-text\n";
  auto spec = load_scenario_text(yaml, "inline").spec;
  CHECK(spec.name == "from-text");
  CHECK(spec.hosts.size() == 3);
}
