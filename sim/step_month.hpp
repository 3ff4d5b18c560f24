#pragma once

#include "sim/records.hpp"
#include "sim/state.hpp"

namespace repatsim {

// Advances the state by one calendar month and records it.
void step_month(SimulationState& state, Recorder& recorder);

}  // namespace repatsim
