#include "scenarios/spec_to_document.hpp"

#include <fmt/format.h>

#include <charconv>

#include "scenarios/read_spec.hpp"

namespace repatsim::scenario_io {

namespace {

// Strings that YAML would read as something else (a number, a boolean, nothing) are quoted.
bool needs_quotes(const std::string& text) {
  if (text.empty()) return true;
  static constexpr std::string_view kSpecial[] = {"~", "null", "Null", "NULL", "true", "True", "TRUE",
                                                  "false", "False", "FALSE", "yes", "no", "on", "off"};
  for (auto word : kSpecial)
    if (text == word) return true;
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  return ec == std::errc() && end == text.data() + text.size();
}

DocNode text(const std::string& value) { return make_scalar(value, needs_quotes(value)); }
// fmt's "{}" is the shortest text that reads back to the same double.
DocNode number(double value) { return make_scalar(fmt::format("{}", value)); }
DocNode integer(std::int64_t value) { return make_scalar(fmt::format("{}", value)); }
DocNode boolean(bool value) { return make_scalar(value ? "true" : "false"); }
DocNode month(MonthId value) { return make_scalar(month_label(value)); }
DocNode nothing() { return DocNode{}; }

template <typename Enum, std::size_t N>
DocNode choice(Enum value, const std::array<std::string_view, N>& names) {
  return make_scalar(std::string(names[static_cast<std::size_t>(value)]));
}

DocNode range(const Range& value) {
  DocNode node = make_map(true);
  add_entry(node, "low", number(value.low));
  add_entry(node, "high", number(value.high));
  return node;
}

DocNode posture(const Posture& p) {
  DocNode node = make_map();
  add_entry(node, "compliance_pace", number(p.compliance_pace));
  add_entry(node, "complies_at_deadline", boolean(p.complies_at_deadline));
  add_entry(node, "refuses_renewals", boolean(p.refuses_renewals));
  add_entry(node, "counts_visa_disguised", boolean(p.counts_visa_disguised));
  add_entry(node, "visa_tolerance", number(p.visa_tolerance));
  add_entry(node, "reporting_honesty", number(p.reporting_honesty));
  return node;
}

DocNode posture_change(const PostureChange& p) {
  DocNode node = make_map();
  if (p.compliance_pace) add_entry(node, "compliance_pace", number(*p.compliance_pace));
  if (p.complies_at_deadline) add_entry(node, "complies_at_deadline", boolean(*p.complies_at_deadline));
  if (p.refuses_renewals) add_entry(node, "refuses_renewals", boolean(*p.refuses_renewals));
  if (p.counts_visa_disguised) add_entry(node, "counts_visa_disguised", boolean(*p.counts_visa_disguised));
  if (p.visa_tolerance) add_entry(node, "visa_tolerance", number(*p.visa_tolerance));
  if (p.reporting_honesty) add_entry(node, "reporting_honesty", number(*p.reporting_honesty));
  if (p.contract_months) add_entry(node, "contract_months", number(*p.contract_months));
  return node;
}

DocNode employers(const EmployerSpec& e) {
  DocNode node = make_map();
  add_entry(node, "workers_per_employer", number(e.workers_per_employer));
  add_entry(node, "margin_usd", range(e.margin_usd));
  add_entry(node, "risk_appetite", range(e.risk_appetite));
  add_entry(node, "initial_belief", number(e.initial_belief));
  add_entry(node, "front_company_share", number(e.front_company_share));
  add_entry(node, "expected_months", number(e.expected_months));
  add_entry(node, "visa_switch_cost_usd", number(e.visa_switch_cost_usd));
  add_entry(node, "transfer_cost_usd", number(e.transfer_cost_usd));
  add_entry(node, "transfer_margin_share", number(e.transfer_margin_share));
  DocNode listed = make_list(e.listed.empty());
  for (const auto& l : e.listed) {
    DocNode item = make_map(true);
    add_entry(item, "sector", choice(l.sector, kSectorNames));
    add_entry(item, "size", integer(l.size));
    add_entry(item, "margin_usd", number(l.margin_usd));
    add_entry(item, "risk_appetite", number(l.risk_appetite));
    add_entry(item, "front_company", boolean(l.front_company));
    listed.items.push_back(std::move(item));
  }
  add_entry(node, "listed", std::move(listed));
  return node;
}

DocNode enforcement_body(const EnforcementBodySpec& b) {
  DocNode node = make_map();
  add_entry(node, "name", text(b.name));
  add_entry(node, "capacity", number(b.capacity));
  add_entry(node, "detection_probability", number(b.detection_probability));
  add_entry(node, "visa_detection_factor", number(b.visa_detection_factor));
  add_entry(node, "front_detection_factor", number(b.front_detection_factor));
  add_entry(node, "employer_fine_usd", number(b.employer_fine_usd));
  add_entry(node, "targeting", choice(b.targeting, kTargetingNames));
  add_entry(node, "belief_spillover", number(b.belief_spillover));
  return node;
}

DocNode host(const HostSpec& h) {
  DocNode node = make_map();
  add_entry(node, "name", text(h.name));
  DocNode stock = make_list(h.initial_stock.empty());
  for (const auto& entry : h.initial_stock) {
    DocNode item = make_map(true);
    add_entry(item, "sector", choice(entry.sector, kSectorNames));
    add_entry(item, "status", choice(entry.status, kStatusNames));
    add_entry(item, "count", integer(entry.count));
    stock.items.push_back(std::move(item));
  }
  add_entry(node, "initial_stock", std::move(stock));
  DocNode wages = make_list(h.wages.empty());
  for (const auto& wage : h.wages) {
    DocNode item = make_map(true);
    add_entry(item, "sector", choice(wage.sector, kSectorNames));
    add_entry(item, "low", number(wage.usd.low));
    add_entry(item, "high", number(wage.usd.high));
    wages.items.push_back(std::move(item));
  }
  add_entry(node, "wages", std::move(wages));
  add_entry(node, "state_share", h.state_share ? number(*h.state_share) : nothing());
  add_entry(node, "loyalty_payment_usd", number(h.loyalty_payment_usd));
  add_entry(node, "formal_remittance_share", number(h.formal_remittance_share));
  add_entry(node, "contract_months", number(h.contract_months));
  add_entry(node, "minder_share", number(h.minder_share));
  add_entry(node, "host_national_share", number(h.host_national_share));
  add_entry(node, "barred_by_law_share", number(h.barred_by_law_share));
  add_entry(node, "dispatch_target", h.dispatch_target ? integer(*h.dispatch_target) : nothing());
  add_entry(node, "dispatch_max_per_month", number(h.dispatch_max_per_month));
  add_entry(node, "stranded_earning_share", number(h.stranded_earning_share));
  add_entry(node, "posture", posture(h.posture));
  add_entry(node, "employers", employers(h.employers));
  DocNode enforcement = make_list(h.enforcement.empty());
  for (const auto& body : h.enforcement) enforcement.items.push_back(enforcement_body(body));
  add_entry(node, "enforcement", std::move(enforcement));
  return node;
}

DocNode route(const RouteSpec& r) {
  DocNode node = make_map();
  add_entry(node, "name", text(r.name));
  add_entry(node, "from", text(r.from));
  add_entry(node, "to", text(r.to));
  add_entry(node, "seats_per_month", integer(r.seats_per_month));
  add_entry(node, "travel_days", number(r.travel_days));
  DocNode closed = make_list(r.closed.empty());
  for (const auto& period : r.closed) {
    DocNode item = make_map(true);
    add_entry(item, "from", month(period.from));
    add_entry(item, "until", month(period.until));
    closed.items.push_back(std::move(item));
  }
  add_entry(node, "closed", std::move(closed));
  return node;
}

DocNode measure(const MeasureSpec& m) {
  DocNode node = make_map();
  add_entry(node, "name", text(m.name));
  add_entry(node, "type", choice(m.type, kMeasureTypeNames));
  add_entry(node, "adopted", month(m.adopted));
  DocNode hosts = make_list(true);
  for (const auto& h : m.hosts) hosts.items.push_back(text(h));
  add_entry(node, "hosts", std::move(hosts));
  // Only the keys of the measure's type: the others would be errors when read back.
  if (m.type == MeasureType::authorization_cap || m.type == MeasureType::new_authorization_ban)
    add_entry(node, "approval_rate", number(m.approval_rate));
  if (m.type == MeasureType::new_authorization_ban) add_entry(node, "renewals_allowed", boolean(m.renewals_allowed));
  if (m.type == MeasureType::repatriation_deadline) {
    add_entry(node, "deadline_months", integer(m.deadline_months));
    add_entry(node, "midterm_report_months", integer(m.midterm_report_months));
    add_entry(node, "final_report_months", integer(m.final_report_months));
  }
  return node;
}

DocNode event(const EventSpec& e) {
  DocNode node = make_map();
  add_entry(node, "name", text(e.name));
  add_entry(node, "type", choice(e.type, kEventTypeNames));
  add_entry(node, "date", month(e.date));
  // Only the keys of the event's type, as read_event.cpp accepts them.
  switch (e.type) {
    case EventType::border_closure:
    case EventType::border_reopening:
      break;
    case EventType::route_closure:
    case EventType::route_opening:
      add_entry(node, "route", text(e.route));
      break;
    case EventType::posture_change:
      add_entry(node, "host", text(e.host));
      add_entry(node, "posture", posture_change(e.posture));
      break;
    case EventType::crackdown:
      add_entry(node, "host", text(e.host));
      add_entry(node, "months", integer(e.months));
      add_entry(node, "capacity_multiplier", number(e.capacity_multiplier));
      add_entry(node, "detection_probability", e.detection_probability ? number(*e.detection_probability) : nothing());
      break;
    case EventType::secondary_sanctions:
      if (!e.host.empty()) add_entry(node, "host", text(e.host));  // empty: every host
      add_entry(node, "cost_per_worker_usd", number(e.cost_per_worker_usd));
      break;
    case EventType::monitoring_end:
      add_entry(node, "pressure_factor", number(e.pressure_factor));
      break;
    case EventType::dispatch_change:
      add_entry(node, "host", text(e.host));
      add_entry(node, "dispatch_target", e.dispatch_target ? integer(*e.dispatch_target) : nothing());
      break;
  }
  return node;
}

}  // namespace

DocNode spec_to_document(const ScenarioSpec& spec) {
  DocNode root = make_map();
  add_entry(root, "name", text(spec.name));
  add_entry(root, "description", text(spec.description));
  add_entry(root, "seed", make_scalar(fmt::format("{}", spec.seed)));
  add_entry(root, "start", month(spec.start));
  add_entry(root, "end", month(spec.end));
  add_entry(root, "population_scale", number(spec.population_scale));

  DocNode dprk = make_map();
  add_entry(dprk, "tour_months", number(spec.dprk.tour_months));
  add_entry(dprk, "state_share", number(spec.dprk.state_share));
  add_entry(dprk, "dispatch_lag_months", integer(spec.dprk.dispatch_lag_months));
  add_entry(dprk, "rest_months", integer(spec.dprk.rest_months));
  add_entry(root, "dprk", std::move(dprk));

  DocNode hosts = make_list(spec.hosts.empty());
  for (const auto& h : spec.hosts) hosts.items.push_back(host(h));
  add_entry(root, "hosts", std::move(hosts));

  DocNode states = make_list(spec.states.empty());
  for (const auto& s : spec.states) {
    DocNode item = make_map(true);
    add_entry(item, "name", text(s.name));
    add_entry(item, "kind", choice(s.kind, kStateKindNames));
    states.items.push_back(std::move(item));
  }
  add_entry(root, "states", std::move(states));

  DocNode routes = make_list(spec.routes.empty());
  for (const auto& r : spec.routes) routes.items.push_back(route(r));
  add_entry(root, "routes", std::move(routes));

  DocNode measures = make_list(spec.measures.empty());
  for (const auto& m : spec.measures) measures.items.push_back(measure(m));
  add_entry(root, "measures", std::move(measures));

  DocNode events = make_list(spec.events.empty());
  for (const auto& e : spec.events) events.items.push_back(event(e));
  add_entry(root, "events", std::move(events));

  DocNode observed = make_list(spec.observed.empty());
  for (const auto& o : spec.observed) {
    DocNode item = make_map();
    add_entry(item, "id", text(o.id));
    add_entry(item, "host", text(o.host));
    add_entry(item, "date", text(o.date));
    add_entry(item, "quantity", text(o.quantity));
    add_entry(item, "value", o.value ? number(*o.value) : nothing());
    add_entry(item, "low", o.low ? number(*o.low) : nothing());
    add_entry(item, "high", o.high ? number(*o.high) : nothing());
    add_entry(item, "use", text(o.use));
    add_entry(item, "source", text(o.source));
    observed.items.push_back(std::move(item));
  }
  add_entry(root, "observed", std::move(observed));

  DocNode output = make_map();
  add_entry(output, "path", text(spec.output.path));
  DocNode snapshots = make_list(true);
  for (auto m : spec.output.snapshots) snapshots.items.push_back(month(m));
  add_entry(output, "snapshots", std::move(snapshots));
  add_entry(root, "output", std::move(output));
  return root;
}

}  // namespace repatsim::scenario_io
