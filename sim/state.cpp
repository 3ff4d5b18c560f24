#include "sim/state.hpp"

#include <fmt/format.h>

#include "sim/invariant.hpp"

namespace repatsim {

void SimulationState::commit(const Ledger& moves) {
  for (std::size_t i = 0; i < stock.size(); ++i) stock[i] += moves.in[i] - moves.out[i];
  totals.merge(moves.totals);
  month.merge(moves);
}

void SimulationState::begin_month() {
  const auto h = static_cast<std::size_t>(host_count());
  const auto arcs = network.arcs().size();
  month = Ledger(host_count());
  record = MonthRecord{};
  record.month = spec->start + t;
  record.inspections.assign(h, 0);
  record.seats_offered.assign(arcs, 0);
  record.seats_used.assign(arcs, 0);
}

void fail_invariant(const std::string& what, SourcePlace where) {
  throw InvariantError(fmt::format("internal invariant violated: {} ({}:{})", what, where.file,
                                   where.line));
}

}  // namespace repatsim
