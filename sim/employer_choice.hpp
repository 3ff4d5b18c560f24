// The employer's choice for a worker whose permit ends or whose stay becomes unlawful
// (MODEL.md section 3, "Employers"): the option with the highest expected value, where keeping
// a worker earns the margin for the months the employer expects to keep them, less the believed
// chance of inspection times the chance of detection times the fine and any secondary-sanction
// cost, weighted by the employer's risk attitude. Complying (letting the worker go) is worth 0
// and wins ties.
#pragma once

#include "sim/ledger.hpp"
#include "sim/spec.hpp"
#include "sim/state.hpp"

namespace repatsim {

enum class Choice : std::uint8_t { comply, irregular, visa_switch, transfer };

struct ChoiceOptions {
  bool visa_available = false;      // the host lets a non-work visa through for this worker
  bool transfer_available = false;  // an open route leads to another host
};

inline Choice choose(const EmployerTable& employers, std::uint32_t e, const HostState& host,
                     const EmployerSpec& es, ChoiceOptions options) {
  const double margin = employers.margin_usd[e];
  const double weight = 2.0 * (1.0 - employers.risk_appetite[e]);  // 1 when risk-neutral
  const double cost = (host.expected_fine_usd + host.secondary_cost_usd) * employers.belief[e] * weight;
  const double months = es.expected_months;
  Choice best = Choice::comply;
  double best_value = 0;
  auto consider = [&](Choice c, double value) {
    if (value > best_value) {
      best = c;
      best_value = value;
    }
  };
  consider(Choice::irregular, months * (margin - cost * host.expected_detection_irregular));
  if (options.visa_available)
    consider(Choice::visa_switch,
             months * (margin - cost * host.expected_detection_visa) - es.visa_switch_cost_usd);
  if (options.transfer_available)
    consider(Choice::transfer, months * margin * es.transfer_margin_share - es.transfer_cost_usd);
  return best;
}

// Carries the choice out for worker i of host h; a visa switch lasts until `visa_end`.
inline void carry_out(Choice c, const WorkerColumns& w, std::size_t i, int h, std::int16_t visa_end,
                      Ledger& l) {
  const Status from = w.status[i];
  auto to = [&](Status s, Flow f) {
    if (s != from) l.move(h, from, h, s);
    l.count(h, f);
    w.status[i] = s;
  };
  switch (c) {
    case Choice::comply:
      to(Status::awaiting_exit, Flow::released_by_employer);
      w.expiry[i] = kNoExpiry;
      break;
    case Choice::irregular:
      to(Status::irregular, Flow::switched_to_irregular);
      w.expiry[i] = kNoExpiry;
      break;
    case Choice::visa_switch:
      to(Status::visa_disguised, Flow::switched_to_visa);
      w.expiry[i] = visa_end;
      break;
    case Choice::transfer:  // irregular until a seat to the other host is found (phase 7)
      to(Status::irregular, Flow::switched_to_irregular);
      w.expiry[i] = kNoExpiry;
      w.flags[i] |= worker_flag::transfer_pending;
      break;
  }
}

}  // namespace repatsim
