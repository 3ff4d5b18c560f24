// Phase 1: the measures (MODEL.md section 5) and dated events adopted this month take effect,
// and each route's open state for the month is settled. A measure or event dated before the
// scenario's start takes effect in its first month.
#include <algorithm>

#include "sim/phases/phases.hpp"
#include "sim/phases/lookup.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

namespace {
// The step at which something dated `m` takes effect.
int effective_step(const ScenarioSpec& spec, MonthId m) { return std::max(0, m - spec.start); }

void adopt(SimulationState& state, const MeasureSpec& m, int h) {
  const ScenarioSpec& spec = *state.spec;
  MeasuresInForce& in_force = state.hosts[h].measures;
  switch (m.type) {
    case MeasureType::authorization_cap:
      in_force.cap = true;
      // Authorizations the host had granted: permits held and those of workers on their way.
      in_force.cap_level = state.stock_at(h, Status::permitted);
      for (const PendingArrival& p : state.pipeline)
        if (p.host == h && p.channel == DispatchChannel::work_permit) in_force.cap_level += p.count;
      in_force.cap_approval_rate = m.approval_rate;
      break;
    case MeasureType::new_authorization_ban:
      in_force.ban = true;
      in_force.renewals_allowed = m.renewals_allowed;
      in_force.ban_approval_rate = m.approval_rate;
      break;
    case MeasureType::repatriation_deadline:
      in_force.deadline = true;
      in_force.deadline_adopted = m.adopted - spec.start;
      in_force.deadline_step = m.adopted + m.deadline_months - spec.start;
      in_force.midterm_step = m.adopted + m.midterm_report_months - spec.start;
      in_force.final_step = m.adopted + m.final_report_months - spec.start;
      in_force.repatriated_since_adoption = 0;
      break;
  }
}

void apply_posture_change(HostState& host, const PostureChange& c) {
  Posture& p = host.posture;
  if (c.contract_months) set_contract_months(host, *c.contract_months);
  if (c.compliance_pace) p.compliance_pace = *c.compliance_pace;
  if (c.complies_at_deadline) p.complies_at_deadline = *c.complies_at_deadline;
  if (c.refuses_renewals) p.refuses_renewals = *c.refuses_renewals;
  if (c.counts_visa_disguised) p.counts_visa_disguised = *c.counts_visa_disguised;
  if (c.visa_tolerance) p.visa_tolerance = *c.visa_tolerance;
  if (c.reporting_honesty) p.reporting_honesty = *c.reporting_honesty;
}

void apply_event(SimulationState& state, const EventSpec& e) {
  const ScenarioSpec& spec = *state.spec;
  switch (e.type) {
    case EventType::border_closure: state.border_closed = true; break;
    case EventType::border_reopening: state.border_closed = false; break;
    case EventType::route_closure: state.route_closed[route_index(spec, e.route)] = 1; break;
    case EventType::route_opening: state.route_closed[route_index(spec, e.route)] = 0; break;
    case EventType::posture_change:
      apply_posture_change(state.hosts[host_index(spec, e.host)], e.posture);
      break;
    case EventType::crackdown:
      for (BodyState& b : state.hosts[host_index(spec, e.host)].bodies) {
        b.capacity_multiplier = e.capacity_multiplier;
        b.crackdown_until = e.date - spec.start + e.months - 1;
        b.detection_override = e.detection_probability;
      }
      break;
    case EventType::secondary_sanctions:
      for (int h = 0; h < state.host_count(); ++h)
        if (e.host.empty() || spec.hosts[h].name == e.host)
          state.hosts[h].secondary_cost_usd += e.cost_per_worker_usd;
      break;
    case EventType::monitoring_end:
      for (HostState& host : state.hosts) host.pressure = e.pressure_factor;
      break;
    case EventType::dispatch_change:
      state.hosts[host_index(spec, e.host)].dispatch_target = static_cast<std::int64_t>(
          static_cast<double>(e.dispatch_target.value_or(0)) * spec.population_scale + 0.5);
      break;
  }
}

bool route_open(const SimulationState& state, int r, MonthId m) {
  const RouteSpec& route = state.spec->routes[r];
  if (state.route_closed[r]) return false;
  for (const Period& p : route.closed)
    if (p.from <= m && m < p.until) return false;
  const bool touches_origin = route.from == "DPRK" || route.to == "DPRK";
  return !(state.border_closed && touches_origin);
}
}  // namespace

void apply_measures_and_events(SimulationState& state) {
  const ScenarioSpec& spec = *state.spec;
  const int t = state.t;
  for (const MeasureSpec& m : spec.measures) {
    if (effective_step(spec, m.adopted) != t) continue;
    for (int h = 0; h < state.host_count(); ++h)
      if (binds(m, spec.hosts[h].name)) adopt(state, m, h);
  }
  for (const EventSpec& e : spec.events)
    if (effective_step(spec, e.date) == t) apply_event(state, e);

  const auto& arcs = state.network.arcs();
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    state.arc_open[a] = route_open(state, arcs[a].route, spec.start + t) ? 1 : 0;
    state.arc_remaining[a] = state.arc_open[a] ? arcs[a].capacity : 0;
  }
}

}  // namespace repatsim
