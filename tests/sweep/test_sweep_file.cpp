// The sweep file: problems named by file, line and key; the HDF5 sweep file's round trip.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "output/run_file.hpp"
#include "output/sweep_file.hpp"
#include "scenarios/sweep_file.hpp"
#include "sim/app/sweep.hpp"

using namespace repatsim;

namespace {
std::vector<Diagnostic> problems(const std::string& text) {
  try {
    parse_sweep_text(text, "bad.yaml", REPATSIM_SOURCE_DIR "/scenarios");
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}
}  // namespace

TEST_CASE("a good sweep file reads", "[sweep][file]") {
  const SweepSpec spec = parse_sweep_text(R"(base: small.yaml
parameters:
  - {key: dprk.state_share, low: 0.4, high: 0.8}
  - {key: hosts.Northland.posture.compliance_pace, values: [slow, fast]}
design: latin_hypercube
points: 5
replicates: 3
seed: 11
)", "good.yaml", REPATSIM_SOURCE_DIR "/scenarios");
  CHECK(spec.design == SweepDesign::latin_hypercube);
  CHECK(spec.points == 5);
  CHECK(spec.replicates == 3);
  CHECK(spec.seed == 11);
  REQUIRE(spec.parameters.size() == 2);
  CHECK(spec.parameters[0].has_range);
  CHECK(spec.parameters[1].values == std::vector<std::string>{"slow", "fast"});
  CHECK_FALSE(spec.parameters[1].numeric);
}

TEST_CASE("sweep file problems name line and key, all in one pass", "[sweep][file]") {
  const auto list = problems(R"(base: small.yaml
parameters:
  - {key: dprk.state_share, low: 0.4, high: 0.8}
  - {key: dprk.rest_months, valuess: [1, 2]}
design: gird
replicates: 0
)");
  REQUIRE(list.size() >= 4);
  const auto has = [&](int line, const std::string& key, const std::string& words) {
    for (const auto& d : list)
      if (d.line == line && d.key_path == key && d.message.find(words) != std::string::npos)
        return true;
    return false;
  };
  CHECK(has(4, "parameters[dprk.rest_months].valuess", "did you mean 'values'"));
  CHECK(has(5, "design", "did you mean 'grid'"));
  CHECK(has(6, "replicates", "outside"));
  CHECK(has(1, "seed", "missing"));
}

TEST_CASE("a grid needs value lists, sampling designs need points", "[sweep][file]") {
  auto list = problems("base: small.yaml\nparameters:\n  - {key: dprk.state_share, low: 0, high: 1}\n"
                       "seed: 1\n");
  REQUIRE(list.size() == 1);
  CHECK(list[0].line == 3);
  CHECK(list[0].message.find("a grid needs a list of values") != std::string::npos);
  list = problems("base: small.yaml\nparameters:\n  - {key: dprk.state_share, low: 0, high: 1}\n"
                  "design: random\nseed: 1\n");
  REQUIRE(list.size() == 1);
  CHECK(list[0].key_path == "points");
  list = problems("base: nowhere.yaml\nparameters: [{key: seed, values: [1]}]\nseed: 1\n");
  REQUIRE(list.size() == 2);
  CHECK(list[0].key_path == "base");
  CHECK(list[1].key_path == "parameters[seed].key");
}

TEST_CASE("the sweep file reads back what was written", "[sweep][file]") {
  SweepFileData d;
  d.sweep_yaml = "base: x.yaml";
  d.design = "grid";
  d.master_seed = 5;
  d.points = 2;
  d.replicates = 1;
  d.total_runs = 2;
  d.months = {"2017-01"};
  d.hosts = {"A"};
  d.statuses = {"permitted", "repatriated"};
  d.run = {0, 1};
  d.point = {0, 1};
  d.replicate = {0, 0};
  d.run_seed = {std::uint64_t{1} << 62, 3};
  d.run_ok = {1, 0};
  d.run_error = {"", "bad value"};
  d.run_parameters = {{"a.b", true, {0.25, 0.5}, {}}, {"c", false, {}, {"x", "y"}}};
  d.stock_true = {10, 4, 0, 0};
  d.state_revenue_cents = {123456789, 0};
  d.repatriations = {4, 0};
  app::summarise(d);
  CHECK(d.abroad_mean[0] == 10);
  CHECK(std::isnan(d.abroad_mean[1]));
  CHECK(d.replicates_ok == std::vector<std::int64_t>{1, 0});
  const auto path = std::filesystem::temp_directory_path() /
                    ("repatsim_sweep_test_" + std::to_string(getpid()) + ".h5");
  write_sweep_file(path, d, true);
  CHECK_THROWS_AS(write_sweep_file(path, d, false), OutputError);
  const SweepFileData back = read_sweep_file(path);
  std::filesystem::remove(path);
  CHECK(back.run_seed == d.run_seed);
  CHECK(back.run_parameters == d.run_parameters);
  CHECK(back.state_revenue_cents == d.state_revenue_cents);
  CHECK(back.stock_true == d.stock_true);
  CHECK(back.run_error == d.run_error);
  CHECK(back.point_parameters == d.point_parameters);
  CHECK(back.abroad_quantile.size() == d.abroad_quantile.size());
}
