// Phase 4: tours and permits that end this month resolve (MODEL.md section 6, step 4).
// - A worker whose tour is over is recalled by the DPRK and waits for a seat home.
// - A permit is renewed unless the 2375 ban applies and the host treats renewals as new
//   authorizations (then only a Committee approval renews it); a non-work visa is extended where
//   the host tolerates it. Otherwise the employer chooses by expected value.
// The rule acts on one row at a time; month_passes.cpp applies it with phases 5 and 6 in one
// pass over the table.
#pragma once

#include <cmath>

#include "sim/employer_choice.hpp"
#include "sim/rng.hpp"
#include "sim/state.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

class ExpiryRule {
 public:
  explicit ExpiryRule(const SimulationState& state)
      : state_(&state),
        t_(state.t),
        tour_steps_(static_cast<int>(std::ceil(state.spec->dprk.tour_months))) {}

  // Tours of at least this many steps are over (settle_filter.hpp repeats apply()'s test).
  int tour_steps() const { return tour_steps_; }

  // Resolves row i if its tour or permit ends this month. `listed`, if not null, holds the
  // month's draws of this stream for rows whose permit ends (rising rows).
  void apply(const WorkerColumns& w, std::size_t i, Ledger& l,
             ListedDraws* listed = nullptr) const {
    // Most rows have nothing ending this month: test everything without branching (bitwise
    // & and |), so the one branch taken per row is almost always predicted.
    const Status s = w.status[i];
    const bool earning = idx(s) <= idx(Status::irregular);
    const bool tour_over = t_ - w.arrived[i] >= tour_steps_;
    const bool expired = (s != Status::irregular) & (w.expiry[i] <= t_);
    if (!(earning & (tour_over | expired))) return;
    resolve(w, i, s, tour_over, l, listed);
  }

 private:
  static bool renewal_refused(const HostState& host) {
    return host.measures.ban && host.posture.refuses_renewals && !host.measures.renewals_allowed;
  }

  // Out of line: keeps the loop that calls apply() for every row small.
  [[gnu::noinline]] void resolve(const WorkerColumns& w, std::size_t i, Status s, bool tour_over,
                                 Ledger& l, ListedDraws* listed) const {
    const int t = t_;
    const int h = w.host[i];
    if (tour_over) {
      l.move(h, s, h, Status::awaiting_exit);
      l.count(h, Flow::tour_ends);
      w.status[i] = Status::awaiting_exit;
      w.expiry[i] = kNoExpiry;
      w.flags[i] &= static_cast<std::uint8_t>(~worker_flag::transfer_pending);
      return;
    }
    const ScenarioSpec& spec = *state_->spec;
    const HostSpec& hs = spec.hosts[h];
    const HostState& host = state_->hosts[h];
    l.count(h, Flow::permit_expiries);
    Draws d = listed != nullptr ? listed->draws(i) : Draws(spec.seed, t, Stream::renewal, i);
    bool renewed;
    if (s == Status::visa_disguised) {
      renewed = d.uniform(0) < host.posture.visa_tolerance;
    } else if (renewal_refused(host)) {
      renewed = d.uniform(0) < host.measures.ban_approval_rate;
      if (renewed) l.count(h, Flow::committee_approvals);
    } else {
      renewed = true;
    }
    if (renewed) {
      l.count(h, s == Status::permitted ? Flow::renewals : Flow::visa_extensions);
      w.expiry[i] = permit_end(t, host, d, 2);
      return;
    }
    ChoiceOptions options;
    options.visa_available = s == Status::permitted && d.uniform(1) < host.posture.visa_tolerance;
    options.transfer_available = host.transfer_arc >= 0;
    const Choice c = choose(state_->employers, w.employer[i], host, hs.employers, options);
    carry_out(c, w, i, h, permit_end(t, host, d, 3), l);
  }

  const SimulationState* state_;
  int t_;
  int tour_steps_;
};

}  // namespace repatsim
