// Helpers shared by the loader tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace repatsim::testing {

inline std::filesystem::path test_dir() { return REPATSIM_TEST_DIR; }
inline std::filesystem::path data_file(const std::string& name) { return test_dir() / "data" / name; }

// The diagnostics of a load that must fail; an empty list if it did not throw ScenarioError.
std::vector<Diagnostic> errors_of_file(const std::filesystem::path& file,
                                       const std::vector<std::string>& overrides = {});
std::vector<Diagnostic> errors_of_text(const std::string& yaml, const std::vector<std::string>& overrides = {});

// The first diagnostic with this key path, or nullptr.
const Diagnostic* find_key(const std::vector<Diagnostic>& diagnostics, const std::string& key_path);

// All diagnostics, formatted one per line (for test failure messages).
std::string listing(const std::vector<Diagnostic>& diagnostics);

// A small valid scenario to build test cases on.
extern const char* const kSmallScenario;

}  // namespace repatsim::testing
