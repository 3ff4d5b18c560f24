#include <fmt/format.h>

#include <set>
#include <utility>

#include "scenarios/read_spec.hpp"

namespace repatsim::scenario_io {

namespace {

Posture read_posture(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  Posture posture;
  MapReader r(node, path,
              {"compliance_pace", "complies_at_deadline", "refuses_renewals", "counts_visa_disguised",
               "visa_tolerance", "reporting_honesty"},
              diagnostics);
  r.number("compliance_pace", posture.compliance_pace, Bound::share, "share of covered workers per month");
  r.boolean("complies_at_deadline", posture.complies_at_deadline);
  r.boolean("refuses_renewals", posture.refuses_renewals);
  r.boolean("counts_visa_disguised", posture.counts_visa_disguised);
  r.number("visa_tolerance", posture.visa_tolerance, Bound::share);
  r.number("reporting_honesty", posture.reporting_honesty, Bound::share);
  r.finish();
  return posture;
}

ListedEmployer read_listed_employer(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  ListedEmployer employer;
  MapReader r(node, path, {"sector", "size", "margin_usd", "risk_appetite", "front_company"}, diagnostics);
  r.choice("sector", employer.sector, kSectorNames, Need::required);
  r.integer("size", employer.size, 0, "DPRK workers", Need::required);
  r.number("margin_usd", employer.margin_usd, Bound::non_negative, "USD per worker-month");
  r.number("risk_appetite", employer.risk_appetite, Bound::share);
  r.boolean("front_company", employer.front_company);
  r.finish();
  return employer;
}

EmployerSpec read_employers(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  EmployerSpec employers;
  MapReader r(node, path,
              {"workers_per_employer", "margin_usd", "risk_appetite", "initial_belief", "front_company_share",
               "expected_months", "visa_switch_cost_usd", "transfer_cost_usd", "transfer_margin_share",
               "listed"},
              diagnostics);
  r.number("workers_per_employer", employers.workers_per_employer, Bound::positive, "DPRK workers");
  r.range("margin_usd", employers.margin_usd, Bound::non_negative, "USD per worker-month");
  r.range("risk_appetite", employers.risk_appetite, Bound::share, "");
  r.number("initial_belief", employers.initial_belief, Bound::share, "monthly inspection probability");
  r.number("front_company_share", employers.front_company_share, Bound::share);
  r.number("expected_months", employers.expected_months, Bound::positive, "months");
  r.number("visa_switch_cost_usd", employers.visa_switch_cost_usd, Bound::non_negative, "USD per worker");
  r.number("transfer_cost_usd", employers.transfer_cost_usd, Bound::non_negative, "USD per worker");
  r.number("transfer_margin_share", employers.transfer_margin_share, Bound::share);
  for_each_item(r, "listed", [&](const DocNode& item, const std::string& item_path) {
    employers.listed.push_back(read_listed_employer(item, item_path, diagnostics));
  });
  r.finish();
  return employers;
}

EnforcementBodySpec read_enforcement_body(const DocNode& node, const std::string& path,
                                          Diagnostics& diagnostics) {
  EnforcementBodySpec body;
  MapReader r(node, path,
              {"name", "capacity", "detection_probability", "visa_detection_factor", "front_detection_factor",
               "employer_fine_usd", "targeting", "belief_spillover"},
              diagnostics);
  r.text("name", body.name, Need::required);
  r.number("capacity", body.capacity, Bound::non_negative, "employers inspected per month");
  r.number("detection_probability", body.detection_probability, Bound::share);
  r.number("visa_detection_factor", body.visa_detection_factor, Bound::non_negative, "multiplier");
  r.number("front_detection_factor", body.front_detection_factor, Bound::non_negative, "multiplier");
  r.number("employer_fine_usd", body.employer_fine_usd, Bound::non_negative, "USD per unlawful worker");
  r.choice("targeting", body.targeting, kTargetingNames);
  r.number("belief_spillover", body.belief_spillover, Bound::share);
  r.finish();
  return body;
}

void read_stock(MapReader& r, HostSpec& host, Diagnostics& diagnostics) {
  std::set<std::pair<Sector, Status>> seen;
  for_each_item(r, "initial_stock", [&](const DocNode& item, const std::string& path) {
    StockEntry entry;
    MapReader e(item, path, {"sector", "status", "count"}, diagnostics);
    e.choice("sector", entry.sector, kSectorNames, Need::required);
    e.choice("status", entry.status, kStatusNames, Need::required);
    e.integer("count", entry.count, 0, "workers", Need::required);
    e.finish();
    if (e.is_map() && e.get("sector") && e.get("status") && !seen.insert({entry.sector, entry.status}).second)
      diagnostics.error(item.mark, path,
                        fmt::format("a second entry for sector {} and status {}; give each pair once",
                                    kSectorNames[static_cast<std::size_t>(idx(entry.sector))],
                                    kStatusNames[static_cast<std::size_t>(idx(entry.status))]));
    host.initial_stock.push_back(entry);
  });
}

void read_wages(MapReader& r, HostSpec& host, Diagnostics& diagnostics) {
  std::set<Sector> seen;
  for_each_item(r, "wages", [&](const DocNode& item, const std::string& path) {
    SectorWage wage;
    MapReader w(item, path, {"sector", "low", "high"}, diagnostics);
    w.choice("sector", wage.sector, kSectorNames, Need::required);
    w.require("low", "USD per month");
    w.require("high", "USD per month");
    bool low = w.number("low", wage.usd.low, Bound::non_negative, "USD per month");
    bool high = w.number("high", wage.usd.high, Bound::non_negative, "USD per month");
    w.finish();
    if (low && high && wage.usd.low > wage.usd.high)
      diagnostics.error(item.mark, path,
                        fmt::format("low ({}) must not exceed high ({})", wage.usd.low, wage.usd.high));
    if (w.is_map() && w.get("sector") && !seen.insert(wage.sector).second)
      diagnostics.error(item.mark, path,
                        fmt::format("a second wage for sector {}; give each sector once",
                                    kSectorNames[static_cast<std::size_t>(idx(wage.sector))]));
    host.wages.push_back(wage);
  });
}

}  // namespace

HostSpec read_host(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  HostSpec host;
  MapReader r(node, path,
              {"name", "initial_stock", "wages", "state_share", "loyalty_payment_usd", "formal_remittance_share",
               "contract_months", "minder_share", "host_national_share", "barred_by_law_share",
               "dispatch_target", "dispatch_max_per_month", "stranded_earning_share", "posture", "employers",
               "enforcement"},
              diagnostics);
  r.text("name", host.name, Need::required);
  if (host.name == kOriginName)
    diagnostics.error(r.get("name")->mark, r.path_of("name"),
                      "'DPRK' is the origin state and cannot be a host");
  read_stock(r, host, diagnostics);
  read_wages(r, host, diagnostics);
  r.optional_number("state_share", host.state_share, Bound::share);
  r.number("loyalty_payment_usd", host.loyalty_payment_usd, Bound::non_negative, "USD per worker-month");
  r.number("formal_remittance_share", host.formal_remittance_share, Bound::share);
  r.number("contract_months", host.contract_months, Bound::positive, "months");
  r.number("minder_share", host.minder_share, Bound::share);
  r.number("host_national_share", host.host_national_share, Bound::share);
  r.number("barred_by_law_share", host.barred_by_law_share, Bound::share);
  r.optional_integer("dispatch_target", host.dispatch_target, 0, "workers");
  r.number("dispatch_max_per_month", host.dispatch_max_per_month, Bound::non_negative, "workers per month");
  r.number("stranded_earning_share", host.stranded_earning_share, Bound::share);
  if (const DocNode* posture = r.get("posture"))
    host.posture = read_posture(*posture, r.path_of("posture"), diagnostics);
  if (const DocNode* employers = r.get("employers"))
    host.employers = read_employers(*employers, r.path_of("employers"), diagnostics);
  NameList bodies("enforcement body");
  for_each_item(r, "enforcement", [&](const DocNode& item, const std::string& item_path) {
    host.enforcement.push_back(read_enforcement_body(item, item_path, diagnostics));
    const DocNode* name = item.is_map() ? item.find("name") : nullptr;
    if (name && !host.enforcement.back().name.empty())
      bodies.add(host.enforcement.back().name, name->mark, item_path + ".name", diagnostics);
  });
  r.finish();
  return host;
}

}  // namespace repatsim::scenario_io
