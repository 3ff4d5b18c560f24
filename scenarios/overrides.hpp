// `--set key.path=value`: one change applied to the resolved scenario before validation.
#pragma once

#include <string>

#include "scenarios/diagnostics.hpp"
#include "scenarios/document.hpp"

namespace repatsim::scenario_io {

// Path steps select map keys (missing ones are created) and, in named lists, items by name
// (hosts.Russia.posture.compliance_pace); other lists take an index (output.snapshots.0).
// The value is parsed as YAML (a scalar or flow collection: [..], {..}). Problems name the
// argument as their file ("--set <argument>").
void apply_override(DocNode& root, const std::string& argument, Diagnostics& diagnostics);

}  // namespace repatsim::scenario_io
