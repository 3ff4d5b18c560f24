// Engine throughput: the historical scenario scaled to 10^5, 10^6 and 10^7 initial workers, run
// for its whole horizon (120 months). Reported: worker-months per second (workers abroad, summed
// over the months), and the worker table's bytes per row.
//   build/bench/tests/benchmarks/bench_engine --benchmark_repetitions=3
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include "scenarios/loader.hpp"
#include "sim/build_state.hpp"
#include "sim/simulation.hpp"
#include "sim/workers.hpp"

namespace {
using namespace repatsim;

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

void historical_scaled(benchmark::State& state) {
  const auto workers = static_cast<double>(state.range(0));
  const auto threads = static_cast<std::size_t>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  ScenarioSpec spec = load_scenario(std::string(REPATSIM_SCENARIOS_DIR) + "/historical.yaml").spec;
  spec.population_scale = workers / static_cast<double>(initial_worker_count(spec));
  std::int64_t worker_months = 0;
  for (auto _ : state) {
    CountingRecorder recorder;
    run_simulation(spec, recorder);
    worker_months += recorder.worker_months;
  }
  state.counters["worker_months_per_s"] =
      benchmark::Counter(static_cast<double>(worker_months), benchmark::Counter::kIsRate);
  state.counters["bytes_per_worker"] = static_cast<double>(bytes_per_worker());
  state.counters["threads"] = static_cast<double>(threads);
}
}  // namespace

BENCHMARK(historical_scaled)
    ->ArgsProduct({{100'000, 1'000'000, 10'000'000}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

BENCHMARK_MAIN();
