#include "sim/app/commands.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <sys/statvfs.h>
#include <unistd.h>

#include "output/run_file.hpp"
#include "scenarios/loader.hpp"
#include "sim/app/memory_check.hpp"
#include "sim/app/read_crash_guard.hpp"
#include "sim/app/read_deadline.hpp"
#include "sim/app/stop_signal.hpp"
#include "sim/build_state.hpp"
#include "sim/simulation.hpp"
#include "sim/workers.hpp"

namespace repatsim::app {

namespace {

std::filesystem::path output_path(const RunOptions& options, const ScenarioSpec& spec) {
  if (!options.output.empty()) return options.output;
  if (!spec.output.path.empty()) return spec.output.path;
  return std::filesystem::path("output") / (spec.name + ".h5");
}

// Refuses, before the run, a run file that may not fit on the file system that will hold it, so
// that a days-long run does not end in "No space left on device". `estimate` is an upper bound
// (uncompressed; the file is usually smaller), and the file is written once, as a temporary
// renamed onto the target. Empty when it fits, or when the free space cannot be read (the write
// then reports any shortage itself).
std::string disk_problem(const std::filesystem::path& target, std::uint64_t estimate) {
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) != 0) return {};
  const double free_bytes = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
  if (static_cast<double>(estimate) <= free_bytes) return {};
  return fmt::format("the run file {} may need up to {} ({} bytes) but {} has {} free. Free some "
                     "space, write elsewhere with -o, or shorten the run or its snapshots",
                     target.string(), human_bytes(static_cast<double>(estimate)), estimate,
                     dir.string(), human_bytes(free_bytes));
}

std::int64_t abroad(const MonthRecord& m) {
  std::int64_t n = 0;
  for (std::size_t i = 0; i < m.stock_true.size(); ++i)
    if (static_cast<int>(i % kStatusCount) != idx(Status::repatriated)) n += m.stock_true[i];
  return n;
}
}  // namespace

int run_command(const RunOptions& options) {
  LoadedScenario loaded;
  try {
    loaded = load_scenario(options.scenario, options.overrides);
  } catch (const ScenarioError& e) {
    error(fmt::format("{} is not a valid scenario:\n{}", options.scenario, e.what()));
    return kExitBadInput;
  }
  const ScenarioSpec& spec = loaded.spec;
  if (auto problems = check_spec(spec); !problems.empty()) {
    error(fmt::format("{} cannot run:\n{}", options.scenario, SpecError(problems).what()));
    return kExitBadInput;
  }
  if (const std::string problem = memory_problem(spec, 1); !problem.empty()) {
    error(fmt::format("{} cannot run: {}", options.scenario, problem));
    return kExitBadInput;
  }
  const std::filesystem::path target = output_path(options, spec);
  if (std::filesystem::exists(target) && !options.force) {
    error(fmt::format("{} exists; pass --force to replace it", target.string()));
    return kExitBadInput;
  }
  const bool default_dir = options.output.empty() && spec.output.path.empty();
  if (default_dir) std::filesystem::create_directories(target.parent_path());
  if (!target.parent_path().empty() && !std::filesystem::is_directory(target.parent_path())) {
    error(fmt::format("cannot write {}: directory {} does not exist", target.string(),
                      target.parent_path().string()));
    return kExitBadInput;
  }

  const RunLayout layout = layout_of(spec);
  // Snapshots hold the workers abroad; the initial count stands in for how many that will be.
  std::vector<MonthId> snapshot_months = spec.output.snapshots;
  std::sort(snapshot_months.begin(), snapshot_months.end());
  snapshot_months.erase(std::unique(snapshot_months.begin(), snapshot_months.end()),
                        snapshot_months.end());
  const auto snapshot_rows = static_cast<std::uint64_t>(initial_worker_count(spec)) *
                             snapshot_months.size();
  const std::uint64_t output_estimate = estimate_run_file_bytes(layout, snapshot_rows);
  if (const std::string problem = disk_problem(target, output_estimate); !problem.empty()) {
    error(fmt::format("{} cannot run: {}", options.scenario, problem));
    return kExitBadInput;
  }

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  if (!options.quiet)
    fmt::print("repatsim: {} ({} to {}, {} hosts, {} initial workers, {} state) on {} threads; "
               "output about {} -> {}\n",
               spec.name, month_label(spec.start), month_label(spec.end), spec.hosts.size(),
               initial_worker_count(spec),
               human_bytes(static_cast<double>(initial_worker_count(spec) * bytes_per_worker())),
               threads, human_bytes(static_cast<double>(output_estimate)),
               target.string());

  catch_stop_signals();
  MemoryRecorder recorder;
  const auto started = std::chrono::steady_clock::now();
  try {
    run_simulation(spec, recorder, [] { return g_stop_signal.load() != 0; });
  } catch (const Interrupted& e) {
    error(fmt::format("{} ({}); no output written", e.what(), stop_signal_name(g_stop_signal.load())));
    return 128 + g_stop_signal.load();
  } catch (const SpecError& e) {
    error(fmt::format("{} cannot run:\n{}", options.scenario, e.what()));
    return kExitBadInput;
  } catch (const std::exception& e) {
    error(fmt::format("run of {} failed: {}; no output written", options.scenario, e.what()));
    return kExitFailure;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  RunMetadata meta{loaded.resolved_yaml, loaded.source.string(), threads, wall,
                   options.command_line, spec.observed};
  const RunRecords run = recorder.take();
  try {
    write_run_file(target, run, meta, options.force);
  } catch (const OutputError& e) {
    error(e.what());
    return kExitFailure;
  }
  if (g_stop_signal.load() != 0) {  // arrived while the file was written: the file is complete
    error("interrupted after the run file was written");
    return 128 + g_stop_signal.load();
  }
  if (!options.quiet)
    fmt::print("repatsim: {} months in {:.3f} s; workers abroad {} -> {}; wrote {}\n",
               run.months.size(), wall, abroad(run.months.front()), abroad(run.months.back()),
               target.string());
  return kExitOk;
}

int validate_command(const std::vector<std::string>& files, const std::vector<std::string>& overrides) {
  int status = kExitOk;
  for (const std::string& file : files) {
    try {
      const LoadedScenario loaded = load_scenario(file, overrides);
      if (auto problems = check_spec(loaded.spec); !problems.empty()) throw SpecError(problems);
      fmt::print("{}: ok ({}, {} to {}, {} hosts)\n", file, loaded.spec.name,
                 month_label(loaded.spec.start), month_label(loaded.spec.end), loaded.spec.hosts.size());
    } catch (const ScenarioError& e) {
      error(fmt::format("{} is not a valid scenario:\n{}", file, e.what()));
      status = kExitBadInput;
    } catch (const SpecError& e) {
      error(fmt::format("{} cannot run:\n{}", file, e.what()));
      status = kExitBadInput;
    }
  }
  return status;
}

int show_command(const std::string& file, const std::vector<std::string>& overrides) {
  try {
    std::cout << load_scenario(file, overrides).resolved_yaml;
    return kExitOk;
  } catch (const ScenarioError& e) {
    error(fmt::format("{} is not a valid scenario:\n{}", file, e.what()));
    return kExitBadInput;
  }
}

int info_command(const std::string& file) {
  try {
    std::string summary;
    {
      const ReadDeadline deadline(file);
      const ReadCrashGuard crash_guard(file);
      summary = describe_run_file(file);
    }
    std::cout << summary;
    return kExitOk;
  } catch (const OutputError& e) {
    error(e.what());
    return kExitBadInput;
  }
}

}  // namespace repatsim::app
