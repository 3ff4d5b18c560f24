// Phase 5: hosts bound by the repatriation deadline (UNSCR 2397 op. 8) review covered workers:
// those the host finds to be its nationals or whose repatriation is barred by law become exempt;
// the others are ordered home at the host's compliance pace, and all of them in the deadline
// month if the host complies by the deadline. Covered: permitted workers and minders, and
// visa-disguised workers where the host counts them. An ordered worker's employer still chooses
// by expected value whether to let them go.
#include "sim/employer_choice.hpp"
#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"
#include "sim/rng.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

void order_departures(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  const int t = state.t;
  bool any = false;
  for (const HostState& host : state.hosts)
    any = any || (host.measures.deadline && t >= host.measures.deadline_adopted);
  if (!any) return;

  const WorkerColumns columns = state.workers.columns();
  constexpr std::uint8_t exempt_flags = worker_flag::host_national | worker_flag::barred_by_law;
  Ledger moves(state.host_count());
  for_each_chunk_merged(state.workers.size(), moves, [&](std::size_t b, std::size_t e, Ledger& l) {
    const WorkerColumns w = columns;
    for (std::size_t i = b; i < e; ++i) {
      const Status s = w.status[i];
      if (s != Status::permitted && s != Status::visa_disguised) continue;
      const int h = w.host[i];
      const HostState& host = state.hosts[h];
      if (!host.measures.deadline || t < host.measures.deadline_adopted) continue;
      if (s == Status::visa_disguised && !host.posture.counts_visa_disguised) continue;
      if (w.flags[i] & exempt_flags) {
        l.move(h, s, h, Status::exempt);
        l.count(h, Flow::exemptions_granted);
        w.status[i] = Status::exempt;
        w.expiry[i] = kNoExpiry;
        continue;
      }
      Draws d(spec.seed, t, Stream::departure_order, i);
      const bool all_now = host.posture.complies_at_deadline && t >= host.measures.deadline_step;
      if (!all_now && d.uniform(0) >= host.pace_now) continue;
      l.count(h, Flow::departures_ordered);
      const HostSpec& hs = spec.hosts[h];
      ChoiceOptions options;
      options.visa_available = s == Status::permitted && !host.posture.counts_visa_disguised &&
                               d.uniform(1) < host.posture.visa_tolerance;
      options.transfer_available = host.transfer_arc >= 0;
      const Choice c = choose(state.employers, w.employer[i], host, hs.employers, options);
      carry_out(c, w, i, h, permit_end(t, host.contract_months, d, 2), l);
    }
  });
  state.commit(moves);
}

}  // namespace repatsim
