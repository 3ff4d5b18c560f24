// Phase 8: money (MODEL.md section 7). Every earning worker is paid the gross wage; exempt workers
// keep their own wages; stranded workers earn the scenario's share of their wages (the share of
// them who still find work, in expectation). The state takes its share of the host's wage bill (or, where the host pays a fixed
// loyalty payment, that payment from each worker, at most the wage); the formal part is paid
// through employers, the informal part is bulk cash that reaches the DPRK only while a route
// home is open and otherwise accumulates in the host. All sums are integer cents, rounded once
// per host and month, so gross = state share + worker share exactly.
#include <cmath>

#include "sim/parallel.hpp"
#include "sim/phases/phases.hpp"

namespace repatsim {

namespace {
struct PayRule {  // a host's rule in integer form
  std::int64_t share_ppm = 0;     // state share, parts per million of the wage bill
  std::int64_t loyalty_cents = 0; // fixed payment per worker instead, if > 0
  std::int64_t formal_ppm = 0;    // formal share of the state's take
  std::int64_t stranded_earning_ppm = 0;
};

std::vector<PayRule> pay_rules(const ScenarioSpec& spec) {
  std::vector<PayRule> rules;
  for (const HostSpec& h : spec.hosts) {
    PayRule r;
    r.share_ppm = std::llround(h.state_share.value_or(spec.dprk.state_share) * 1e6);
    r.loyalty_cents = std::llround(h.loyalty_payment_usd * 100);
    r.formal_ppm = std::llround(h.formal_remittance_share * 1e6);
    r.stranded_earning_ppm = std::llround(h.stranded_earning_share * 1e6);
    rules.push_back(r);
  }
  return rules;
}

// floor(a * ppm / 10^6) for a >= 0 and ppm <= 10^6, without overflowing a * ppm.
std::int64_t parts_per_million(std::int64_t a, std::int64_t ppm) {
  constexpr std::int64_t kMillion = 1'000'000;
  return a / kMillion * ppm + a % kMillion * ppm / kMillion;
}

// Per host: the wages of workers who pay the state, their loyalty payments (loyalty hosts
// only), the same two for stranded workers (before their earning share), and exempt workers'
// wages.
struct WageBill {
  int hosts = 0;
  std::vector<std::int64_t> remitting, loyalty, stranded, stranded_loyalty, exempt;
  explicit WageBill(int h)
      : hosts(h), remitting(h), loyalty(h), stranded(h), stranded_loyalty(h), exempt(h) {}
  void merge(const WageBill& o) {
    for (int h = 0; h < hosts; ++h) {
      remitting[h] += o.remitting[h];
      loyalty[h] += o.loyalty[h];
      stranded[h] += o.stranded[h];
      stranded_loyalty[h] += o.stranded_loyalty[h];
      exempt[h] += o.exempt[h];
    }
  }
};

WageBill wage_bill(const SimulationState& state, const std::vector<PayRule>& rules) {
  const ConstWorkerColumns columns = state.workers.columns();
  WageBill bill(state.host_count());
  for_each_chunk_merged(state.workers.size(), bill, [&](std::size_t b, std::size_t e, WageBill& l) {
    const ConstWorkerColumns w = columns;
    for (std::size_t i = b; i < e; ++i) {
      const Status s = w.status[i];
      if (s != Status::stranded && !earns(s)) continue;
      const int h = w.host[i];
      const std::int64_t wage = w.wage_cents[i];
      const std::int64_t loyalty = std::min(rules[h].loyalty_cents, wage);
      if (s == Status::stranded) {
        l.stranded[h] += wage;
        l.stranded_loyalty[h] += loyalty;
        continue;
      }
      if (s == Status::exempt) {  // lawfully resident: their wages are their own
        l.exempt[h] += wage;
        continue;
      }
      l.remitting[h] += wage;
      l.loyalty[h] += loyalty;
    }
  });
  // The share of stranded workers who still earn pay the state like the others.
  for (int h = 0; h < state.host_count(); ++h) {
    bill.remitting[h] += parts_per_million(bill.stranded[h], rules[h].stranded_earning_ppm);
    bill.loyalty[h] += parts_per_million(bill.stranded_loyalty[h], rules[h].stranded_earning_ppm);
  }
  return bill;
}
}  // namespace

void pay_workers(SimulationState& state) {
  const std::vector<PayRule> rules = pay_rules(*state.spec);
  const WageBill bill = wage_bill(state, rules);
  const auto H = static_cast<std::size_t>(state.host_count());
  Ledger& month = state.month;
  state.record.state_revenue_cents.assign(H * kRemittanceChannelCount, 0);
  state.record.informal_held_cents.assign(H, 0);
  for (std::size_t h = 0; h < H; ++h) {
    const PayRule& r = rules[h];
    const std::int64_t take = r.loyalty_cents > 0 ? bill.loyalty[h] : parts_per_million(bill.remitting[h], r.share_ppm);
    const std::int64_t formal = parts_per_million(take, r.formal_ppm);
    month.gross_wages_cents[h] += bill.remitting[h] + bill.exempt[h];
    month.worker_share_cents[h] += bill.remitting[h] - take + bill.exempt[h];
    month.formal_cents[h] += formal;
    month.informal_cents[h] += take - formal;

    HostState& host = state.hosts[h];
    std::int64_t* revenue = &state.record.state_revenue_cents[h * kRemittanceChannelCount];
    revenue[idx(RemittanceChannel::formal)] = formal;
    host.informal_held_cents += take - formal;
    if (host.reaches_origin) {  // couriers carry the cash home
      revenue[idx(RemittanceChannel::informal)] = host.informal_held_cents;
      host.informal_held_cents = 0;
    }
    state.record.informal_held_cents[h] = host.informal_held_cents;
  }
}

}  // namespace repatsim
