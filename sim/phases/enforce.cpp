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
  const int H = state.host_count();
  // Counted before this month's inspections: only the employers and workers are read.
  const EmployerCounts<1> totals = count_employers<1>(state);
  // Each body's chance of inspecting an employer: capacity / employers at random (the same for
  // every employer of the host, so computed once here), capacity * size / workers by size.
  struct Chance {
    bool by_size;
    double capacity, workers, at_random;
  };
  std::vector<std::vector<Chance>> chances(H);
  for (int h = 0; h < H; ++h)
    for (std::size_t b = 0; b < spec.hosts[h].enforcement.size() && b < 250; ++b) {
      const double capacity = state.hosts[h].bodies[b].capacity_now;
      const auto employers = static_cast<double>(totals.employers[h]);
      chances[h].push_back({spec.hosts[h].enforcement[b].targeting == Targeting::by_size, capacity,
                            static_cast<double>(totals.workers[h]),
                            employers > 0 ? capacity / employers : 0});
    }
  static_assert(kChunkRows % 64 == 0, "each chunk of employers writes whole words of inspected_bits");
  const PhiloxX16 philox = best_philox_x16();
  for_each_range(em.size_count(), kChunkRows, [&](std::size_t begin, std::size_t end) {
    std::fill(em.inspected_bits.begin() + static_cast<std::ptrdiff_t>(begin / 64),
              em.inspected_bits.begin() + static_cast<std::ptrdiff_t>((end + 63) / 64), 0);
    // Employer e is inspected by the first body b whose draw b (Draws(seed, t, inspection,
    // e).uniform(b)) falls below its chance.
    auto inspect = [&](std::size_t e, auto&& draw) {
      const std::vector<Chance>& bodies = chances[em.host[e]];
      em.inspected[e] = 0;
      for (std::size_t b = 0; b < bodies.size(); ++b) {
        const Chance& c = bodies[b];
        const double p = !c.by_size     ? c.at_random
                         : c.workers > 0 ? c.capacity * em.size[e] / c.workers
                                         : 0;
        if (draw(static_cast<unsigned>(b)) < p) {
          em.inspected[e] = static_cast<std::uint8_t>(b + 1);
          em.inspected_bits[e / 64] |= std::uint64_t{1} << (e % 64);
          return;
        }
      }
    };
    auto one_by_one = [&](std::size_t e) {
      Draws d(spec.seed, state.t, Stream::inspection, e);
      inspect(e, [&](unsigned b) { return d.uniform(b); });
    };
    // Block 0 (draws 0-3) of sixteen employers a call, read directly; an employer with a fifth
    // body or more, and the last few, draw their own.
    std::size_t e = begin;
    for (PhiloxLanes drawn[2]; e + 16 <= end; e += 16) {
      const auto first = static_cast<std::uint32_t>(e);  // employers' indexes are below 2^32
      blocks_x16(philox, spec.seed, state.t, Stream::inspection, {0, 0}, nullptr, nullptr, 0,
                 drawn, {first, first + 8});
      for (int k = 0; k < 16; ++k) {
        const std::size_t employer = e + static_cast<std::size_t>(k);
        if (chances[em.host[employer]].size() > 4) {
          one_by_one(employer);
          continue;
        }
        const PhiloxLanes& set = drawn[k / 8];
        inspect(employer, [&](unsigned b) { return Draws::uniform_of(set.v[b][k % 8]); });
      }
    }
    for (; e < end; ++e) one_by_one(e);
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
