#include "sim/app/sweep.hpp"

#include <fmt/format.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>

#include "output/run_file.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/sweep_file.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/sweep_design.hpp"
#include "sim/build_state.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"

namespace repatsim::app {

namespace {

std::atomic<int> g_sweep_signal{0};
extern "C" void on_sweep_signal(int sig) { g_sweep_signal.store(sig); }

void error(const std::string& message) { fmt::print(stderr, "repatsim: {}\n", message); }

// "K/N" with 1 <= K <= N.
std::optional<std::pair<std::int64_t, std::int64_t>> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::int64_t k = 0, n = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto a = std::from_chars(begin, begin + slash, k);
  const auto b = std::from_chars(begin + slash + 1, end, n);
  if (a.ec != std::errc{} || a.ptr != begin + slash || b.ec != std::errc{} || b.ptr != end)
    return std::nullopt;
  if (n < 1 || k < 1 || k > n) return std::nullopt;
  return std::pair{k, n};
}

std::string describe_point(const SweepSpec& spec, const SweepPointValues& values) {
  std::string out;
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}={}", spec.parameters[j].key, values.text[j]);
  }
  return out;
}

// What one run contributes to the file.
struct RunResult {
  bool ok = false;
  std::string error;
  std::vector<std::int64_t> stock_true, revenue_cents, repatriations;
};

RunResult headline(const RunRecords& run, const RunLayout& reference) {
  RunResult r;
  if (run.layout.start != reference.start || run.layout.months != reference.months ||
      run.layout.hosts != reference.hosts) {
    r.error = "the point changes the run's months or hosts, which a sweep keeps as in the base "
              "scenario";
    return r;
  }
  const std::size_t hosts = reference.hosts.size();
  for (const MonthRecord& m : run.months) {
    r.stock_true.insert(r.stock_true.end(), m.stock_true.begin(), m.stock_true.end());
    for (std::size_t h = 0; h < hosts; ++h) {
      std::int64_t cents = 0;
      for (int c = 0; c < kRemittanceChannelCount; ++c)
        cents += m.state_revenue_cents[h * kRemittanceChannelCount + static_cast<std::size_t>(c)];
      r.revenue_cents.push_back(cents);
      r.repatriations.push_back(
          m.flows[h * kFlowCount + static_cast<std::size_t>(idx(Flow::repatriations))]);
    }
  }
  r.ok = true;
  return r;
}

std::vector<std::string> status_labels() {
  std::vector<std::string> out;
  for (auto name : kStatusNames) out.emplace_back(name);
  return out;
}

}  // namespace

void summarise(SweepFileData& d) {
  const auto points = static_cast<std::size_t>(d.points);
  const auto reps = static_cast<std::size_t>(d.replicates);
  const std::size_t months = d.months.size(), hosts = d.hosts.size(), statuses = d.statuses.size();
  const auto repatriated = static_cast<std::size_t>(
      std::find(d.statuses.begin(), d.statuses.end(), "repatriated") - d.statuses.begin());
  d.has_summary = true;
  d.quantiles = {0.05, 0.5, 0.95};
  d.point_parameters.clear();
  for (const SweepColumn& c : d.run_parameters) {
    SweepColumn p{c.key, c.numeric, {}, {}};
    for (std::size_t i = 0; i < points; ++i) {
      if (c.numeric) p.numbers.push_back(c.numbers[i * reps]);
      else p.texts.push_back(c.texts[i * reps]);
    }
    d.point_parameters.push_back(std::move(p));
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  d.replicates_ok.assign(points, 0);
  d.abroad_mean.assign(points * months, nan);
  d.abroad_quantile.assign(points * d.quantiles.size() * months, nan);
  std::vector<double> values;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < reps; ++r) d.replicates_ok[p] += d.run_ok[p * reps + r];
    for (std::size_t m = 0; m < months; ++m) {
      values.clear();
      for (std::size_t r = 0; r < reps; ++r) {
        const std::size_t run = p * reps + r;
        if (!d.run_ok[run]) continue;
        std::int64_t abroad = 0;
        for (std::size_t h = 0; h < hosts; ++h)
          for (std::size_t s = 0; s < statuses; ++s)
            if (s != repatriated) abroad += d.stock_true[((run * months + m) * hosts + h) * statuses + s];
        values.push_back(static_cast<double>(abroad));
      }
      if (values.empty()) continue;
      double sum = 0;
      for (double v : values) sum += v;
      d.abroad_mean[p * months + m] = sum / static_cast<double>(values.size());
      std::sort(values.begin(), values.end());
      for (std::size_t q = 0; q < d.quantiles.size(); ++q) {
        const double h = static_cast<double>(values.size() - 1) * d.quantiles[q];
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, values.size() - 1);
        d.abroad_quantile[(p * d.quantiles.size() + q) * months + m] =
            values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
      }
    }
  }
}

