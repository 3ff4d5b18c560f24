// The validating readers: DocNode tree -> ScenarioSpec. Each reports every problem it finds and
// fills what it can, so that one pass lists everything wrong in a file.
#pragma once

#include <string>

#include "scenarios/diagnostics.hpp"
#include "scenarios/document.hpp"
#include "scenarios/field_reader.hpp"
#include "sim/spec.hpp"

namespace repatsim::scenario_io {

// The whole scenario (read_scenario.cpp): root keys, dprk, states, routes, output, and the
// cross-references between them.
ScenarioSpec read_scenario(const DocNode& root, Diagnostics& diagnostics);

// One host with its posture, employers and enforcement bodies (read_host.cpp).
HostSpec read_host(const DocNode& node, const std::string& path, Diagnostics& diagnostics);

// One measure (read_measure.cpp); `hosts` are the hosts it may name.
MeasureSpec read_measure(const DocNode& node, const std::string& path, const NameList& hosts,
                         Diagnostics& diagnostics);

// One event (read_event.cpp), with the keys its type uses; `hosts` and `routes` are the names
// it may refer to.
EventSpec read_event(const DocNode& node, const std::string& path, const NameList& hosts,
                     const NameList& routes, Diagnostics& diagnostics);

// Enumerator names of the spec's own enums, in enumerator order (YAML values).
inline constexpr std::array<std::string_view, 2> kTargetingNames{"random", "by_size"};
inline constexpr std::array<std::string_view, 3> kStateKindNames{"origin", "host", "transit"};
inline constexpr std::array<std::string_view, 3> kMeasureTypeNames{"authorization_cap", "new_authorization_ban",
                                                                   "repatriation_deadline"};
inline constexpr std::array<std::string_view, 9> kEventTypeNames{
    "border_closure", "border_reopening", "route_closure",       "route_opening",  "posture_change",
    "crackdown",      "secondary_sanctions", "monitoring_end", "dispatch_change"};

// What an observed figure is for (observed[].use).
inline constexpr std::array<std::string_view, 2> kObservedUseNames{"calibrate", "input"};

// The origin state's fixed name.
inline constexpr std::string_view kOriginName = "DPRK";

}  // namespace repatsim::scenario_io
