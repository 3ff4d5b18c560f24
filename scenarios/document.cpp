#include "scenarios/document.hpp"

#include <algorithm>

namespace repatsim::scenario_io {

const DocNode* DocNode::find(std::string_view key) const {
  for (const auto& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

DocNode* DocNode::find(std::string_view key) {
  for (auto& entry : entries)
    if (entry.key == key) return &entry.value;
  return nullptr;
}

bool DocNode::erase(std::string_view key) {
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const DocEntry& entry) { return entry.key == key; });
  if (it == entries.end()) return false;
  entries.erase(it);
  return true;
}

std::string describe(const DocNode& node) {
  switch (node.kind) {
    case DocNode::Kind::null:
      return "nothing";
    case DocNode::Kind::list:
      return "a list";
    case DocNode::Kind::map:
      return "a map";
    case DocNode::Kind::scalar:
      break;
  }
  // Long scalars are cut so that a message stays one readable line.
  constexpr std::size_t kShown = 40;
  std::string text = node.scalar.size() > kShown ? node.scalar.substr(0, kShown) + "..." : node.scalar;
  return (node.quoted ? "the quoted string \"" : "\"") + text + "\"";
}

DocNode make_scalar(std::string text, bool quoted) {
  DocNode node;
  node.kind = DocNode::Kind::scalar;
  node.scalar = std::move(text);
  node.quoted = quoted;
  return node;
}

DocNode make_map(bool flow) {
  DocNode node;
  node.kind = DocNode::Kind::map;
  node.flow = flow;
  return node;
}

DocNode make_list(bool flow) {
  DocNode node;
  node.kind = DocNode::Kind::list;
  node.flow = flow;
  return node;
}

void add_entry(DocNode& map, std::string key, DocNode value) {
  map.entries.push_back(DocEntry{std::move(key), value.mark, std::move(value)});
}

}  // namespace repatsim::scenario_io