int sweep_command(const SweepOptions& options) {
  SweepSpec spec;
  try {
    spec = load_sweep_file(options.sweep_file);
  } catch (const ScenarioError& e) {
    error(fmt::format("{} is not a valid sweep file:\n{}", options.sweep_file, e.what()));
    return kExitBadInput;
  }
  std::int64_t shard_index = 1, shard_count = 1;
  if (!options.shard.empty()) {
    const auto shard = parse_shard(options.shard);
    if (!shard) {
      error(fmt::format("--shard {}: expected K/N with 1 <= K <= N, e.g. 2/8", options.shard));
      return kExitBadInput;
    }
    std::tie(shard_index, shard_count) = *shard;
  }
  LoadedScenario base;
  try {
    base = load_scenario(spec.base);
    if (auto problems = check_spec(base.spec); !problems.empty()) throw SpecError(problems);
  } catch (const ScenarioError& e) {
    error(fmt::format("{}: base scenario {} is not valid:\n{}", options.sweep_file,
                      spec.base.string(), e.what()));
    return kExitBadInput;
  } catch (const SpecError& e) {
    error(fmt::format("{}: base scenario {} cannot run:\n{}", options.sweep_file,
                      spec.base.string(), e.what()));
    return kExitBadInput;
  }
  const std::filesystem::path target = options.output;
  std::error_code ec;
  if (std::filesystem::exists(target, ec) && !options.force) {
    error(fmt::format("{} exists; pass --force to replace it", target.string()));
    return kExitBadInput;
  }
  if (target.has_parent_path() && !std::filesystem::is_directory(target.parent_path(), ec)) {
    error(fmt::format("cannot write {}: directory {} does not exist", target.string(),
                      target.parent_path().string()));
    return kExitBadInput;
  }

  const RunLayout reference = layout_of(base.spec);
  const std::vector<SweepPointValues> points = design_points(spec);
  const std::int64_t total = spec.points * spec.replicates;
  std::vector<std::int64_t> runs;
  for (std::int64_t r = shard_index - 1; r < total; r += shard_count) runs.push_back(r);

  // Each point's scenario, loaded once (the loader runs on this thread only).
  std::vector<std::optional<ScenarioSpec>> point_spec(points.size());
  std::vector<std::string> point_error(points.size());
  int failed_points = 0;
  for (std::int64_t r : runs) {
    const auto p = static_cast<std::size_t>(r / spec.replicates);
    if (point_spec[p] || !point_error[p].empty()) continue;
    std::vector<std::string> overrides;
    for (std::size_t j = 0; j < spec.parameters.size(); ++j)
      overrides.push_back(fmt::format("{}={}", spec.parameters[j].key, points[p].text[j]));
    try {
      ScenarioSpec s = load_scenario(spec.base, overrides).spec;
      if (auto problems = check_spec(s); !problems.empty()) throw SpecError(problems);
      point_spec[p] = std::move(s);
    } catch (const std::exception& e) {
      point_error[p] = e.what();
      ++failed_points;
      error(fmt::format("point {} ({}) is not a valid scenario; its runs fail:\n{}", p,
                        describe_point(spec, points[p]), e.what()));
    }
  }

  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  if (!options.quiet)
    fmt::print("repatsim: sweep {} ({} design, {} points x {} replicates = {} runs{}) of {} on {} "
               "threads -> {}\n",
               options.sweep_file, design_name(spec.design), spec.points, spec.replicates, total,
               shard_count > 1 ? fmt::format("; shard {}/{}: {} runs", shard_index, shard_count,
                                             runs.size())
                               : std::string(),
               base.spec.name, threads, target.string());
  std::fflush(stdout);

  std::signal(SIGINT, on_sweep_signal);
  std::signal(SIGTERM, on_sweep_signal);
  std::vector<RunResult> results(runs.size());
  std::mutex print_mutex;
  std::size_t done = 0;
  const auto started = std::chrono::steady_clock::now();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    // One run per task, through the engine's parallel primitive (which ThreadSanitizer builds
    // run on std::threads).
    for_each_range(
        runs.size(), 1,
        [&](std::size_t range_begin, std::size_t range_end) {
          for (std::size_t i = range_begin; i != range_end; ++i) {
            if (g_sweep_signal.load() != 0) return;
            const std::int64_t run = runs[i];
            const auto p = static_cast<std::size_t>(run / spec.replicates);
            const std::int64_t rep = run % spec.replicates;
            const auto t0 = std::chrono::steady_clock::now();
            RunResult& result = results[i];
            if (!point_spec[p]) {
              result.error = point_error[p];
            } else {
              ScenarioSpec s = *point_spec[p];
              s.seed = run_seed(spec.seed, static_cast<std::int64_t>(p), rep);
              try {
                MemoryRecorder recorder;
                tbb::task_arena single(1);  // each run on one thread; runs go side by side
                single.execute([&] {
                  run_simulation(s, recorder, [] { return g_sweep_signal.load() != 0; });
                });
                result = headline(recorder.run(), reference);
              } catch (const Interrupted&) {
                return;
              } catch (const std::exception& e) {
                result.error = e.what();
              }
            }
            const double secs =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::lock_guard lock(print_mutex);
            ++done;
            if (!result.ok && point_spec[p])
              error(fmt::format("run {} (point {}: {}; replicate {}) failed: {}", run, p,
                                describe_point(spec, points[p]), rep, result.error));
            if (!options.quiet)
              fmt::print("repatsim: run {}/{} done: run {} (point {}, replicate {}) {} in {:.2f} s\n",
                         done, runs.size(), run, p, rep, result.ok ? "ok" : "FAILED", secs);
            std::fflush(stdout);
          }
        });
  });
  if (const int sig = g_sweep_signal.load(); sig != 0) {
    error(fmt::format("interrupted ({}); no output written", sig == SIGINT ? "SIGINT" : "SIGTERM"));
    return 128 + sig;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  SweepFileData data;
  data.sweep_yaml = spec.text;
  data.sweep_source = options.sweep_file;
  data.base_scenario = spec.base.string();
  data.scenario_name = base.spec.name;
  data.design = std::string(design_name(spec.design));
  data.command_line = options.command_line;
  data.master_seed = spec.seed;
  data.points = spec.points;
  data.replicates = spec.replicates;
  data.total_runs = total;
  data.shard_index = shard_index;
  data.shard_count = shard_count;
  data.threads = threads;
  data.wall_time_s = wall;
  for (int m = 0; m < reference.months; ++m) data.months.push_back(month_label(reference.start + m));
  data.hosts = reference.hosts;
  data.statuses = status_labels();
  for (const auto& param : spec.parameters) data.run_parameters.push_back({param.key, param.numeric, {}, {}});
  const std::size_t per_run_stock = data.months.size() * data.hosts.size() * data.statuses.size();
  const std::size_t per_run_host = data.months.size() * data.hosts.size();
  std::int64_t failed = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const std::int64_t run = runs[i];
    const auto p = static_cast<std::size_t>(run / spec.replicates);
    const std::int64_t rep = run % spec.replicates;
    data.run.push_back(run);
    data.point.push_back(static_cast<std::int64_t>(p));
    data.replicate.push_back(rep);
    data.run_seed.push_back(run_seed(spec.seed, static_cast<std::int64_t>(p), rep));
    const RunResult& r = results[i];
    data.run_ok.push_back(r.ok ? 1 : 0);
    data.run_error.push_back(r.ok ? std::string() : r.error);
    failed += r.ok ? 0 : 1;
    for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
      SweepColumn& c = data.run_parameters[j];
      if (c.numeric) c.numbers.push_back(points[p].number[j]);
      else c.texts.push_back(points[p].text[j]);
    }
    if (r.ok) {
      data.stock_true.insert(data.stock_true.end(), r.stock_true.begin(), r.stock_true.end());
      data.state_revenue_cents.insert(data.state_revenue_cents.end(), r.revenue_cents.begin(),
                                      r.revenue_cents.end());
      data.repatriations.insert(data.repatriations.end(), r.repatriations.begin(),
                                r.repatriations.end());
    } else {
      data.stock_true.insert(data.stock_true.end(), per_run_stock, 0);
      data.state_revenue_cents.insert(data.state_revenue_cents.end(), per_run_host, 0);
      data.repatriations.insert(data.repatriations.end(), per_run_host, 0);
    }
  }
  if (shard_count == 1) summarise(data);
  try {
    write_sweep_file(target, data, options.force);
  } catch (const OutputError& e) {
    error(e.what());
    return kExitFailure;
  }
  if (!options.quiet)
    fmt::print("repatsim: {} runs in {:.2f} s ({} failed); wrote {}\n", runs.size(), wall, failed,
               target.string());
  if (failed > 0) {
    error(fmt::format("{} of {} runs failed ({} invalid points); see run_ok and run_error in {}",
                      failed, runs.size(), failed_points, target.string()));
    return kExitFailure;
  }
  return kExitOk;
}

