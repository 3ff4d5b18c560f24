// Small scenarios built in C++ for the engine tests, so they need no YAML.
#pragma once

#include "sim/records.hpp"
#include "sim/simulation.hpp"
#include "sim/spec.hpp"

namespace repatsim::test {

// A host with `workers` permitted construction workers, one enforcement body and plain defaults.
inline HostSpec make_host(const std::string& name, std::int64_t workers) {
  HostSpec h;
  h.name = name;
  h.initial_stock = {{Sector::construction, Status::permitted, workers}};
  h.wages = {{Sector::construction, {500, 1000}}};
  h.contract_months = 12;
  h.dispatch_max_per_month = static_cast<double>(workers) / 10;
  h.posture.compliance_pace = 0.1;
  h.posture.visa_tolerance = 0.3;
  h.employers.workers_per_employer = 20;
  h.employers.margin_usd = {100, 400};
  h.employers.risk_appetite = {0.2, 0.8};
  h.employers.initial_belief = 0.05;
  h.employers.front_company_share = 0.1;
  EnforcementBodySpec body;
  body.name = "migration";
  body.capacity = 5;
  body.detection_probability = 0.3;
  body.employer_fine_usd = 2000;
  body.belief_spillover = 0.2;
  h.enforcement = {body};
  return h;
}

inline RouteSpec make_route(const std::string& name, const std::string& from, const std::string& to,
                            std::int64_t seats) {
  RouteSpec r;
  r.name = name;
  r.from = from;
  r.to = to;
  r.seats_per_month = seats;
  return r;
}

inline MeasureSpec make_measure(MeasureType type, MonthId adopted) {
  MeasureSpec m;
  m.type = type;
  m.adopted = adopted;
  m.name = std::string(type == MeasureType::authorization_cap       ? "cap"
                       : type == MeasureType::new_authorization_ban ? "ban"
                                                                    : "deadline");
  return m;
}

// Three hosts (one reached through a hub), the three measures of 2017 and a border closure in
// 2020: every mechanism of the engine is exercised.
inline ScenarioSpec mixed_scenario(std::uint64_t seed = 7) {
  ScenarioSpec s;
  s.name = "mixed";
  s.seed = seed;
  s.start = make_month(2017, 1);
  s.end = make_month(2021, 6);
  s.hosts = {make_host("Alpha", 3000), make_host("Beta", 1500), make_host("Gamma", 800)};
  s.hosts[1].posture.counts_visa_disguised = true;
  s.hosts[1].posture.complies_at_deadline = true;
  s.hosts[1].barred_by_law_share = 0.02;
  s.hosts[1].stranded_earning_share = 0.5;
  s.hosts[2].loyalty_payment_usd = 600;
  s.hosts[2].formal_remittance_share = 0.4;
  s.hosts[0].initial_stock.push_back({Sector::manufacturing, Status::irregular, 200});
  s.hosts[0].wages.push_back({Sector::manufacturing, {300, 450}});
  s.states = {{"DPRK", StateKind::origin}, {"Hub", StateKind::transit}};
  s.routes = {make_route("air_alpha", "DPRK", "Alpha", 300), make_route("rail_beta", "DPRK", "Beta", 150),
              make_route("hub_air", "DPRK", "Hub", 200), make_route("hub_gamma", "Hub", "Gamma", 100),
              make_route("alpha_beta", "Alpha", "Beta", 40)};
  s.measures = {make_measure(MeasureType::authorization_cap, make_month(2017, 8)),
                make_measure(MeasureType::new_authorization_ban, make_month(2017, 9)),
                make_measure(MeasureType::repatriation_deadline, make_month(2017, 12))};
  EventSpec closure;
  closure.type = EventType::border_closure;
  closure.date = make_month(2020, 1);
  EventSpec crackdown;
  crackdown.type = EventType::crackdown;
  crackdown.host = "Alpha";
  crackdown.date = make_month(2018, 3);
  crackdown.months = 2;
  crackdown.capacity_multiplier = 5;
  crackdown.detection_probability = 0.38;
  s.events = {closure, crackdown};
  return s;
}

// Runs the scenario, checking the engine's running totals against a recount every month.
inline RunRecords run(const ScenarioSpec& spec) {
  MemoryRecorder recorder;
  run_simulation(spec, recorder, {}, 1);
  return recorder.take();
}

inline std::int64_t at(const std::vector<std::int64_t>& v, int h, int width, int k) {
  return v[static_cast<std::size_t>(h * width + k)];
}
inline std::int64_t stock(const MonthRecord& m, int h, Status s) { return at(m.stock_true, h, kStatusCount, idx(s)); }
inline std::int64_t flow(const MonthRecord& m, int h, Flow f) { return at(m.flows, h, kFlowCount, idx(f)); }

}  // namespace repatsim::test
