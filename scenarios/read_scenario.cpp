#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "scenarios/named_lists.hpp"
#include "scenarios/read_spec.hpp"

namespace repatsim::scenario_io {

namespace {

void read_seed(MapReader& r, std::uint64_t& seed) {
  const DocNode* node = r.require("seed", "a non-negative whole number: the run's random seed");
  if (node == nullptr) return;
  bool parsed = false;
  if (node->is_scalar() && !node->quoted && !node->scalar.empty()) {
    const std::string& text = node->scalar;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
    parsed = ec == std::errc() && end == text.data() + text.size();
  }
  if (!parsed)
    r.diagnostics().error(node->mark, r.path_of("seed"),
                          fmt::format("expected a whole number from 0 to 18446744073709551615 (the random "
                                      "seed), got {}",
                                      describe(*node)));
}

DprkSpec read_dprk(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  DprkSpec dprk;
  MapReader r(node, path, {"tour_months", "state_share", "dispatch_lag_months", "rest_months"}, diagnostics);
  r.number("tour_months", dprk.tour_months, Bound::positive, "months");
  r.number("state_share", dprk.state_share, Bound::share);
  r.integer("dispatch_lag_months", dprk.dispatch_lag_months, 0, "months");
  r.integer("rest_months", dprk.rest_months, 0, "months");
  r.finish();
  return dprk;
}

// States as listed, then DPRK and every host that the list leaves out, so that the spec always
// names every vertex of the network.
std::vector<StateSpec> read_states(MapReader& root, const std::vector<HostSpec>& hosts, const NameList& host_names,
                                   Diagnostics& diagnostics) {
  std::vector<StateSpec> states;
  NameList names("state");
  for_each_item(root, "states", [&](const DocNode& item, const std::string& path) {
    StateSpec state;
    MapReader r(item, path, {"name", "kind"}, diagnostics);
    r.text("name", state.name, Need::required);
    // The kind follows from the name unless given: DPRK is the origin, hosts are hosts.
    state.kind = state.name == kOriginName        ? StateKind::origin
                 : host_names.contains(state.name) ? StateKind::host
                                                   : StateKind::transit;
    r.choice("kind", state.kind, kStateKindNames);
    r.finish();
    if (const DocNode* kind = r.get("kind")) {
      std::string_view given = kStateKindNames[static_cast<std::size_t>(state.kind)];
      if (state.name == kOriginName && state.kind != StateKind::origin)
        diagnostics.error(kind->mark, r.path_of("kind"), "DPRK is the origin state: its kind is origin");
      else if (state.name != kOriginName && state.kind == StateKind::origin)
        diagnostics.error(kind->mark, r.path_of("kind"), "only the state named DPRK can be the origin");
      else if (host_names.contains(state.name) && state.kind != StateKind::host)
        diagnostics.error(kind->mark, r.path_of("kind"),
                          fmt::format("'{}' is a host (under hosts), so its kind is host, not {}", state.name, given));
      else if (!state.name.empty() && !host_names.contains(state.name) && state.kind == StateKind::host)
        diagnostics.error(kind->mark, r.path_of("kind"),
                          fmt::format("kind host needs a host named '{}' under hosts", state.name));
    }
    if (const DocNode* name = r.get("name"); name && !state.name.empty())
      names.add(state.name, name->mark, r.path_of("name"), diagnostics);
    states.push_back(state);
  });
  if (!names.contains(kOriginName)) states.push_back(StateSpec{std::string(kOriginName), StateKind::origin});
  for (const auto& host : hosts)
    if (!host.name.empty() && !names.contains(host.name)) states.push_back(StateSpec{host.name, StateKind::host});
  return states;
}

std::vector<RouteSpec> read_routes(MapReader& root, const NameList& states, NameList& route_names,
                                   Diagnostics& diagnostics) {
  std::vector<RouteSpec> routes;
  for_each_item(root, "routes", [&](const DocNode& item, const std::string& path) {
    RouteSpec route;
    MapReader r(item, path, {"name", "from", "to", "seats_per_month", "travel_days", "closed"}, diagnostics);
    r.text("from", route.from, Need::required);
    r.text("to", route.to, Need::required);
    for (auto [key, end] : {std::pair{"from", &route.from}, std::pair{"to", &route.to}})
      if (const DocNode* node = r.get(key); node && node->is_scalar() && !end->empty())
        states.check_reference(*end, *node, r.path_of(key), diagnostics);
    if (!route.from.empty() && route.from == route.to)
      diagnostics.error(r.get("to")->mark, r.path_of("to"), "a route joins two different states");
    r.integer("seats_per_month", route.seats_per_month, 0, "seats per month each way", Need::required);
    r.number("travel_days", route.travel_days, Bound::non_negative, "days");
    for_each_item(r, "closed", [&](const DocNode& period_node, const std::string& period_path) {
      Period period;
      MapReader p(period_node, period_path, {"from", "until"}, diagnostics);
      bool from = p.month("from", period.from, Need::required);
      bool until = p.month("until", period.until, Need::required);
      p.finish();
      if (from && until && period.from >= period.until)
        diagnostics.error(period_node.mark, period_path,
                          fmt::format("from ({}) must come before until ({}): a period is [from, until)",
                                      month_label(period.from), month_label(period.until)));
      route.closed.push_back(period);
    });
    route.name = default_route_name(route.from, route.to);
    r.text("name", route.name);
    r.finish();
    const DocNode* name = r.get("name");
    route_names.add(route.name, name ? name->mark : item.mark, path, diagnostics);
    routes.push_back(std::move(route));
  });
  return routes;
}

// `horizon_known`: start and end were read, so snapshots can be checked against them.
OutputSpec read_output(const DocNode& node, const std::string& path, MonthId start, MonthId end,
                       bool horizon_known, Diagnostics& diagnostics) {
  OutputSpec output;
  MapReader r(node, path, {"path", "snapshots"}, diagnostics);
  r.text("path", output.path);
  for_each_item(r, "snapshots", [&](const DocNode& item, const std::string& item_path) {
    auto month = to_month(item, item_path, diagnostics);
    if (!month) return;
    if (horizon_known && (*month < start || *month > end))
      diagnostics.error(item.mark, item_path,
                        fmt::format("snapshot month {} lies outside the run ({} to {})", month_label(*month),
                                    month_label(start), month_label(end)));
    else
      output.snapshots.push_back(*month);
  });
  r.finish();
  return output;
}

// A date as a source writes it: a year (2017), a month (2018-02) or a day (2017-12-31).
bool is_source_date(const std::string& text) {
  if (text.size() == 4) return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  return (text.size() == 7 || text.size() == 10) && parse_month(text).has_value();
}

ObservedFigure read_observed_figure(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  ObservedFigure figure;
  MapReader r(node, path, {"id", "host", "date", "quantity", "value", "low", "high", "use", "source"}, diagnostics);
  r.text("id", figure.id, Need::required);
  r.text("host", figure.host, Need::required);
  if (const DocNode* date = r.require("date", "a date as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD")) {
    if (date->is_scalar() && is_source_date(date->scalar))
      figure.date = date->scalar;
    else
      diagnostics.error(date->mark, r.path_of("date"),
                        fmt::format("expected a year YYYY, a month YYYY-MM or a day YYYY-MM-DD (a real "
                                    "calendar date), got {}",
                                    describe(*date)));
  }
  r.text("quantity", figure.quantity, Need::required);
  r.optional_number("value", figure.value, Bound::any);
  r.optional_number("low", figure.low, Bound::any);
  r.optional_number("high", figure.high, Bound::any);
  std::size_t use = 0;
  if (const DocNode* node_use = r.require("use", "one of: " + join(std::vector<std::string_view>(
                                                                   kObservedUseNames.begin(), kObservedUseNames.end()))))
    if (auto index = to_choice(*node_use, r.path_of("use"), {kObservedUseNames.begin(), kObservedUseNames.end()},
                               diagnostics)) {
      use = *index;
      figure.use = std::string(kObservedUseNames[use]);
    }
  r.text("source", figure.source, Need::required);
  r.finish();
  if (figure.low && figure.high && *figure.low > *figure.high)
    diagnostics.error(r.get("high")->mark, r.path_of("high"),
                      fmt::format("high ({}) is below low ({})", *figure.high, *figure.low));
  else if (figure.value && ((figure.low && *figure.value < *figure.low) ||
                            (figure.high && *figure.value > *figure.high)))
    diagnostics.error(r.get("value")->mark, r.path_of("value"),
                      fmt::format("value ({}) lies outside [low, high]", *figure.value));
  return figure;
}

// The observed figures, each identified by its id (item paths read observed[R7]).
std::vector<ObservedFigure> read_observed(MapReader& root, Diagnostics& diagnostics) {
  std::vector<ObservedFigure> observed;
  const DocNode* list = root.get("observed");
  if (list == nullptr || list->is_null()) return observed;
  const std::string path = root.path_of("observed");
  if (!list->is_list()) {
    diagnostics.error(list->mark, path, fmt::format("expected a list, got {}", describe(*list)));
    return observed;
  }
  NameList ids("observed figure");
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const DocNode& item = list->items[i];
    const DocNode* id = item.is_map() ? item.find("id") : nullptr;
    const bool named = id != nullptr && id->is_scalar() && !id->scalar.empty();
    const std::string item_path_text = item_path(path, named ? id->scalar : std::to_string(i));
    observed.push_back(read_observed_figure(item, item_path_text, diagnostics));
    if (named) ids.add(id->scalar, id->mark, item_path_text + ".id", diagnostics);
  }
  return observed;
}

}  // namespace

