// The sweep file: every run of a parameter sweep in one HDF5 file (output/SCHEMA.md, "Sweep
// files"): dims run, month, host, status at the root, per-point summaries in group /summary
// (dims point, quantile, month). No HDF5 types here; HDF5 stays in output/*.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace repatsim {

inline constexpr int kSweepSchemaVersion = 1;

// A swept parameter's value on each run (or point): numbers, or text where the values are not
// all numbers.
struct SweepColumn {
  std::string key;
  bool numeric = true;
  std::vector<double> numbers;
  std::vector<std::string> texts;

  bool operator==(const SweepColumn&) const = default;
};

struct SweepFileData {
  // Root attributes. Nothing that varies between equivalent sweeps (time, threads, ranks, host,
  // command line) is stored: the same sweep gives a byte-identical file however it was run.
  std::string sweep_yaml, sweep_source, base_scenario, scenario_name, design;
  std::uint64_t master_seed = 0;
  std::int64_t points = 0, replicates = 0, total_runs = 0;
  std::int64_t shard_index = 1, shard_count = 1;  // 1-based; 1/1 for a whole sweep

  // Labels.
  std::vector<std::string> months, hosts, statuses;

  // Per run of this file, in run order (a shard holds every shard_count-th run).
  std::vector<std::int64_t> run, point, replicate;
  std::vector<std::uint64_t> run_seed;
  std::vector<std::uint8_t> run_ok;
  std::vector<std::string> run_error;           // empty where the run succeeded
  std::vector<SweepColumn> run_parameters;      // one per swept key
  std::vector<std::int64_t> stock_true;         // [run][month][host][status]
  std::vector<std::int64_t> state_revenue_cents;  // [run][month][host], all channels
  std::vector<std::int64_t> repatriations;      // [run][month][host]

  // Per point (whole sweeps only; a shard has none): workers abroad over successful replicates.
  bool has_summary = false;
  std::vector<SweepColumn> point_parameters;
  std::vector<double> quantiles;                // e.g. 0.05, 0.5, 0.95
  std::vector<std::int64_t> replicates_ok;      // [point]
  std::vector<double> abroad_mean;              // [point][month], NaN with no successful run
  std::vector<double> abroad_quantile;          // [point][quantile][month]
};

// Writes atomically (temporary beside the target, then rename), like write_run_file: nothing at
// the target on failure; OutputError (output/run_file.hpp) says what failed. The bytes depend on
// `data` alone (no time stamps, a fixed write order), so equal data gives identical files.
void write_sweep_file(const std::filesystem::path& target, const SweepFileData& data, bool force);

// Reads a sweep file back (summaries too, when present); OutputError for anything else.
SweepFileData read_sweep_file(const std::filesystem::path& file);

}  // namespace repatsim
