// Turns a validated spec into the initial simulation state (the month before `start`).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/spec.hpp"
#include "sim/state.hpp"

namespace repatsim {

// A spec the engine cannot run (each message names the key and the problem).
class SpecError : public std::invalid_argument {
 public:
  explicit SpecError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// What the engine needs beyond the loader's checks; empty when the spec can run.
std::vector<std::string> check_spec(const ScenarioSpec& spec);

// Rows the initial population will take (after population_scale), for refusing oversize runs.
std::int64_t initial_worker_count(const ScenarioSpec& spec);

// Throws SpecError if check_spec finds problems. The spec must outlive the state.
SimulationState build_state(const ScenarioSpec& spec);

}  // namespace repatsim
