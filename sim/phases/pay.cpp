// Phase 8: money (pay.hpp describes the rules).
#include <cmath>

#include "sim/phases/pay.hpp"

namespace repatsim {

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

namespace {
// floor(a * ppm / 10^6) for a >= 0 and ppm <= 10^6, without overflowing a * ppm.
std::int64_t parts_per_million(std::int64_t a, std::int64_t ppm) {
  constexpr std::int64_t kMillion = 1'000'000;
  return a / kMillion * ppm + a % kMillion * ppm / kMillion;
}

}  // namespace

void pay_workers(SimulationState& state, WageBill bill, const std::vector<PayRule>& rules) {
  // The share of stranded workers who still earn pay the state like the others.
  for (int h = 0; h < state.host_count(); ++h) {
    bill.remitting[h] += parts_per_million(bill.stranded[h], rules[h].stranded_earning_ppm);
    bill.loyalty[h] += parts_per_million(bill.stranded_loyalty[h], rules[h].stranded_earning_ppm);
  }
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
