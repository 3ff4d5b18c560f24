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

struct HostTotals {
  std::vector<double> employers, workers;  // [host] employers and DPRK workers present
};

HostTotals host_totals(const SimulationState& state) {
  HostTotals totals{std::vector<double>(state.hosts.size(), 0),
                    std::vector<double>(state.hosts.size(), 0)};
  const EmployerTable& em = state.employers;
  for (std::size_t e = 0; e < em.size_count(); ++e) {
    totals.employers[em.host[e]] += 1;
    totals.workers[em.host[e]] += em.size[e];
  }
  return totals;
}
}  // namespace

// Marks inspected employers: inspected[e] = 1 + the first body that inspects it, or 0 (and the
// same in inspected_bits).
void choose_inspections(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  EmployerTable& em = state.employers;
  const HostTotals totals = host_totals(state);
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
        const double p =
            hs.enforcement[b].targeting == Targeting::by_size
                ? (totals.workers[h] > 0 ? capacity * em.size[e] / totals.workers[h] : 0)
                : capacity / totals.employers[h];
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
  std::vector<double> inspected(H * kSectorCount, 0), total(H * kSectorCount, 0);
  for (std::size_t e = 0; e < em.size_count(); ++e) {
    const std::size_t g = em.host[e] * kSectorCount + idx(em.sector[e]);
    total[g] += 1;
    inspected[g] += em.inspected[e] ? 1 : 0;
    if (em.inspected[e]) ++state.record.inspections[em.host[e]];
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
      const double seen = inspected[g] / total[g];
      belief += static_cast<float>(spillover[em.host[e]] * (seen - belief));
    }
  });
}

}  // namespace repatsim
