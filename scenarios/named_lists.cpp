#include "scenarios/named_lists.hpp"

#include <fmt/format.h>

namespace repatsim::scenario_io {

bool is_named_list(const KeyTrail& trail) {
  if (trail.size() == 1) {
    const auto& key = trail[0];
    return key == "hosts" || key == "states" || key == "routes" || key == "measures" || key == "events" ||
           key == "observed";
  }
  return trail == KeyTrail{"hosts", "*", "enforcement"};
}

namespace {
std::optional<std::string> scalar_at(const DocNode& map, std::string_view key) {
  const DocNode* node = map.find(key);
  if (node == nullptr || !node->is_scalar()) return std::nullopt;
  return node->scalar;
}
}  // namespace

std::optional<std::string> item_name(const KeyTrail& trail, const DocNode& item) {
  if (!item.is_map()) return std::nullopt;
  if (trail == KeyTrail{"observed"}) return scalar_at(item, "id");  // observed figures go by id
  if (auto name = scalar_at(item, "name")) return name;
  if (trail == KeyTrail{"measures"}) return scalar_at(item, "type");
  if (trail == KeyTrail{"routes"}) {
    auto from = scalar_at(item, "from"), to = scalar_at(item, "to");
    if (from && to) return default_route_name(*from, *to);
    return std::nullopt;
  }
  if (trail == KeyTrail{"events"}) {
    auto type = scalar_at(item, "type"), date = scalar_at(item, "date");
    if (!type || !date) return std::nullopt;
    auto month = parse_month(*date);
    if (!month) return std::nullopt;
    return default_event_name(*type, *month, scalar_at(item, "host").value_or(""),
                              scalar_at(item, "route").value_or(""));
  }
  return std::nullopt;
}

std::string default_event_name(std::string_view type, MonthId date, std::string_view host,
                               std::string_view route) {
  std::string name = fmt::format("{}-{}", type, month_label(date));
  if (!host.empty()) name += fmt::format("-{}", host);
  if (!route.empty()) name += fmt::format("-{}", route);
  return name;
}

std::string default_route_name(std::string_view from, std::string_view to) {
  return fmt::format("{}-{}", from, to);
}

}  // namespace repatsim::scenario_io