ScenarioSpec read_scenario(const DocNode& root, Diagnostics& diagnostics) {
  ScenarioSpec spec;
  MapReader r(root, "",
              {"name", "description", "seed", "start", "end", "population_scale", "dprk", "hosts", "states",
               "routes", "measures", "events", "observed", "output"},
              diagnostics);
  if (!r.is_map() && !root.is_null()) return spec;  // reported: not a map of scenario keys

  r.text("name", spec.name, Need::required);
  r.text("description", spec.description);
  read_seed(r, spec.seed);
  bool start = r.month("start", spec.start, Need::required);
  bool end = r.month("end", spec.end, Need::required);
  if (start && end && spec.start > spec.end)
    diagnostics.error(r.get("end")->mark, "end",
                      fmt::format("end ({}) comes before start ({}); end is the last month simulated",
                                  month_label(spec.end), month_label(spec.start)));
  r.number("population_scale", spec.population_scale, Bound::positive, "multiplier of worker counts");
  if (const DocNode* dprk = r.get("dprk")) spec.dprk = read_dprk(*dprk, "dprk", diagnostics);

  NameList host_names("host");
  for_each_item(r, "hosts", [&](const DocNode& item, const std::string& path) {
    spec.hosts.push_back(read_host(item, path, diagnostics));
    const DocNode* name = item.is_map() ? item.find("name") : nullptr;
    if (name && !spec.hosts.back().name.empty())
      host_names.add(spec.hosts.back().name, name->mark, path + ".name", diagnostics);
  });
  if ((r.is_map() || root.is_null()) && spec.hosts.empty()) {
    const DocNode* hosts = r.get("hosts");
    if (hosts == nullptr)
      diagnostics.error(root.mark, "hosts", "missing required key 'hosts' (a list of host states)");
    else if (hosts->is_list() || hosts->is_null())
      diagnostics.error(hosts->mark, "hosts", "expected at least one host");
  }

  spec.states = read_states(r, spec.hosts, host_names, diagnostics);
  NameList state_names("state");
  for (const auto& state : spec.states)
    if (!state_names.contains(state.name)) state_names.add(state.name, {}, "", diagnostics);

  NameList route_names("route");
  spec.routes = read_routes(r, state_names, route_names, diagnostics);

  NameList measure_names("measure");
  for_each_item(r, "measures", [&](const DocNode& item, const std::string& path) {
    spec.measures.push_back(read_measure(item, path, host_names, diagnostics));
    const DocNode* name = item.is_map() ? item.find("name") : nullptr;
    measure_names.add(spec.measures.back().name, name ? name->mark : item.mark, path, diagnostics);
  });

  NameList event_names("event");
  for_each_item(r, "events", [&](const DocNode& item, const std::string& path) {
    spec.events.push_back(read_event(item, path, host_names, route_names, diagnostics));
    const DocNode* name = item.is_map() ? item.find("name") : nullptr;
    event_names.add(spec.events.back().name, name ? name->mark : item.mark, path, diagnostics);
  });

  spec.observed = read_observed(r, diagnostics);

  if (const DocNode* output = r.get("output"))
    spec.output = read_output(*output, "output", spec.start, spec.end, start && end, diagnostics);
  r.finish();
  return spec;
}

}  // namespace repatsim::scenario_io
