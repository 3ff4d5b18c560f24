#include <fmt/format.h>

#include <algorithm>

#include "scenarios/named_lists.hpp"
#include "scenarios/read_spec.hpp"

namespace repatsim::scenario_io {

namespace {

// The keys each event type uses, besides name, type and date; `required` ones must be given.
struct EventKeys {
  std::vector<std::string_view> optional;
  std::vector<std::string_view> required;
};

EventKeys event_keys(EventType type) {
  switch (type) {
    case EventType::border_closure:
    case EventType::border_reopening:
      return {};
    case EventType::route_closure:
    case EventType::route_opening:
      return {{}, {"route"}};
    case EventType::posture_change:
      return {{}, {"host", "posture"}};
    case EventType::crackdown:
      return {{"months", "capacity_multiplier", "detection_probability"}, {"host"}};
    case EventType::secondary_sanctions:
      return {{"host", "cost_per_worker_usd"}, {}};
    case EventType::monitoring_end:
      return {{"pressure_factor"}, {}};
    case EventType::dispatch_change:
      return {{}, {"host", "dispatch_target"}};
  }
  return {};
}

std::vector<std::string_view> valid_keys(std::optional<EventType> type) {
  std::vector<std::string_view> keys{"name", "type", "date"};
  for (std::size_t i = 0; i < kEventTypeNames.size(); ++i) {
    auto candidate = static_cast<EventType>(i);
    if (type && *type != candidate) continue;  // type unknown: accept any event key
    auto more = event_keys(candidate);
    for (auto list : {more.required, more.optional})
      for (auto key : list)
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

std::string other_type_hint(std::string_view key, EventType type) {
  std::vector<std::string_view> users;
  for (std::size_t i = 0; i < kEventTypeNames.size(); ++i) {
    auto keys = valid_keys(static_cast<EventType>(i));
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) users.push_back(kEventTypeNames[i]);
  }
  if (users.empty()) return "";
  return fmt::format(": a {} event does not use it (it is a key of {} events)",
                     kEventTypeNames[static_cast<std::size_t>(type)], join(users));
}

PostureChange read_posture_change(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  PostureChange change;
  MapReader r(node, path,
              {"compliance_pace", "complies_at_deadline", "refuses_renewals", "counts_visa_disguised",
               "visa_tolerance", "reporting_honesty", "contract_months"},
              diagnostics);
  r.optional_number("compliance_pace", change.compliance_pace, Bound::share);
  r.optional_boolean("complies_at_deadline", change.complies_at_deadline);
  r.optional_boolean("refuses_renewals", change.refuses_renewals);
  r.optional_boolean("counts_visa_disguised", change.counts_visa_disguised);
  r.optional_number("visa_tolerance", change.visa_tolerance, Bound::share);
  r.optional_number("reporting_honesty", change.reporting_honesty, Bound::share);
  r.optional_number("contract_months", change.contract_months, Bound::positive, "months");
  r.finish();
  if ((r.is_map() || node.is_null()) && change == PostureChange{})
    diagnostics.error(node.mark, path, "a posture change must change at least one posture key");
  return change;
}

}  // namespace

EventSpec read_event(const DocNode& node, const std::string& path, const NameList& hosts,
                     const NameList& routes, Diagnostics& diagnostics) {
  EventSpec event;
  std::optional<EventType> type;
  if (const DocNode* type_node = node.is_map() ? node.find("type") : nullptr)
    if (auto index = to_choice(*type_node, child_path(path, "type"), {kEventTypeNames.begin(), kEventTypeNames.end()},
                               diagnostics))
      type = static_cast<EventType>(*index);

  MapReader r(node, path, valid_keys(type), diagnostics);
  r.require("type", "one of: " + join(std::vector<std::string_view>(kEventTypeNames.begin(), kEventTypeNames.end())));
  if (type) {
    event.type = *type;
    for (auto key : event_keys(*type).required)
      r.require(key, fmt::format("a {} event needs it", kEventTypeNames[static_cast<std::size_t>(*type)]));
  }
  r.month("date", event.date, Need::required);

  r.text("host", event.host);
  if (const DocNode* host = r.get("host"); host && host->is_scalar())
    hosts.check_reference(event.host, *host, r.path_of("host"), diagnostics);
  r.text("route", event.route);
  if (const DocNode* route = r.get("route"); route && route->is_scalar())
    routes.check_reference(event.route, *route, r.path_of("route"), diagnostics);
  if (const DocNode* posture = r.get("posture"))
    event.posture = read_posture_change(*posture, r.path_of("posture"), diagnostics);
  r.integer("months", event.months, 1, "months");
  r.number("capacity_multiplier", event.capacity_multiplier, Bound::non_negative, "multiplier");
  r.optional_number("detection_probability", event.detection_probability, Bound::share);
  r.number("cost_per_worker_usd", event.cost_per_worker_usd, Bound::non_negative, "USD per unlawful worker");
  r.number("pressure_factor", event.pressure_factor, Bound::share);
  r.optional_integer("dispatch_target", event.dispatch_target, 0, "workers");

  event.name = default_event_name(kEventTypeNames[static_cast<std::size_t>(event.type)], event.date, event.host,
                                  event.route);
  r.text("name", event.name);
  if (type == EventType::dispatch_change && r.get("dispatch_target") && r.get("dispatch_target")->is_null())
    diagnostics.error(r.get("dispatch_target")->mark, r.path_of("dispatch_target"),
                      "a dispatch_change event needs a dispatch_target (a whole number of workers)");
  if (type)
    r.finish([&](std::string_view key) { return other_type_hint(key, *type); });
  else
    r.finish();
  return event;
}

}  // namespace repatsim::scenario_io
