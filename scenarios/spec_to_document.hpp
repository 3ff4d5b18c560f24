// ScenarioSpec -> DocNode with every key present (defaults filled), for `resolved_yaml`.
// Reading the tree back gives an equal spec: numbers are written in their shortest exact form.
#pragma once

#include "scenarios/document.hpp"
#include "sim/spec.hpp"

namespace repatsim::scenario_io {

DocNode spec_to_document(const ScenarioSpec& spec);

}  // namespace repatsim::scenario_io
