// Phase 2: each host settles this month's compliance pace and enforcement (crackdowns, the end of
// monitoring), what its employers expect enforcement to cost them, whether a path home is open,
// and files the 2397 reports due this month (MODEL.md sections 3 and 5).
#include <cmath>

#include "sim/phases/phases.hpp"

namespace repatsim {

namespace {
void settle_enforcement(const HostSpec& spec, HostState& host, int t, double population_scale) {
  double capacity = 0, detect_irregular = 0, detect_visa = 0, fine = 0;
  for (std::size_t b = 0; b < spec.enforcement.size(); ++b) {
    const EnforcementBodySpec& body = spec.enforcement[b];
    BodyState& state = host.bodies[b];
    const bool crackdown = t <= state.crackdown_until;
    state.capacity_now = body.capacity * (crackdown ? state.capacity_multiplier : 1.0) *
                         host.pressure * population_scale;
    state.detection_now = crackdown && state.detection_override ? *state.detection_override
                                                                 : body.detection_probability;
    capacity += state.capacity_now;
    detect_irregular += state.capacity_now * state.detection_now;
    detect_visa += state.capacity_now * state.detection_now * body.visa_detection_factor;
    fine += state.capacity_now * body.employer_fine_usd;
  }
  // Employers expect the capacity-weighted average body to find and fine them.
  host.expected_detection_irregular = capacity > 0 ? detect_irregular / capacity : 0;
  host.expected_detection_visa = capacity > 0 ? detect_visa / capacity : 0;
  host.expected_fine_usd = capacity > 0 ? fine / capacity : 0;
  host.pace_now = std::min(1.0, host.posture.compliance_pace * host.pressure);
}

// The open arc from this host to another host with the most seats, for third-country transfers.
int transfer_arc(const SimulationState& state, int h) {
  const auto& arcs = state.network.arcs();
  const int v = state.network.host_vertex(h);
  int best = -1;
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    if (!state.arc_open[a] || arcs[a].from != v || arcs[a].capacity <= 0) continue;
    bool to_host = false;
    for (int g = 0; g < state.host_count(); ++g) to_host = to_host || state.network.host_vertex(g) == arcs[a].to;
    if (to_host && (best < 0 || arcs[a].capacity > arcs[best].capacity)) best = static_cast<int>(a);
  }
  return best;
}

// A report to the 1718 Committee: the covered stock as the host sees and tells it, next to the
// truth, from the stocks at the end of last month.
ReportRecord file_report(SimulationState& state, int h, const char* kind) {
  const HostState& host = state.hosts[h];
  ReportRecord r;
  r.host = state.spec->hosts[h].name;
  r.kind = kind;
  r.month = state.spec->start + state.t;
  std::int64_t covered = 0;
  for (int s = 0; s < kStatusCount; ++s) {
    const auto status = static_cast<Status>(s);
    if (status == Status::repatriated) continue;
    const std::int64_t n = state.stock_at(h, status);
    r.true_stock += n;
    const bool seen = status != Status::irregular &&
                      (status != Status::visa_disguised || host.posture.counts_visa_disguised);
    if (seen) covered += n;
  }
  r.reported_stock = std::llround(static_cast<double>(covered) * host.posture.reporting_honesty);
  r.true_repatriated = host.measures.repatriated_since_adoption;
  r.reported_repatriated = r.true_repatriated;  // assumption: hosts report departures truly
  return r;
}
}  // namespace

void update_hosts(SimulationState& state) {
  const std::vector<char> reach = state.network.hosts_reaching_origin(state.arc_open);
  for (int h = 0; h < state.host_count(); ++h) {
    HostState& host = state.hosts[h];
    settle_enforcement(state.spec->hosts[h], host, state.t, state.spec->population_scale);
    host.reaches_origin = reach[h] != 0;
    host.transfer_arc = transfer_arc(state, h);
    if (!host.measures.deadline) continue;
    if (state.t == host.measures.midterm_step) state.record.reports.push_back(file_report(state, h, "midterm"));
    if (state.t == host.measures.final_step) state.record.reports.push_back(file_report(state, h, "final"));
  }
}

}  // namespace repatsim
