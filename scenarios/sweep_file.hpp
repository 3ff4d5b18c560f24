// The sweep file: a base scenario, the parameters to vary and how to sample them (README.md,
// "Sweeps"). This header is free of yaml-cpp; the parser lives in scenarios/sweep_file.cpp.
// Problems are reported like the scenario loader's: ScenarioError with file:line:column: key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/loader.hpp"

namespace repatsim {

enum class SweepDesign { grid, random, latin_hypercube, sobol };
std::string_view design_name(SweepDesign design);

// One swept `--set` key: either a list of values (scalars, as written) or a numeric range.
struct SweepParameter {
  std::string key;                  // a `--set` key path, e.g. dprk.state_share
  int line = 0, column = 0;         // where the key is written in the sweep file (1-based)
  std::vector<std::string> values;  // as written; empty for a range
  bool numeric = false;             // every value is a number, or it is a range
  std::vector<double> numbers;      // the values as numbers, when numeric and listed
  bool has_range = false;
  double low = 0, high = 0;
  bool integer = false;             // `type: integer`: sampled values are rounded
};

struct SweepSpec {
  std::string origin;               // the file, as named
  std::string text;                 // the sweep file's text
  std::filesystem::path base;       // the base scenario, resolved against the sweep file
  std::string base_as_written;
  std::vector<SweepParameter> parameters;
  SweepDesign design = SweepDesign::grid;
  std::int64_t points = 0;          // the number of points (grid: the product of the lists)
  std::int64_t replicates = 1;
  std::uint64_t seed = 0;           // the master seed
};

// Upper bounds that refuse absurd sweeps before anything runs.
inline constexpr std::int64_t kMaxSweepRuns = 10'000'000;

// Reads and checks a sweep file; throws ScenarioError listing every problem found.
SweepSpec load_sweep_file(const std::filesystem::path& file);
// The same for text; `directory` resolves a relative `base`.
SweepSpec parse_sweep_text(const std::string& text, const std::string& origin,
                           const std::filesystem::path& directory);

}  // namespace repatsim
