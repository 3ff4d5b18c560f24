#include "sim/app/sweep.hpp"

#include <fmt/format.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "output/run_file.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/sweep_file.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/memory_check.hpp"
#include "sim/app/read_crash_guard.hpp"
#include "sim/app/read_deadline.hpp"
#include "sim/app/stop_signal.hpp"
#include "sim/app/sweep_design.hpp"
#include "sim/app/sweep_journal.hpp"
#include "sim/app/sweep_mpi.hpp"
#include "sim/app/sweep_progress.hpp"
#include "sim/build_state.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"
#include "sim/version.hpp"

namespace repatsim::app {

namespace {

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

SweepRunResult headline(const RunRecords& run, const RunLayout& reference) {
  SweepRunResult r;
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

namespace {

// Everything one process needs to run its share of a sweep.
struct SweepPlan {
  SweepSpec spec;
  LoadedScenario base;
  RunLayout reference;
  std::vector<SweepPointValues> points;
  std::int64_t shard_index = 1, shard_count = 1;
  std::vector<std::int64_t> runs;  // the runs of this sweep or shard, in order
  // Each point's scenario, loaded on first use (on the main thread only: the loader is not
  // meant for concurrent use), or why it cannot run.
  std::vector<std::optional<ScenarioSpec>> point_spec;
  std::vector<std::string> point_error;
};

// Loads the sweep file, the shard and the base scenario; prints problems when `report`.
int load_plan(const SweepOptions& options, SweepPlan& plan, bool report) {
  const auto fail = [&](const std::string& message) {
    if (report) error(message);
    return kExitBadInput;
  };
  try {
    plan.spec = load_sweep_file(options.sweep_file);
  } catch (const ScenarioError& e) {
    return fail(fmt::format("{} is not a valid sweep file:\n{}", options.sweep_file, e.what()));
  }
  if (!options.shard.empty()) {
    const auto shard = parse_shard(options.shard);
    if (!shard)
      return fail(fmt::format("--shard {}: expected K/N with 1 <= K <= N, e.g. 2/8", options.shard));
    std::tie(plan.shard_index, plan.shard_count) = *shard;
  }
  try {
    plan.base = load_scenario(plan.spec.base);
    if (auto problems = check_spec(plan.base.spec); !problems.empty()) throw SpecError(problems);
  } catch (const ScenarioError& e) {
    return fail(fmt::format("{}: base scenario {} is not valid:\n{}", options.sweep_file,
                            plan.spec.base.string(), e.what()));
  } catch (const SpecError& e) {
    return fail(fmt::format("{}: base scenario {} cannot run:\n{}", options.sweep_file,
                            plan.spec.base.string(), e.what()));
  }
  plan.reference = layout_of(plan.base.spec);
  plan.points = design_points(plan.spec);
  const std::int64_t total = plan.spec.points * plan.spec.replicates;
  for (std::int64_t r = plan.shard_index - 1; r < total; r += plan.shard_count) plan.runs.push_back(r);
  plan.point_spec.assign(plan.points.size(), std::nullopt);
  plan.point_error.assign(plan.points.size(), std::string());
  return kExitOk;
}

// A `--set` problem that lies in the key path (a typo such as dprk.state_shar), not in the
// value: the loader places those at the argument's first column or inside the key, and value
// problems inside the value. Such a problem fails every point, so it is the sweep file's error.
const Diagnostic* key_path_problem(const ScenarioError& e) {
  for (const Diagnostic& d : e.diagnostics()) {
    if (d.file.rfind("--set ", 0) != 0) continue;
    const std::size_t equals = d.file.find('=');
    if (equals != std::string::npos && d.column >= 1 &&
        static_cast<std::size_t>(d.column) <= equals - 6)
      return &d;
  }
  return nullptr;
}

// Loads point p's scenario once. Returns false if the point cannot run (point_error says why);
// a key path typo is thrown as ScenarioError naming the sweep file's line instead.
bool load_point(SweepPlan& plan, std::size_t p) {
  if (plan.point_spec[p]) return true;
  if (!plan.point_error[p].empty()) return false;
  std::vector<std::string> overrides;
  for (std::size_t j = 0; j < plan.spec.parameters.size(); ++j)
    overrides.push_back(fmt::format("{}={}", plan.spec.parameters[j].key, plan.points[p].text[j]));
  try {
    ScenarioSpec s = load_scenario(plan.spec.base, overrides).spec;
    if (auto problems = check_spec(s); !problems.empty()) throw SpecError(problems);
    plan.point_spec[p] = std::move(s);
    return true;
  } catch (const ScenarioError& e) {
    if (const Diagnostic* d = key_path_problem(e)) {
      const std::string key = d->file.substr(6, d->file.find('=') - 6);
      for (const SweepParameter& param : plan.spec.parameters)
        if (param.key == key)
          throw ScenarioError({Diagnostic{plan.spec.origin, param.line, param.column,
                                          fmt::format("parameters[{}].key", key),
                                          fmt::format("'{}' is not a key path of base scenario "
                                                      "{}: {}",
                                                      key, plan.spec.base.string(), d->message)}});
    }
    plan.point_error[p] = e.what();
  } catch (const std::exception& e) {
    plan.point_error[p] = e.what();
  }
  return false;
}

// Runs one run of the plan (its point already loaded) on the calling thread. Interrupted passes
// through; any other failure becomes a failed result.
SweepRunResult execute_run(const SweepPlan& plan, std::int64_t run) {
  const auto p = static_cast<std::size_t>(run / plan.spec.replicates);
  SweepRunResult result;
  if (!plan.point_spec[p]) {
    result.error = plan.point_error[p];
    return result;
  }
  ScenarioSpec s = *plan.point_spec[p];
  s.seed = run_seed(plan.spec.seed, static_cast<std::int64_t>(p), run % plan.spec.replicates);
  try {
    MemoryRecorder recorder;
    tbb::task_arena single(1);  // each run on one thread; runs go side by side
    single.execute([&] {
      run_simulation(s, recorder, [] { return g_stop_signal.load() != 0; });
    });
    result = headline(recorder.run(), plan.reference);
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  return result;
}

// Whether a result (from the journal or a worker) has the shape of this sweep's runs.
bool fits(const SweepPlan& plan, const SweepRunResult& r) {
  if (!r.ok) return true;
  const auto per_host = static_cast<std::size_t>(plan.reference.months) * plan.reference.hosts.size();
  return r.stock_true.size() == per_host * kStatusCount && r.revenue_cents.size() == per_host &&
         r.repatriations.size() == per_host;
}

// What a journal must match to be resumed: the sweep file and the resolved base scenario (which
// fix every run), the shard, and the build (another build may compute other numbers).
std::string sweep_identity(const SweepPlan& plan) {
  return fmt::format("repatsim {} (commit {})\nshard {}/{}\n--- sweep file\n{}\n--- base scenario "
                     "{} (resolved)\n{}\n",
                     kVersion, kGitCommit, plan.shard_index, plan.shard_count, plan.spec.text,
                     plan.spec.base.string(), plan.base.resolved_yaml);
}

std::string run_label(const SweepPlan& plan, std::int64_t run) {
  return fmt::format("run {} (point {}, replicate {})", run, run / plan.spec.replicates,
                     run % plan.spec.replicates);
}

void report_failure(const SweepPlan& plan, std::int64_t run, const SweepRunResult& r) {
  const auto p = static_cast<std::size_t>(run / plan.spec.replicates);
  if (!r.ok && plan.point_spec[p])  // invalid points were reported once, up front
    error(fmt::format("run {} (point {}: {}; replicate {}) failed: {}", run, p,
                      describe_point(plan.spec, plan.points[p]), run % plan.spec.replicates,
                      r.error));
}

// The coordinating process's state: the plan, the journal and every result so far.
struct SweepState {
  SweepPlan plan;
  std::unique_ptr<SweepJournal> journal;
  std::vector<std::optional<SweepRunResult>> results;  // by position in plan.runs
  std::vector<std::int64_t> todo;                      // runs still to run, in order
  std::size_t resumed = 0;                             // runs taken from the journal
  int failed_points = 0;
};

std::size_t position(const SweepPlan& plan, std::int64_t run) {
  return static_cast<std::size_t>((run - (plan.shard_index - 1)) / plan.shard_count);
}

// Checks everything before the first run: the sweep, the output, every point's scenario (a key
// path typo refuses the sweep), memory for `concurrent` runs at a time, and the journal (whose
// finished runs are taken over).
int prepare(const SweepOptions& options, SweepState& st, int concurrent) {
  if (const int code = load_plan(options, st.plan, true); code != kExitOk) return code;
  SweepPlan& plan = st.plan;
  concurrent = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(concurrent),
                                                      std::max<std::size_t>(plan.runs.size(), 1)));
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
  try {
    for (std::int64_t run : plan.runs) {
      const auto p = static_cast<std::size_t>(run / plan.spec.replicates);
      if (plan.point_spec[p] || !plan.point_error[p].empty()) continue;
      if (load_point(plan, p)) {
        if (const std::string problem = memory_problem(*plan.point_spec[p], concurrent);
            !problem.empty()) {
          error(fmt::format("{}: point {} ({}) cannot run: {}", options.sweep_file, p,
                            describe_point(plan.spec, plan.points[p]), problem));
          return kExitBadInput;
        }
        continue;
      }
      ++st.failed_points;
      error(fmt::format("point {} ({}) is not a valid scenario; its runs fail:\n{}", p,
                        describe_point(plan.spec, plan.points[p]), plan.point_error[p]));
    }
  } catch (const ScenarioError& e) {
    error(fmt::format("{} is not a valid sweep file:\n{}", options.sweep_file, e.what()));
    return kExitBadInput;
  }
  std::map<std::int64_t, SweepRunResult> finished;
  try {
    st.journal = std::make_unique<SweepJournal>(target, sweep_identity(plan));
    finished = st.journal->finished();
  } catch (const JournalError& e) {
    error(e.what());
    return kExitBadInput;
  } catch (const std::filesystem::filesystem_error& e) {
    error(fmt::format("cannot read the sweep journal: {}", e.what()));
    return kExitFailure;
  }
  st.results.assign(plan.runs.size(), std::nullopt);
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const std::int64_t run = plan.runs[i];
    const auto p = static_cast<std::size_t>(run / plan.spec.replicates);
    if (const auto it = finished.find(run); it != finished.end() && fits(plan, it->second)) {
      st.results[i] = std::move(it->second);
      ++st.resumed;
    } else if (!plan.point_spec[p]) {
      st.results[i] = SweepRunResult{false, plan.point_error[p], {}, {}, {}};
    } else {
      st.todo.push_back(run);
    }
  }
  return kExitOk;
}

void announce(const SweepOptions& options, const SweepState& st, const std::string& how) {
  if (options.quiet) return;
  const SweepPlan& plan = st.plan;
  fmt::print("repatsim: sweep {} ({} design, {} points x {} replicates = {} runs{}) of {} {} -> {}\n",
             options.sweep_file, design_name(plan.spec.design), plan.spec.points,
             plan.spec.replicates, plan.spec.points * plan.spec.replicates,
             plan.shard_count > 1 ? fmt::format("; shard {}/{}: {} runs", plan.shard_index,
                                                plan.shard_count, plan.runs.size())
                                  : std::string(),
             plan.base.spec.name, how, options.output);
  if (st.resumed > 0)
    fmt::print("repatsim: resuming: {} of {} runs were finished before (journal {})\n", st.resumed,
               plan.runs.size(), st.journal->directory().string());
  std::fflush(stdout);
}

int interrupted(const SweepState& st, int sig) {
  std::size_t kept = 0;
  for (const auto& r : st.results) kept += r ? 1 : 0;
  error(fmt::format("interrupted ({}); no sweep file written. {} of {} runs are kept in {}: run "
                    "the same command again to resume",
                    stop_signal_name(sig),
                    kept, st.plan.runs.size(), st.journal->directory().string()));
  return 128 + sig;
}

// Writes the sweep file from every result, then drops the journal.
int finish(const SweepOptions& options, SweepState& st, double wall) {
  const SweepPlan& plan = st.plan;
  SweepFileData data;
  data.sweep_yaml = plan.spec.text;
  data.sweep_source = options.sweep_file;
  data.base_scenario = plan.spec.base.string();
  data.scenario_name = plan.base.spec.name;
  data.design = std::string(design_name(plan.spec.design));
  data.master_seed = plan.spec.seed;
  data.points = plan.spec.points;
  data.replicates = plan.spec.replicates;
  data.total_runs = plan.spec.points * plan.spec.replicates;
  data.shard_index = plan.shard_index;
  data.shard_count = plan.shard_count;
  for (int m = 0; m < plan.reference.months; ++m)
    data.months.push_back(month_label(plan.reference.start + m));
  data.hosts = plan.reference.hosts;
  data.statuses = status_labels();
  for (const auto& param : plan.spec.parameters)
    data.run_parameters.push_back({param.key, param.numeric, {}, {}});
  const std::size_t per_run_stock = data.months.size() * data.hosts.size() * data.statuses.size();
  const std::size_t per_run_host = data.months.size() * data.hosts.size();
  std::int64_t failed = 0;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const std::int64_t run = plan.runs[i];
    const auto p = static_cast<std::size_t>(run / plan.spec.replicates);
    const std::int64_t rep = run % plan.spec.replicates;
    data.run.push_back(run);
    data.point.push_back(static_cast<std::int64_t>(p));
    data.replicate.push_back(rep);
    data.run_seed.push_back(run_seed(plan.spec.seed, static_cast<std::int64_t>(p), rep));
    const SweepRunResult& r = *st.results[i];
    data.run_ok.push_back(r.ok ? 1 : 0);
    data.run_error.push_back(r.ok ? std::string() : r.error);
    failed += r.ok ? 0 : 1;
    for (std::size_t j = 0; j < plan.spec.parameters.size(); ++j) {
      SweepColumn& c = data.run_parameters[j];
      if (c.numeric) c.numbers.push_back(plan.points[p].number[j]);
      else c.texts.push_back(plan.points[p].text[j]);
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
  if (plan.shard_count == 1) summarise(data);
  try {
    write_sweep_file(options.output, data, options.force);
  } catch (const OutputError& e) {
    error(fmt::format("{} (the finished runs stay in {})", e.what(),
                      st.journal->directory().string()));
    return kExitFailure;
  }
  st.journal->remove();
  if (!options.quiet)
    fmt::print("repatsim: {} runs ({} from the journal) in {:.2f} s ({} failed); wrote {}\n",
               plan.runs.size(), st.resumed, wall, failed, options.output);
  if (failed > 0) {
    error(fmt::format("{} of {} runs failed ({} invalid points); see run_ok and run_error in {}",
                      failed, plan.runs.size(), st.failed_points, options.output));
    return kExitFailure;
  }
  return kExitOk;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One process: the runs go side by side on `threads` threads, each run on one.
int local_sweep(const SweepOptions& options) {
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  SweepState st;
  if (const int code = prepare(options, st, threads); code != kExitOk) return code;
  const SweepPlan& plan = st.plan;
  announce(options, st, fmt::format("on {} threads", threads));
  SweepProgress progress(plan.runs.size(), st.resumed, options.quiet, true);
  std::mutex mutex;  // guards results, progress and the journal's error below
  std::string journal_error;
  const auto started = std::chrono::steady_clock::now();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    // One run per task, through the engine's parallel primitive (which ThreadSanitizer builds
    // run on std::threads).
    for_each_range(st.todo.size(), 1, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i != end; ++i) {
        if (g_stop_signal.load() != 0) return;
        const std::int64_t run = st.todo[i];
        const auto t0 = std::chrono::steady_clock::now();
        SweepRunResult result;
        try {
          result = execute_run(plan, run);
        } catch (const Interrupted&) {
          return;
        }
        std::string problem;
        try {
          st.journal->record(run, result);
        } catch (const JournalError& e) {
          problem = e.what();
        }
        std::lock_guard lock(mutex);
        if (!problem.empty()) {
          if (journal_error.empty()) journal_error = problem;
          g_stop_signal.store(-1);  // stop handing out runs; a journal that fails loses them
          return;
        }
        report_failure(plan, run, result);
        progress.finished(fmt::format("{} {} in {:.2f} s", run_label(plan, run),
                                      result.ok ? "ok" : "FAILED", seconds_since(t0)),
                          result.ok);
        st.results[position(plan, run)] = std::move(result);
      }
    });
  });
  progress.close();
  if (!journal_error.empty()) {
    error(journal_error);
    return kExitFailure;
  }
  if (const int sig = g_stop_signal.load(); sig > 0) return interrupted(st, sig);
  return finish(options, st, seconds_since(started));
}

