#include "scenarios/merge.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace repatsim::scenario_io {

namespace {

KeyTrail extended(const KeyTrail& trail, std::string step) {
  KeyTrail out = trail;
  out.push_back(std::move(step));
  return out;
}

std::string trail_text(const KeyTrail& trail) {
  std::string out;
  for (const auto& step : trail) out += (out.empty() ? "" : ".") + step;
  return out;
}

// `remove: true` in an overlay item; reports a `remove` that is not a boolean.
bool removes(const DocNode& item, const KeyTrail& trail, Diagnostics& diagnostics) {
  const DocNode* flag = item.find("remove");
  if (flag == nullptr) return false;
  if (flag->is_scalar() && !flag->quoted && (flag->scalar == "true" || flag->scalar == "false"))
    return flag->scalar == "true";
  diagnostics.error(flag->mark, trail_text(trail) + ".remove",
                    fmt::format("expected true or false, got {}", describe(*flag)));
  return false;
}

DocNode merge_named_lists(DocNode base, DocNode overlay, const KeyTrail& trail,
                          Diagnostics& diagnostics) {
  // Overlay items match base items only, never each other: two overlay items of one name stay
  // two items, and validation reports the duplicate.
  auto base_count = static_cast<std::ptrdiff_t>(base.items.size());
  for (auto& item : overlay.items) {
    auto name = item_name(trail, item);
    auto same_name = [&](const DocNode& candidate) { return name && item_name(trail, candidate) == name; };
    auto base_end = base.items.begin() + base_count;
    auto found = std::find_if(base.items.begin(), base_end, same_name);
    if (found == base_end) found = base.items.end();
    if (removes(item, trail, diagnostics)) {
      if (found == base.items.end()) {
        diagnostics.error(item.mark, trail_text(trail),
                          name ? fmt::format("cannot remove '{}': the extended scenario has no "
                                             "item of that name in {}",
                                             *name, trail_text(trail))
                               : std::string(trail == KeyTrail{"observed"}
                                                 ? "an item with `remove: true` needs an `id`"
                                                 : "an item with `remove: true` needs a `name`"));
      } else {
        base.items.erase(found);
        --base_count;
      }
      continue;
    }
    item.erase("remove");  // `remove: false` is a plain item
    if (found == base.items.end())
      base.items.push_back(std::move(item));
    else
      *found = merge(std::move(*found), std::move(item), extended(trail, "*"), diagnostics);
  }
  return base;
}

}  // namespace

DocNode merge(DocNode base, DocNode overlay, const KeyTrail& trail, Diagnostics& diagnostics) {
  if (base.is_map() && overlay.is_map()) {
    for (auto& entry : overlay.entries) {
      DocNode* existing = base.find(entry.key);
      KeyTrail child = extended(trail, entry.key);
      if (existing == nullptr && entry.value.is_list() && is_named_list(child)) {
        // Merge into an empty list, so that a `remove` of an absent item is still reported.
        entry.value = merge(make_list(), std::move(entry.value), child, diagnostics);
        base.entries.push_back(std::move(entry));
      } else if (existing == nullptr) {
        base.entries.push_back(std::move(entry));
      } else {
        *existing = merge(std::move(*existing), std::move(entry.value), child, diagnostics);
      }
    }
    return base;
  }
  if (base.is_list() && overlay.is_list() && is_named_list(trail))
    return merge_named_lists(std::move(base), std::move(overlay), trail, diagnostics);
  return overlay;
}

}  // namespace repatsim::scenario_io
