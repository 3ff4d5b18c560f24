// A parsed YAML document as plain data, with the position of every node. The loader merges,
// overrides and validates this tree rather than yaml-cpp nodes, so that yaml-cpp stays in two
// .cpp files (yaml_parse.cpp, yaml_emit.cpp) and every node keeps the file it came from after
// `extends` has merged several files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace repatsim::scenario_io {

// Where a node was written. Line and column are 1-based; 0 means unknown.
struct Mark {
  std::string origin;  // file path, or "--set <argument>"
  int line = 0;
  int column = 0;
};

struct DocEntry;

struct DocNode {
  enum class Kind { null, scalar, list, map };

  Kind kind = Kind::null;
  std::string scalar;             // text of a scalar
  bool quoted = false;            // a quoted scalar is always a string, never a number or bool
  bool flow = false;              // emission hint: write on one line ([a, b] or {k: v})
  std::vector<DocNode> items;     // a list
  std::vector<DocEntry> entries;  // a map, in written order; keys are unique (the parser
                                  // reports duplicates and keeps the first)
  Mark mark;

  bool is_map() const { return kind == Kind::map; }
  bool is_list() const { return kind == Kind::list; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_null() const { return kind == Kind::null; }

  const DocNode* find(std::string_view key) const;
  DocNode* find(std::string_view key);
  // Removes the entry `key` of a map; false if it was not there.
  bool erase(std::string_view key);
};

struct DocEntry {
  std::string key;
  Mark key_mark;
  DocNode value;
};

// What a node is, for messages: "a map", "a list", "the string \"abc\"", "nothing".
std::string describe(const DocNode& node);

// Builders used when writing a tree (spec_to_document.cpp, overrides.cpp).
DocNode make_scalar(std::string text, bool quoted = false);
DocNode make_map(bool flow = false);
DocNode make_list(bool flow = false);
void add_entry(DocNode& map, std::string key, DocNode value);

}  // namespace repatsim::scenario_io
