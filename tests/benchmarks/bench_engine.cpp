// The engine's benchmark suite (issue 8; BENCHMARKS.md gives the method, figures and targets).
// Never run by ctest: build with the `bench` preset and run
//   build/bench/tests/benchmarks/bench_engine [--benchmark_filter=...]
//
// synthetic/<workers>: the historical scenario scaled to 10^5, 10^6 and 10^7 initial workers
//   (population_scale), 120 months, once on 1 thread and once on 2. Counters:
//   wm_per_s_1t, wm_per_s_2t   worker-months per second (workers abroad, summed over the months)
//   wm_per_cpu_s_1t            worker-months per CPU second on 1 thread (getrusage): less
//                              disturbed than wall time when other processes share the cores
//   efficiency                 wm_per_s_2t / (2 * wm_per_s_1t)
//   ns_wm_<part>               ns per worker-month in each part of the month (2 threads)
//   stream_ratio               the engine's time per month over a plain loop that reads and
//                              writes every byte of the worker table once (2 threads)
//   stream_ns_per_row          that loop's time per row: the faster of the loop over the
//                              engine's table (_table: large columns on 2 MB pages) and over a
//                              copy in plain vectors (_plain: 4 KB pages)
//   table_bytes_per_worker     bytes of state per row; rss_bytes_per_row: peak RSS over rows
// recount: the yearly recount of every row alone (count_rows), 10^7 workers after 60 months,
//   2 threads; ns_per_row.
// historical_end_to_end: the shipped historical scenario as `repatsim run` does it: load, set-up
//   (the initial tables), run (the months), write the run file; seconds of each.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "output/run_file.hpp"
#include "scenarios/loader.hpp"
#include "sim/build_state.hpp"
#include "sim/check_totals.hpp"
#include "sim/cpu.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"
#include "sim/step_month.hpp"
#include "sim/workers.hpp"

namespace {
using namespace repatsim;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

const std::string kHistorical = std::string(REPATSIM_SCENARIOS_DIR) + "/historical.yaml";

// Counts worker-months as the months go by, keeping nothing else.
class CountingRecorder final : public Recorder {
 public:
  void begin(const RunLayout&) override {}
  void record(const MonthRecord& m) override {
    for (std::size_t i = 0; i < m.stock_true.size(); ++i)
      if (static_cast<int>(i % kStatusCount) != idx(Status::repatriated)) worker_months += m.stock_true[i];
  }
  void finish() override {}
  std::int64_t worker_months = 0;
};

// CPU seconds used by the process so far (all threads, user and system).
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

struct Run {
  double seconds = 0;  // the months only (set-up excluded)
  double cpu_seconds = 0;
  std::int64_t worker_months = 0;
  std::int64_t row_months = 0;  // rows of the table (incl. repatriated), summed over the months
  PhaseTimes phases;
  std::size_t final_rows = 0;
  WorkerTable final_table;  // when asked for (for the streaming bound)
};

Run run_months(const ScenarioSpec& spec, int threads, bool keep_table) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  SimulationState state = build_state(spec);
  CountingRecorder recorder;
  Run run;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  for (int m = 0; m < spec.months(); ++m) {
    step_month(state, recorder, &run.phases);
    run.row_months += static_cast<std::int64_t>(state.workers.size());
  }
  run.seconds = seconds_since(start);
  run.cpu_seconds = cpu_seconds() - cpu_start;
  run.worker_months = recorder.worker_months;
  run.final_rows = state.workers.size();
  if (keep_table) run.final_table = std::move(state.workers);
  return run;
}

// The streaming bound: seconds per row for a plain parallel loop that reads and writes every
// column of a table of `rows` rows once (best of five), on the engine's chunks.
double stream_seconds_per_row(const WorkerColumns& columns, std::size_t rows, int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  double best = 1e300;
  for (int round = 0; round < 5; ++round) {
    const auto start = Clock::now();
    // Alternately +1 and -1, so the table ends as it was.
    const int step = round % 2 == 0 ? 1 : -1;
    for_each_range(rows, kChunkRows, [&](std::size_t b, std::size_t e) {
      const WorkerColumns w = columns;
      for (std::size_t i = b; i < e; ++i) {
        w.status[i] = static_cast<Status>(static_cast<std::uint8_t>(w.status[i]) + step);
        w.host[i] = static_cast<std::uint8_t>(w.host[i] + step);
        w.sector[i] = static_cast<Sector>(static_cast<std::uint8_t>(w.sector[i]) + step);
        w.flags[i] = static_cast<std::uint8_t>(w.flags[i] + step);
        w.expiry[i] = static_cast<std::int16_t>(w.expiry[i] + step);
        w.arrived[i] = static_cast<std::int16_t>(w.arrived[i] + step);
        w.wage_cents[i] += static_cast<std::uint32_t>(step);
        w.employer[i] += static_cast<std::uint32_t>(step);
      }
    });
    best = std::min(best, seconds_since(start));
  }
  benchmark::DoNotOptimize(columns.status);
  return best / static_cast<double>(rows);
}

