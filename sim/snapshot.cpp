#include "sim/snapshot.hpp"

#include <limits>

#include "sim/invariant.hpp"

namespace repatsim {

WorkerSnapshot take_snapshot(const WorkerTable& w, MonthId month) {
  check_invariant(w.size() <= std::numeric_limits<std::uint32_t>::max(),
                  "the worker table has more rows than a uint32 id can name");
  std::size_t abroad = 0;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (w.status[i] != Status::repatriated) ++abroad;
  WorkerSnapshot s;
  s.month = month;
  s.id.reserve(abroad);
  s.status.reserve(abroad);
  s.host.reserve(abroad);
  s.sector.reserve(abroad);
  s.flags.reserve(abroad);
  s.expiry.reserve(abroad);
  s.arrived.reserve(abroad);
  s.wage_cents.reserve(abroad);
  s.employer.reserve(abroad);
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w.status[i] == Status::repatriated) continue;
    s.id.push_back(static_cast<std::uint32_t>(i));
    s.status.push_back(w.status[i]);
    s.host.push_back(w.host[i]);
    s.sector.push_back(w.sector[i]);
    s.flags.push_back(w.flags[i]);
    s.expiry.push_back(w.expiry[i]);
    s.arrived.push_back(w.arrived[i]);
    s.wage_cents.push_back(w.wage_cents[i]);
    s.employer.push_back(w.employer[i]);
  }
  return s;
}

}  // namespace repatsim
