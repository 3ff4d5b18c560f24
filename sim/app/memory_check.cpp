#include "sim/app/memory_check.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "sim/build_state.hpp"
#include "sim/workers.hpp"

namespace repatsim::app {

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) bytes /= 1024, ++u;
  return fmt::format("{:.1f} {}", bytes, units[u]);
}

// Refuses, before anything is allocated, a run whose worker table cannot fit in this machine's
// memory: the table starts at the initial workers and grows as the DPRK sends new people while
// returnees rest at home (three times the start is a generous bound: the historical run grows
// less than twofold), and snapshots copy the workers abroad; `concurrent_runs` such runs side by
// side (a sweep) need that many times as much. Empty when it fits.
std::string memory_problem(const ScenarioSpec& spec, int concurrent_runs) {
  const double rows = static_cast<double>(initial_worker_count(spec));
  const double per_run = rows * static_cast<double>(bytes_per_worker()) * 3 +
                         rows * static_cast<double>(bytes_per_worker() + 4) *
                             static_cast<double>(spec.output.snapshots.size());
  const double needed = per_run * static_cast<double>(concurrent_runs);
  const double available = static_cast<double>(sysconf(_SC_PHYS_PAGES)) *
                           static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (needed <= available * 0.8) return {};
  return fmt::format("{}{:.0f} initial workers need about {} of memory (worker table at {} bytes "
                     "a worker, with room to grow, and snapshots); this machine has {}. Lower "
                     "population_scale or the initial stocks{}",
                     concurrent_runs > 1 ? fmt::format("{} runs at a time of ", concurrent_runs) : "",
                     rows, human_bytes(needed), bytes_per_worker(), human_bytes(available),
                     concurrent_runs > 1 ? ", or run fewer at a time (--threads)" : "");
}

}  // namespace repatsim::app
