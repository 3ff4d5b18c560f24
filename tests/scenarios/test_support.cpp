#include "test_support.hpp"

namespace repatsim::testing {

std::vector<Diagnostic> errors_of_file(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  try {
    load_scenario(file, overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

std::vector<Diagnostic> errors_of_text(const std::string& yaml, const std::vector<std::string>& overrides) {
  try {
    load_scenario_text(yaml, "test.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

const Diagnostic* find_key(const std::vector<Diagnostic>& diagnostics, const std::string& key_path) {
  for (const auto& d : diagnostics)
    if (d.key_path == key_path) return &d;
  return nullptr;
}

std::string listing(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += format_diagnostic(d) + "\n";
  return out.empty() ? "(no diagnostics)\n" : out;
}

const char* const kSmallScenario = R"(name: small
seed: 3
start: 2017-01
end: 2020-12
hosts:
  - name: Russia
    posture: {compliance_pace: 0.1}
    enforcement:
      - {name: fms, capacity: 10}
  - name: China
routes:
  - {name: air, from: DPRK, to: Russia, seats_per_month: 500}
measures:
  - {type: repatriation_deadline, adopted: 2017-12-22}
events:
  - {type: border_closure, date: 2020-01}
)";

}  // namespace repatsim::testing
