// Lists whose items are identified by name: `extends` merges them item by item, `--set` selects
// items by name, and `remove: true` deletes one. Other lists are replaced wholesale.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/document.hpp"
#include "sim/calendar.hpp"

namespace repatsim::scenario_io {

// The map keys from the root to a node, with "*" for each list item on the way:
// {"hosts", "*", "enforcement"} is the enforcement list of any host.
using KeyTrail = std::vector<std::string>;

// True for hosts, states, routes, measures, events, observed (by id) and a host's enforcement
// bodies.
bool is_named_list(const KeyTrail& trail);

// The name an item of a named list goes by: its `name` (an observed figure's `id`), else the default the loader gives it
// (the type for measures; "<type>-<YYYY-MM>[-<host>][-<route>]" for events; "<from>-<to>" for
// routes). nullopt when it has none (e.g. a host without a name).
std::optional<std::string> item_name(const KeyTrail& trail, const DocNode& item);

// Default names, shared with the validator so that merging and validation agree.
std::string default_event_name(std::string_view type, MonthId date, std::string_view host,
                               std::string_view route);
std::string default_route_name(std::string_view from, std::string_view to);

}  // namespace repatsim::scenario_io
