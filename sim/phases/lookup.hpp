// Name lookups the phases need for the few per-month, per-host decisions (never per worker).
#pragma once

#include <stdexcept>
#include <string>

#include "sim/spec.hpp"

namespace repatsim {

inline int host_index(const ScenarioSpec& spec, const std::string& name) {
  for (std::size_t h = 0; h < spec.hosts.size(); ++h)
    if (spec.hosts[h].name == name) return static_cast<int>(h);
  throw std::invalid_argument("unknown host '" + name + "'");
}

inline int route_index(const ScenarioSpec& spec, const std::string& name) {
  for (std::size_t r = 0; r < spec.routes.size(); ++r)
    if (spec.routes[r].name == name) return static_cast<int>(r);
  throw std::invalid_argument("unknown route '" + name + "'");
}

// Whether a measure binds a host (an empty host list binds every host).
inline bool binds(const MeasureSpec& m, const std::string& host) {
  if (m.hosts.empty()) return true;
  for (const auto& h : m.hosts)
    if (h == host) return true;
  return false;
}

}  // namespace repatsim