int merge_command(const std::vector<std::string>& shards, const std::string& output, bool force,
                  const std::string& command_line) {
  std::error_code ec;
  if (std::filesystem::exists(output, ec) && !force) {
    error(fmt::format("{} exists; pass --force to replace it", output));
    return kExitBadInput;
  }
  std::vector<SweepFileData> parts;
  try {
    for (const auto& s : shards) parts.push_back(read_sweep_file(s));
  } catch (const OutputError& e) {
    error(e.what());
    return kExitBadInput;
  }
  const SweepFileData& first = parts.front();
  std::vector<bool> seen_shard(static_cast<std::size_t>(first.shard_count), false);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const SweepFileData& p = parts[i];
    const auto mismatch = [&](std::string_view what) {
      error(fmt::format("{} is not a shard of the same sweep as {}: {} differs", shards[i],
                        shards[0], what));
      return kExitBadInput;
    };
    if (p.sweep_yaml != first.sweep_yaml) return mismatch("the sweep file text");
    if (p.master_seed != first.master_seed) return mismatch("the master seed");
    if (p.base_scenario != first.base_scenario) return mismatch("the base scenario");
    if (p.shard_count != first.shard_count) return mismatch("the shard count");
    if (p.total_runs != first.total_runs || p.points != first.points ||
        p.replicates != first.replicates)
      return mismatch("the number of runs");
    if (p.months != first.months || p.hosts != first.hosts || p.statuses != first.statuses)
      return mismatch("the months, hosts or statuses");
    if (p.run_parameters.size() != first.run_parameters.size()) return mismatch("the parameters");
    const auto k = static_cast<std::size_t>(p.shard_index - 1);
    if (seen_shard[k]) {
      error(fmt::format("{}: shard {}/{} is given twice", shards[i], p.shard_index, p.shard_count));
      return kExitBadInput;
    }
    seen_shard[k] = true;
  }
  for (std::size_t k = 0; k < seen_shard.size(); ++k)
    if (!seen_shard[k]) {
      error(fmt::format("shard {}/{} is missing", k + 1, seen_shard.size()));
      return kExitBadInput;
    }

  SweepFileData out;
  out.sweep_yaml = first.sweep_yaml;
  out.sweep_source = first.sweep_source;
  out.base_scenario = first.base_scenario;
  out.scenario_name = first.scenario_name;
  out.design = first.design;
  out.command_line = command_line;
  out.master_seed = first.master_seed;
  out.points = first.points;
  out.replicates = first.replicates;
  out.total_runs = first.total_runs;
  out.months = first.months;
  out.hosts = first.hosts;
  out.statuses = first.statuses;
  out.threads = 0;
  for (const auto& p : parts) {
    out.threads = std::max(out.threads, p.threads);
    out.wall_time_s += p.wall_time_s;
  }
  for (const auto& c : first.run_parameters) out.run_parameters.push_back({c.key, c.numeric, {}, {}});
  // Run r sits in shard r % N at row r / N.
  const auto n = static_cast<std::size_t>(first.shard_count);
  std::vector<const SweepFileData*> by_shard(n);
  for (const auto& p : parts) by_shard[static_cast<std::size_t>(p.shard_index - 1)] = &p;
  const std::size_t stock = out.months.size() * out.hosts.size() * out.statuses.size();
  const std::size_t host = out.months.size() * out.hosts.size();
  for (std::int64_t r = 0; r < out.total_runs; ++r) {
    const SweepFileData& s = *by_shard[static_cast<std::size_t>(r) % n];
    const std::size_t row = static_cast<std::size_t>(r) / n;
    if (row >= s.run.size() || s.run[row] != r) {
      error(fmt::format("shard {}/{} does not hold run {} where expected", s.shard_index,
                        s.shard_count, r));
      return kExitBadInput;
    }
    out.run.push_back(r);
    out.point.push_back(s.point[row]);
    out.replicate.push_back(s.replicate[row]);
    out.run_seed.push_back(s.run_seed[row]);
    out.run_ok.push_back(s.run_ok[row]);
    out.run_error.push_back(s.run_error[row]);
    for (std::size_t j = 0; j < out.run_parameters.size(); ++j) {
      SweepColumn& c = out.run_parameters[j];
      if (c.numeric) c.numbers.push_back(s.run_parameters[j].numbers[row]);
      else c.texts.push_back(s.run_parameters[j].texts[row]);
    }
    const auto copy = [&](std::vector<std::int64_t>& to, const std::vector<std::int64_t>& from,
                          std::size_t width) {
      to.insert(to.end(), from.begin() + static_cast<std::ptrdiff_t>(row * width),
                from.begin() + static_cast<std::ptrdiff_t>((row + 1) * width));
    };
    copy(out.stock_true, s.stock_true, stock);
    copy(out.state_revenue_cents, s.state_revenue_cents, host);
    copy(out.repatriations, s.repatriations, host);
  }
  summarise(out);
  try {
    write_sweep_file(output, out, force);
  } catch (const OutputError& e) {
    error(e.what());
    return kExitFailure;
  }
  std::int64_t failed = 0;
  for (auto ok : out.run_ok) failed += ok ? 0 : 1;
  fmt::print("repatsim: merged {} shards, {} runs ({} failed) -> {}\n", parts.size(),
             out.total_runs, failed, output);
  return kExitOk;
}

}  // namespace repatsim::app