// A copy of the table's columns in plain std::vectors: 4 KB pages, as malloc places them. The
// engine's large columns are on 2 MB pages (workers.hpp), which speed its scattered visits but
// streamed a little slower on the machine of BENCHMARKS.md item 18 (0.79 against 0.73 ns a
// row): the bound is the faster of the two layouts, so that the table's pages cannot flatter
// the ratio.
struct PlainColumns {
  explicit PlainColumns(const WorkerTable& t)
      : status(t.status.begin(), t.status.end()), host(t.host.begin(), t.host.end()),
        sector(t.sector.begin(), t.sector.end()), flags(t.flags.begin(), t.flags.end()),
        expiry(t.expiry.begin(), t.expiry.end()), arrived(t.arrived.begin(), t.arrived.end()),
        wage_cents(t.wage_cents.begin(), t.wage_cents.end()),
        employer(t.employer.begin(), t.employer.end()) {}
  WorkerColumns columns() {
    return {status.data(), host.data(),    sector.data(),     flags.data(),
            expiry.data(), arrived.data(), wage_cents.data(), employer.data()};
  }
  std::vector<Status> status;
  std::vector<std::uint8_t> host;
  std::vector<Sector> sector;
  std::vector<std::uint8_t> flags;
  std::vector<std::int16_t> expiry, arrived;
  std::vector<std::uint32_t> wage_cents, employer;
};

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

void synthetic(benchmark::State& state) {
  const auto workers = static_cast<double>(state.range(0));
  ScenarioSpec spec = load_scenario(kHistorical).spec;
  spec.population_scale = workers / static_cast<double>(initial_worker_count(spec));
  for (auto _ : state) {
    const Run one = run_months(spec, 1, false);
    Run two = run_months(spec, 2, true);
    state.SetIterationTime(two.seconds);
    const double wm = static_cast<double>(two.worker_months);
    state.counters["wm_per_s_1t"] = static_cast<double>(one.worker_months) / one.seconds;
    state.counters["wm_per_s_2t"] = wm / two.seconds;
    // Less sensitive than wall time to other processes sharing the cores.
    state.counters["wm_per_cpu_s_1t"] = static_cast<double>(one.worker_months) / one.cpu_seconds;
    state.counters["efficiency"] = (wm / two.seconds) / (2 * static_cast<double>(one.worker_months) / one.seconds);
    for (std::size_t k = 0; k < PhaseTimes::kNames.size(); ++k)
      state.counters["ns_wm_" + std::string(PhaseTimes::kNames[k])] = two.phases.seconds[k] * 1e9 / wm;
    // Peak memory before the streaming bound's copy of the table.
    const std::size_t rows = two.final_table.size();
    state.counters["table_bytes_per_worker"] = static_cast<double>(bytes_per_worker());
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["rss_bytes_per_row"] = peak_rss_bytes() / static_cast<double>(rows);
    state.counters["peak_rss_MB"] = peak_rss_bytes() / 1e6;
    const double stream_table = stream_seconds_per_row(two.final_table.columns(), rows, 2);
    PlainColumns plain(two.final_table);
    const double stream_plain = stream_seconds_per_row(plain.columns(), rows, 2);
    const double stream = std::min(stream_table, stream_plain);
    state.counters["stream_ratio"] = two.seconds / (stream * static_cast<double>(two.row_months));
    state.counters["stream_ns_per_row"] = stream * 1e9;
    state.counters["stream_ns_per_row_table"] = stream_table * 1e9;
    state.counters["stream_ns_per_row_plain"] = stream_plain * 1e9;
  }
}

void historical_end_to_end(benchmark::State& state) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("repatsim_bench_" + std::to_string(getpid()) + ".h5");
  double load = 0, setup = 0, run = 0, write = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    const LoadedScenario loaded = load_scenario(kHistorical);
    load += seconds_since(start);
    // run_simulation's steps, timed apart: set-up (the initial tables), then the months.
    start = Clock::now();
    SimulationState sim = build_state(loaded.spec);
    MemoryRecorder recorder;
    recorder.begin(layout_of(loaded.spec));
    setup += seconds_since(start);
    start = Clock::now();
    for (int m = 0; m < loaded.spec.months(); ++m) step_month(sim, recorder);
    recorder.finish();
    run += seconds_since(start);
    start = Clock::now();
    RunMetadata meta;
    meta.scenario_yaml = loaded.resolved_yaml;
    meta.scenario_source = kHistorical;
    meta.threads = 2;
    write_run_file(file, recorder.take(), meta, true);
    write += seconds_since(start);
  }
  std::filesystem::remove(file);
  const auto n = static_cast<double>(state.iterations());
  state.counters["load_s"] = load / n;
  state.counters["setup_s"] = setup / n;
  state.counters["run_s"] = run / n;
  state.counters["write_s"] = write / n;
  state.counters["total_s"] = (load + setup + run + write) / n;
}
}  // namespace

BENCHMARK(synthetic)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

// The yearly recount of every row (check_totals.hpp) on its own, in the table of a 10^7-worker
// run after 60 months (rows abroad and at home, as the run's recounts meet them), 2 threads.
void recount(benchmark::State& state) {
  ScenarioSpec spec = load_scenario(kHistorical).spec;
  spec.population_scale = 1e7 / static_cast<double>(initial_worker_count(spec));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
  SimulationState sim = build_state(spec);
  CountingRecorder recorder;
  for (int m = 0; m < 60; ++m) step_month(sim, recorder);
  for (auto _ : state) {
    const RowCount count = count_rows(sim);
    benchmark::DoNotOptimize(count.by_status.data());
  }
  state.counters["ns_per_row"] = benchmark::Counter(
      static_cast<double>(sim.workers.size()) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(recount)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(30);

BENCHMARK(historical_end_to_end)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

int main(int argc, char** argv) {
  // Which vector kernels ran: the same code is faster where the CPU has AVX-512 (sixteen Philox
  // blocks a call), so figures from different machines say which they had.
  benchmark::AddCustomContext("vector_kernels", repatsim::cpu_has_avx512() ? "AVX2 and AVX-512"
                                                : repatsim::cpu_has_avx2() ? "AVX2"
                                                                           : "portable");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