// Several MPI ranks: rank 0 prepares, coordinates and writes; the others run what it hands out.
int distributed_sweep(const SweepOptions& options, const MpiSession& mpi) {
  if (mpi.rank() != 0) {
    SweepPlan plan;
    const int mine = load_plan(options, plan, false);
    const int go = mpi.broadcast(kExitOk);
    if (go != kExitOk) return go;
    if (mine != kExitOk) {
      error(fmt::format("rank {} cannot load the sweep that rank 0 loaded ({}); stopping the job",
                        mpi.rank(), options.sweep_file));
      mpi.abort(kExitFailure);
    }
    const int sig = serve_runs(
        mpi,
        [&](std::int64_t run) {
          const auto p = static_cast<std::size_t>(run / plan.spec.replicates);
          try {
            load_point(plan, p);
            return encode_run_result(run, execute_run(plan, run));
          } catch (const Interrupted&) {
            return std::vector<char>();
          } catch (const ScenarioError& e) {  // rank 0 checked every point; keep going anyway
            return encode_run_result(run, SweepRunResult{false, e.what(), {}, {}, {}});
          }
        },
        g_stop_signal);
    if (sig != 0) mpi.abort(128 + sig);
    return kExitOk;
  }

  SweepState st;
  int code = prepare(options, st, std::max(1, mpi.ranks_on_node() - 1));
  if (mpi.broadcast(code) != kExitOk) return code;
  const SweepPlan& plan = st.plan;
  announce(options, st, fmt::format("on {} MPI ranks (rank 0 coordinates)", mpi.size()));
  SweepProgress progress(plan.runs.size(), st.resumed, options.quiet, false);
  const auto started = std::chrono::steady_clock::now();
  const int sig = coordinate_runs(
      mpi, st.todo,
      [&](std::vector<char> bytes) {
        std::int64_t run = -1;
        SweepRunResult result;
        try {
          result = decode_run_result(bytes, run);
          if (run < plan.shard_index - 1 || (run - (plan.shard_index - 1)) % plan.shard_count != 0 ||
              position(plan, run) >= plan.runs.size() || !fits(plan, result))
            throw JournalError(fmt::format("a worker returned a result for run {} that does not "
                                           "belong to this sweep", run));
          st.journal->record(run, result);
        } catch (const JournalError& e) {
          progress.close();
          error(e.what());
          mpi.abort(kExitFailure);
        }
        report_failure(plan, run, result);
        progress.finished(fmt::format("{} {}", run_label(plan, run), result.ok ? "ok" : "FAILED"),
                          result.ok);
        st.results[position(plan, run)] = std::move(result);
      },
      g_stop_signal);
  progress.close();
  if (sig != 0) mpi.abort(interrupted(st, sig));
  return finish(options, st, seconds_since(started));
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  std::optional<MpiSession> mpi;
  if (launched_by_mpi()) mpi.emplace();
  catch_stop_signals();
  if (mpi && mpi->size() > 1) return distributed_sweep(options, *mpi);
  return local_sweep(options);
}


int merge_command(const std::vector<std::string>& shards, const std::string& output, bool force) {
  std::error_code ec;
  if (std::filesystem::exists(output, ec) && !force) {
    error(fmt::format("{} exists; pass --force to replace it", output));
    return kExitBadInput;
  }
  std::vector<SweepFileData> parts;
  try {
    for (const auto& s : shards) {
      const ReadDeadline deadline(s);  // libhdf5 can loop forever on a damaged file,
      const ReadCrashGuard crash_guard(s);  // or crash
      parts.push_back(read_sweep_file(s));
    }
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
  out.master_seed = first.master_seed;
  out.points = first.points;
  out.replicates = first.replicates;
  out.total_runs = first.total_runs;
  out.months = first.months;
  out.hosts = first.hosts;
  out.statuses = first.statuses;
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
