// The scenario spec: plain, validated, immutable data that describes one run (MODEL.md).
// The YAML loader (scenarios/) builds it; the engine reads it and never changes it. Field names
// are the YAML keys; units are in the names or the comments. scenarios/README.md documents each
// key with its default and source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/types.hpp"

namespace repatsim {

struct Range {  // a uniform distribution [low, high]
  double low = 0;
  double high = 0;
  bool operator==(const Range&) const = default;
};

struct StockEntry {  // initial workers of one sector and status in a host, at `start`
  Sector sector = Sector::construction;
  Status status = Status::permitted;
  std::int64_t count = 0;
  bool operator==(const StockEntry&) const = default;
};

struct SectorWage {  // gross monthly wage in USD, drawn uniformly per worker
  Sector sector = Sector::construction;
  Range usd;
  bool operator==(const SectorWage&) const = default;
};

// How a host treats DPRK workers; events may change it (MODEL.md section 3, "Host states").
struct Posture {
  double compliance_pace = 0;         // monthly share of covered workers ordered home under 2397
  bool complies_at_deadline = false;  // orders every remaining covered worker home at the deadline
  bool refuses_renewals = true;       // under 2375, renewals count as new authorizations
  bool counts_visa_disguised = false; // treats visa-disguised workers as covered by 2397
  double visa_tolerance = 0;          // share of non-work-visa requests the host lets through
  double reporting_honesty = 1;       // share of the true covered stock in its reports
  bool operator==(const Posture&) const = default;
};

// A partial posture, for dated posture changes: only the fields given change.
struct PostureChange {
  std::optional<double> compliance_pace;
  std::optional<bool> complies_at_deadline;
  std::optional<bool> refuses_renewals;
  std::optional<bool> counts_visa_disguised;
  std::optional<double> visa_tolerance;
  std::optional<double> reporting_honesty;
  std::optional<double> contract_months;  // new mean length of permits and visas granted
  bool operator==(const PostureChange&) const = default;
};

struct ListedEmployer {  // an employer given by hand rather than generated
  Sector sector = Sector::construction;
  std::int64_t size = 0;  // DPRK workers at `start`
  double margin_usd = 0;  // monthly margin per DPRK worker over local labour
  double risk_appetite = 0.5;
  bool front_company = false;
  bool operator==(const ListedEmployer&) const = default;
};

// Employers of one host: generated per sector from these distributions, plus any listed.
struct EmployerSpec {
  double workers_per_employer = 50;  // mean size; sets how many employers each sector has
  Range margin_usd{100, 300};        // monthly margin per DPRK worker over local labour
  Range risk_appetite{0.5, 0.5};     // 0.5 is risk-neutral; 1 ignores penalties; 0 doubles them
  double initial_belief = 0.01;      // believed monthly chance of being inspected
  double front_company_share = 0;    // share of generated employers that are DPRK fronts
  double expected_months = 12;       // months the employer expects to keep a worker it retains
  double visa_switch_cost_usd = 0;   // one-off cost of moving a worker to a non-work visa
  double transfer_cost_usd = 0;      // one-off cost of passing a worker to another host
  double transfer_margin_share = 0.5;  // share of the margin it still earns after a transfer
  std::vector<ListedEmployer> listed;
  bool operator==(const EmployerSpec&) const = default;
};

enum class Targeting : std::uint8_t { random, by_size };

struct EnforcementBodySpec {  // a migration service or labour inspectorate
  std::string name;
  double capacity = 0;               // employers inspected per month
  double detection_probability = 0;  // per irregular worker at an inspected employer
  double visa_detection_factor = 1;  // multiplies it for visa-disguised workers
  double front_detection_factor = 1; // multiplies it at front companies
  double employer_fine_usd = 0;      // per unlawful worker found
  Targeting targeting = Targeting::random;
  double belief_spillover = 0;  // weight of an inspection on same-host, same-sector beliefs
  bool operator==(const EnforcementBodySpec&) const = default;
};

struct HostSpec {
  std::string name;
  std::vector<StockEntry> initial_stock;
  std::vector<SectorWage> wages;
  std::optional<double> state_share;  // overrides dprk.state_share for this host
  double loyalty_payment_usd = 0;     // fixed monthly payment to the state instead of a share
  double formal_remittance_share = 1; // share of the state's take paid through employers
  double contract_months = 12;        // mean permit length; expiries have hazard 1/contract_months
  double minder_share = 0;            // safety oversight attachés among workers
  double host_national_share = 0;     // found to be host nationals: exempt under 2397
  double barred_by_law_share = 0;     // repatriation barred by law: exempt under 2397
  std::optional<std::int64_t> dispatch_target;  // stock the DPRK keeps; default: initial total
  double dispatch_max_per_month = 0;  // the DPRK's dispatch capacity to this host
  double stranded_earning_share = 0;  // share of stranded workers who still earn
  Posture posture;
  EmployerSpec employers;
  std::vector<EnforcementBodySpec> enforcement;
  bool operator==(const HostSpec&) const = default;
};

struct DprkSpec {
  double tour_months = 36;           // a tour abroad; then the worker is recalled home
  double state_share = 0.7;          // default share of wages taken by the state
  int dispatch_lag_months = 1;       // months from dispatch decision to arrival
  int rest_months = 6;               // months at home before a returnee can be sent again
  bool operator==(const DprkSpec&) const = default;
};

enum class StateKind : std::uint8_t { origin, host, transit };

struct StateSpec {  // a vertex of the network
  std::string name;
  StateKind kind = StateKind::transit;
  bool operator==(const StateSpec&) const = default;
};

struct Period {  // [from, until): months at which something holds
  MonthId from = 0;
  MonthId until = 0;
  bool operator==(const Period&) const = default;
};

struct RouteSpec {  // an edge: usable both ways, with this capacity in each direction
  std::string name;
  std::string from;
  std::string to;
  std::int64_t seats_per_month = 0;
  double travel_days = 1;
  std::vector<Period> closed;  // dated closures; events may close and open it too
  bool operator==(const RouteSpec&) const = default;
};

enum class MeasureType : std::uint8_t { authorization_cap, new_authorization_ban, repatriation_deadline };

struct MeasureSpec {  // MODEL.md section 5
  std::string name;
  MeasureType type = MeasureType::authorization_cap;
  MonthId adopted = 0;
  std::vector<std::string> hosts;  // hosts bound by it; empty means all
  double approval_rate = 0;        // cap and ban: share of requests the Committee approves
  bool renewals_allowed = false;   // ban: whether renewals count as new authorizations
  int deadline_months = 24;        // deadline: months after adoption
  int midterm_report_months = 15;  // deadline: months after adoption the midterm report is due
  int final_report_months = 27;    // deadline: months after adoption the final report is due
  bool operator==(const MeasureSpec&) const = default;
};

enum class EventType : std::uint8_t {
  border_closure,       // closes every route touching the origin
  border_reopening,     // reopens them
  route_closure,        // closes one route
  route_opening,        // opens one route
  posture_change,       // changes a host's posture
  crackdown,            // raises a host's enforcement for some months
  secondary_sanctions,  // adds an expected cost per unlawful worker to employers
  monitoring_end,       // the Panel of Experts stops: weaker pressure on hosts
  dispatch_change,      // the DPRK changes a host's dispatch target
};

struct EventSpec {
  std::string name;
  EventType type = EventType::border_closure;
  MonthId date = 0;
  std::string host;                         // posture_change, crackdown, dispatch_change;
                                            // secondary_sanctions (empty: all hosts)
  std::string route;                        // route_closure, route_opening
  PostureChange posture;                    // posture_change
  int months = 1;                           // crackdown: how long it lasts
  double capacity_multiplier = 1;           // crackdown
  std::optional<double> detection_probability;  // crackdown: replaces it while it lasts
  double cost_per_worker_usd = 0;           // secondary_sanctions
  double pressure_factor = 1;               // monitoring_end: multiplies compliance pace and
                                            // enforcement capacity of every host
  std::optional<std::int64_t> dispatch_target;  // dispatch_change
  bool operator==(const EventSpec&) const = default;
};

// An observed figure the scenario is compared with (the rows of analysis/data/observed.csv). The
// engine ignores it; the run file stores it beside the simulated series (output/SCHEMA.md).
struct ObservedFigure {
  std::string id;        // unique within the scenario, e.g. "R7"
  std::string host;      // a host, "World" (all hosts) or another state, as in the source
  std::string date;      // as written: "2017" (a year), "2018-02" (a month), "2017-12-31" (a day)
  std::string quantity;  // e.g. workers_permitted, workers_total, state_revenue_usd_per_year
  std::optional<double> value;  // the figure; absent for dated facts (a border closure)
  std::optional<double> low;    // plausible range, when the source gives one
  std::optional<double> high;
  std::string use;       // "calibrate" (a target to compare with) or "input" (sets a parameter)
  std::string source;    // who said it, where
  bool operator==(const ObservedFigure&) const = default;
};

struct OutputSpec {
  std::string path;                  // empty: output/<name>.h5
  std::vector<MonthId> snapshots;    // months of per-agent snapshots (off when empty)
  bool operator==(const OutputSpec&) const = default;
};

// The most hosts a scenario may have (check_spec): a worker row keeps its host in one byte, and
// the recount keeps a census of every host on the stack.
inline constexpr std::size_t kMaxHosts = 250;

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  MonthId start = 0;
  MonthId end = 0;                // inclusive: the last month simulated
  double population_scale = 1;    // multiplies every count of people (stocks, dispatch, seats)
                                  // and inspection capacity: the same dynamics at another size
  DprkSpec dprk;
  std::vector<HostSpec> hosts;
  std::vector<StateSpec> states;  // hosts and the origin may be omitted: they are implied
  std::vector<RouteSpec> routes;
  std::vector<MeasureSpec> measures;
  std::vector<EventSpec> events;
  std::vector<ObservedFigure> observed;  // figures to compare with; not read by the engine
  OutputSpec output;

  int months() const { return end - start + 1; }

  bool operator==(const ScenarioSpec&) const = default;
};

}  // namespace repatsim
