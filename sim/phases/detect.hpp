// Phase 6, the workers' side of enforcement (enforce.cpp chooses the employers inspected): at an
// inspected employer each unlawful worker is found with the body's detection probability (scaled
// for visa-disguised workers and front companies), detained to await deportation, and the
// employer is fined per worker found.
// The rule acts on one row at a time; month_passes.cpp applies it with phases 4 and 5 in one
// pass over the table.
#pragma once

#include <cmath>

#include "sim/rng.hpp"
#include "sim/state.hpp"

namespace repatsim {

class DetectionRule {
 public:
  explicit DetectionRule(const SimulationState& state)
      : state_(&state), inspected_bits_(state.employers.inspected_bits.data()), t_(state.t) {}

  // Detains row i if it works unlawfully at an inspected employer and is found.
  void apply(const WorkerColumns& w, std::size_t i, Ledger& l) const {
    const Status s = w.status[i];
    if (!unlawful(s)) return;
    const std::uint32_t employer = w.employer[i];
    if (!((inspected_bits_[employer >> 6] >> (employer & 63)) & 1u)) return;
    inspect(w, i, s, employer, state_->employers.inspected[employer] - 1, l);
  }

 private:
  // Out of line: keeps the loop that calls apply() for every row small.
  [[gnu::noinline]] void inspect(const WorkerColumns& w, std::size_t i, Status s, std::uint32_t employer, int body,
               Ledger& l) const {
    const ScenarioSpec& spec = *state_->spec;
    const int h = w.host[i];
    const EnforcementBodySpec& bs = spec.hosts[h].enforcement[body];
    double p = state_->hosts[h].bodies[body].detection_now;
    if (s == Status::visa_disguised) p *= bs.visa_detection_factor;
    if (state_->employers.front_company[employer]) p *= bs.front_detection_factor;
    Draws d(spec.seed, t_, Stream::detection, i);
    if (d.uniform(0) >= p) return;
    l.move(h, s, h, Status::detained);
    l.count(h, Flow::detections);
    l.fines_cents[h] += std::llround(bs.employer_fine_usd * 100);
    w.status[i] = Status::detained;
    w.expiry[i] = kNoExpiry;
    w.flags[i] &= static_cast<std::uint8_t>(~worker_flag::transfer_pending);
  }

  const SimulationState* state_;
  const std::uint64_t* inspected_bits_;  // EmployerTable::inspected_bits, read once per month
  int t_;
};

}  // namespace repatsim
