// Deep merge of a scenario over the one it `extends`.
#pragma once

#include "scenarios/diagnostics.hpp"
#include "scenarios/document.hpp"
#include "scenarios/named_lists.hpp"

namespace repatsim::scenario_io {

// Merges `overlay` onto `base`: maps merge key by key, recursively; named lists (named_lists.hpp)
// merge item by item, and an item `{name: X, remove: true}` removes X; anything else in the
// overlay replaces the base value. `trail` locates `base` in the scenario ({} for the root).
DocNode merge(DocNode base, DocNode overlay, const KeyTrail& trail, Diagnostics& diagnostics);

}  // namespace repatsim::scenario_io
