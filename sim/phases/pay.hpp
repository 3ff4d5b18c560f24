// Phase 8: money (MODEL.md section 7). Every earning worker is paid the gross wage; exempt workers
// keep their own wages; stranded workers earn the scenario's share of their wages (the share of
// them who still find work, in expectation). The state takes its share of the host's wage bill (or, where the host pays a fixed
// loyalty payment, that payment from each worker, at most the wage); the formal part is paid
// through employers, the informal part is bulk cash that reaches the DPRK only while a route
// home is open and otherwise accumulates in the host. All sums are integer cents, rounded once
// per host and month, so gross = state share + worker share exactly.
// The wage bill comes from the wages by host and status that the engine keeps up to date as
// rows change (sim/row_totals.hpp, month_passes.cpp); pay_workers() turns it into the month's
// money.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/state.hpp"

namespace repatsim {

struct PayRule {  // a host's rule in integer form
  std::int64_t share_ppm = 0;     // state share, parts per million of the wage bill
  std::int64_t loyalty_cents = 0; // fixed payment per worker instead, if > 0
  std::int64_t formal_ppm = 0;    // formal share of the state's take
  std::int64_t stranded_earning_ppm = 0;
};

std::vector<PayRule> pay_rules(const ScenarioSpec& spec);

// Per host: the wages of workers who pay the state, their loyalty payments (loyalty hosts
// only), the same two for stranded workers (before their earning share), and exempt workers'
// wages.
struct WageBill {
  int hosts = 0;
  std::vector<std::int64_t> remitting, loyalty, stranded, stranded_loyalty, exempt;
  explicit WageBill(int h)
      : hosts(h), remitting(h), loyalty(h), stranded(h), stranded_loyalty(h), exempt(h) {}
};

// Phase 8: pays the month's wage bill and remits the state's share.
void pay_workers(SimulationState& state, WageBill bill, const std::vector<PayRule>& rules);

}  // namespace repatsim
