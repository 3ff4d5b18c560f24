// The memory check `repatsim run` and `repatsim sweep` make before allocating anything.
#pragma once

#include <string>

#include "sim/spec.hpp"

namespace repatsim::app {

// "1.5 GiB" and the like.
std::string human_bytes(double bytes);

// Why `concurrent_runs` runs of `spec` side by side cannot fit in this machine's memory (the
// worker tables with room to grow, and snapshots); empty when they fit.
std::string memory_problem(const ScenarioSpec& spec, int concurrent_runs);

}  // namespace repatsim::app
