// The scenario loader: YAML file (with `extends` and `--set` overrides) -> validated ScenarioSpec.
// This header is all that other layers see; yaml-cpp stays inside scenarios/*.cpp.
// scenarios/README.md documents every key, its default and its source.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace repatsim {

// One problem in a scenario: where it is and what was expected there.
struct Diagnostic {
  std::string file;      // the file, or "--set <argument>" for an override
  int line = 0;          // 1-based; 0 when the problem has no position (a missing file)
  int column = 0;        // 1-based; 0 when unknown
  std::string key_path;  // e.g. "hosts[Russia].posture.visa_tolerance"; empty for syntax errors
  std::string message;

  bool operator==(const Diagnostic&) const = default;
};

// "<file>:<line>:<column>: <key.path>: <message>" (position and key path left out when absent).
std::string format_diagnostic(const Diagnostic& diagnostic);

// Thrown with every problem found in one pass, not only the first. what() is the formatted
// list, one diagnostic per line.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

struct LoadedScenario {
  ScenarioSpec spec;
  std::string resolved_yaml;  // the fully resolved scenario (extends + --set applied), every key
                              // present; loading it again gives an equal spec
  std::filesystem::path source;
};

// Loads, merges (`extends`), overrides (`--set key.path=value` strings, in order) and validates.
// Throws ScenarioError listing every problem found.
LoadedScenario load_scenario(const std::filesystem::path& file,
                             const std::vector<std::string>& overrides = {});

// The same for YAML text (round trips and tests); `origin` names the text in messages, and a
// relative `extends` is resolved against the current directory.
LoadedScenario load_scenario_text(const std::string& yaml, const std::string& origin,
                                  const std::vector<std::string>& overrides = {});

}  // namespace repatsim
