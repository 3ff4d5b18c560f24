#include "scenarios/overrides.hpp"

#include <fmt/format.h>

#include <charconv>

#include "scenarios/named_lists.hpp"
#include "scenarios/yaml_parse.hpp"

namespace repatsim::scenario_io {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> steps;
  std::size_t begin = 0;
  while (true) {
    auto dot = path.find('.', begin);
    steps.emplace_back(path.substr(begin, dot == std::string_view::npos ? dot : dot - begin));
    if (dot == std::string_view::npos) return steps;
    begin = dot + 1;
  }
}

std::optional<std::size_t> parse_index(std::string_view step) {
  std::size_t index = 0;
  auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
  if (ec != std::errc() || end != step.data() + step.size()) return std::nullopt;
  return index;
}

// Gives every node of a parsed value the argument's origin, shifting the first line's columns
// past "key.path=" so that they point into the argument.
void relocate(DocNode& node, const std::string& origin, int column_offset) {
  node.mark.origin = origin;
  if (node.mark.line <= 1) node.mark.column += column_offset;
  node.mark.line = 1;  // the argument is one line; YAML line breaks inside it are rare
  for (auto& item : node.items) relocate(item, origin, column_offset);
  for (auto& entry : node.entries) {
    entry.key_mark.origin = origin;
    entry.key_mark.line = 1;
    relocate(entry.value, origin, column_offset);
  }
}

}  // namespace

void apply_override(DocNode& root, const std::string& argument, Diagnostics& diagnostics) {
  const std::string origin = "--set " + argument;
  const Mark at_start{origin, 1, 1};
  auto equals = argument.find('=');
  if (equals == std::string::npos || equals == 0) {
    diagnostics.error(at_start, "", "expected key.path=value, e.g. hosts.Russia.posture.compliance_pace=0.2");
    return;
  }
  const std::string path = argument.substr(0, equals);
  auto steps = split_path(path);
  for (const auto& step : steps)
    if (step.empty()) {
      diagnostics.error(at_start, path, "empty step in the key path (two dots, or a dot at an end)");
      return;
    }

  Diagnostics value_problems;
  auto value = parse_yaml_text(argument.substr(equals + 1), origin, value_problems);
  if (!value || !value_problems.empty()) {
    for (const auto& d : value_problems.sorted())
      diagnostics.error(Mark{origin, 1, d.column + static_cast<int>(equals) + 1}, path, d.message);
    return;
  }
  relocate(*value, origin, static_cast<int>(equals) + 1);

  if (!root.is_map()) {
    diagnostics.error(at_start, path, "the scenario is not a map of keys, so nothing can be set in it");
    return;
  }
  DocNode* node = &root;
  KeyTrail trail;
  std::string shown;  // the path walked so far, as the validator writes key paths
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string& step = steps[i];
    const bool last = i + 1 == steps.size();
    if (node->is_null()) *node = make_map();  // `key:` with no value becomes the map we descend into
    if (node->is_map()) {
      DocNode* child = node->find(step);
      if (child == nullptr) {
        DocNode created = last ? DocNode{} : make_map();
        created.mark = at_start;
        add_entry(*node, step, std::move(created));
        child = &node->entries.back().value;
      }
      node = child;
      trail.push_back(step);
      shown = child_path(shown, step);
    } else if (node->is_list()) {
      DocNode* chosen = nullptr;
      if (is_named_list(trail)) {
        std::vector<std::string> names;
        for (auto& item : node->items) {
          auto name = item_name(trail, item);
          if (name == step) chosen = &item;
          if (name) names.push_back(*name);
        }
        if (chosen == nullptr) {
          std::vector<std::string_view> views(names.begin(), names.end());
          diagnostics.error(at_start, item_path(shown, step),
                            fmt::format("no item named '{}' in {}{}; the names are: {}", step, shown,
                                        suggestion(step, views), join(names)));
          return;
        }
      } else {
        auto index = parse_index(step);
        if (!index || *index >= node->items.size()) {
          diagnostics.error(at_start, item_path(shown, step),
                            node->items.empty()
                                ? fmt::format("{} is an empty list: set the whole list instead", shown)
                                : fmt::format("{} is a list of {} items: expected an index from 0 to {}",
                                              shown, node->items.size(), node->items.size() - 1));
          return;
        }
        chosen = &node->items[*index];
      }
      node = chosen;
      trail.push_back("*");
      shown = item_path(shown, step);
    } else {
      diagnostics.error(at_start, shown,
                        fmt::format("{} is {}, which has no key '{}'", shown, describe(*node), step));
      return;
    }
  }
  *node = std::move(*value);
}

}  // namespace repatsim::scenario_io
