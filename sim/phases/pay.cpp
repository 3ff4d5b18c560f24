// Phase 8: money (MODEL.md section 7). Every earning worker is paid the gross wage; exempt workers
// keep their own wages; stranded workers earn where the scenario says a share of them still
// works. The state takes its share of the wage (or a fixed loyalty payment, at most the wage);
// the formal part is paid through employers, the informal part is bulk cash that reaches the DPRK
// only while a route home is open and otherwise accumulates in the host. All sums are integer
// cents, so gross = state share + worker share exactly.
#include <cmath>

#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"
#include "sim/rng.hpp"

namespace repatsim {

namespace {
struct PayRule {  // a host's rule in integer form
  std::int64_t share_ppm = 0;     // state share, parts per million of the wage
  std::int64_t loyalty_cents = 0; // fixed payment instead, if > 0
  std::int64_t formal_ppm = 0;    // formal share of the state's take
  double stranded_earning = 0;
};

std::vector<PayRule> pay_rules(const ScenarioSpec& spec) {
  std::vector<PayRule> rules;
  for (const HostSpec& h : spec.hosts) {
    PayRule r;
    r.share_ppm = std::llround(h.state_share.value_or(spec.dprk.state_share) * 1e6);
    r.loyalty_cents = std::llround(h.loyalty_payment_usd * 100);
    r.formal_ppm = std::llround(h.formal_remittance_share * 1e6);
    r.stranded_earning = h.stranded_earning_share;
    rules.push_back(r);
  }
  return rules;
}
}  // namespace

void pay_workers(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  const std::vector<PayRule> rules = pay_rules(spec);
  const WorkerTable& w = state.workers;
  Ledger pay(state.host_count());
  for_each_chunk_merged(w.size(), pay, [&](std::size_t b, std::size_t e, Ledger& l) {
    for (std::size_t i = b; i < e; ++i) {
      const Status s = w.status[i];
      const int h = w.host[i];
      if (s == Status::stranded) {
        if (rules[h].stranded_earning <= 0) continue;
        Draws d(spec.seed, state.t, Stream::stranded_earning, i);
        if (d.uniform(0) >= rules[h].stranded_earning) continue;
      } else if (!earns(s)) {
        continue;
      }
      const std::int64_t wage = w.wage_cents[i];
      l.gross_wages_cents[h] += wage;
      if (s == Status::exempt) {  // lawfully resident: their wages are their own
        l.worker_share_cents[h] += wage;
        continue;
      }
      const PayRule& r = rules[h];
      const std::int64_t take = r.loyalty_cents > 0 ? std::min(r.loyalty_cents, wage) : wage * r.share_ppm / 1'000'000;
      const std::int64_t formal = take * r.formal_ppm / 1'000'000;
      l.worker_share_cents[h] += wage - take;
      l.formal_cents[h] += formal;
      l.informal_cents[h] += take - formal;
    }
  });
  state.month.merge(pay);

  state.record.state_revenue_cents.assign(state.hosts.size() * kRemittanceChannelCount, 0);
  state.record.informal_held_cents.assign(state.hosts.size(), 0);
  for (int h = 0; h < state.host_count(); ++h) {
    HostState& host = state.hosts[h];
    std::int64_t* revenue = &state.record.state_revenue_cents[h * kRemittanceChannelCount];
    revenue[idx(RemittanceChannel::formal)] = pay.formal_cents[h];
    host.informal_held_cents += pay.informal_cents[h];
    if (host.reaches_origin) {  // couriers carry the cash home
      revenue[idx(RemittanceChannel::informal)] = host.informal_held_cents;
      host.informal_held_cents = 0;
    }
    state.record.informal_held_cents[h] = host.informal_held_cents;
  }
}

}  // namespace repatsim
