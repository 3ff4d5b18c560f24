// Phase 6: enforcement (MODEL.md section 3, "Enforcement bodies"), the employers' side. Each body
// inspects employers up to its monthly capacity: at random (each employer of the host equally
// likely) or by size (likelihood proportional to its DPRK workforce). At an inspected employer
// unlawful workers are found (detect.hpp, applied row by row in month_passes.cpp).
// Beliefs update: an inspected employer's belief of being inspected moves halfway to certainty;
// the others move toward the share of their host and sector inspected this month, by the body's
// spillover weight.
#include <algorithm>
#include <cmath>

#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"
#include "sim/rng.hpp"

namespace repatsim {

namespace {
constexpr float kLearningRate = 0.5f;  // assumption: how far one inspection moves a belief

// Counts over the employer table in `groups` groups per host: integer sums, counted in parallel
// (one tally per thread, for_each_range_summed) and so the same on any thread count.
template <std::size_t groups>
struct EmployerCounts {
  int hosts;
  std::vector<std::int64_t> employers, workers, inspected;  // [host][group]
  explicit EmployerCounts(int h)
      : hosts(h),
        employers(static_cast<std::size_t>(h) * groups),
        workers(employers.size()),
        inspected(employers.size()) {}
  void merge(const EmployerCounts& o) {
    for (std::size_t g = 0; g < employers.size(); ++g) {
      employers[g] += o.employers[g];
      workers[g] += o.workers[g];
      inspected[g] += o.inspected[g];
    }
  }
};

// The employers (and their DPRK workers, and those inspected) of each host (groups = 1) or of
// each host and sector (groups = kSectorCount, group host * kSectorCount + sector).
template <std::size_t groups>
EmployerCounts<groups> count_employers(const SimulationState& state) {
  static_assert(groups == 1 || groups == static_cast<std::size_t>(kSectorCount));
  const EmployerTable& em = state.employers;
  EmployerCounts<groups> counts(state.host_count());
  for_each_range_summed(
      em.size_count(), kChunkRows, counts,
      [&](std::size_t begin, std::size_t end, EmployerCounts<groups>& c) {
        for (std::size_t e = begin; e < end; ++e) {
          const std::size_t g = em.host[e] * groups + (groups == 1 ? 0 : idx(em.sector[e]));
          ++c.employers[g];
          c.workers[g] += em.size[e];
          c.inspected[g] += em.inspected[e] ? 1 : 0;
        }
      });
  return counts;
}
}  // namespace

// Marks inspected employers: inspected[e] = 1 + the first body that inspects it, or 0 (and the
// same in inspected_bits).
void choose_inspections(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  EmployerTable& em = state.employers;
  // Counted before this month's inspections: only the employers and workers are read.
  const EmployerCounts<1> totals = count_employers<1>(state);
  static_assert(kChunkRows % 64 == 0, "each chunk of employers writes whole words of inspected_bits");
  for_each_range(em.size_count(), kChunkRows, [&](std::size_t begin, std::size_t end) {
    std::fill(em.inspected_bits.begin() + static_cast<std::ptrdiff_t>(begin / 64),
              em.inspected_bits.begin() + static_cast<std::ptrdiff_t>((end + 63) / 64), 0);
    // Employer e is inspected by the first body b whose draw b falls below its chance (draws 0-3
    // are block 0; a fifth body or more reads the next block).
    DrawsEightAtATime batch(spec.seed, state.t, Stream::inspection, 1, begin, end,
                            [](std::size_t e) { return static_cast<std::uint64_t>(e); });
    for (std::size_t e = begin; e < end; ++e) {
      const int h = em.host[e];
      const HostSpec& hs = spec.hosts[h];
      const HostState& host = state.hosts[h];
      em.inspected[e] = 0;
      Draws d = batch.draws(e);
      for (std::size_t b = 0; b < hs.enforcement.size() && b < 250; ++b) {
        const double capacity = host.bodies[b].capacity_now;
        const auto workers = static_cast<double>(totals.workers[h]);
        const double p = hs.enforcement[b].targeting == Targeting::by_size
                             ? (workers > 0 ? capacity * em.size[e] / workers : 0)
                             : capacity / static_cast<double>(totals.employers[h]);
        if (d.uniform(static_cast<unsigned>(b)) < p) {
          em.inspected[e] = static_cast<std::uint8_t>(b + 1);
          em.inspected_bits[e / 64] |= std::uint64_t{1} << (e % 64);
          break;
        }
      }
    }
  });
}

void update_beliefs(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  EmployerTable& em = state.employers;
  // Share of each host's employers of each sector inspected this month.
  const std::size_t H = state.hosts.size();
  const EmployerCounts<kSectorCount> counts = count_employers<kSectorCount>(state);
  std::vector<double> seen(H * kSectorCount, 0);
  for (std::size_t g = 0; g < seen.size(); ++g) {
    if (counts.employers[g] == 0) continue;  // no employer reads it
    seen[g] = static_cast<double>(counts.inspected[g]) / static_cast<double>(counts.employers[g]);
    state.record.inspections[g / kSectorCount] += counts.inspected[g];
  }
  std::vector<double> spillover(H, 0);
  for (std::size_t h = 0; h < H; ++h)
    for (const auto& body : spec.hosts[h].enforcement)
      spillover[h] = std::max(spillover[h], body.belief_spillover);
  for_each_range(em.size_count(), kChunkRows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t e = begin; e < end; ++e) {
      float& belief = em.belief[e];
      if (em.inspected[e]) {
        belief += kLearningRate * (1.0f - belief);
        continue;
      }
      const std::size_t g = em.host[e] * kSectorCount + idx(em.sector[e]);
      belief += static_cast<float>(spillover[em.host[e]] * (seen[g] - belief));
    }
  });
}

}  // namespace repatsim
