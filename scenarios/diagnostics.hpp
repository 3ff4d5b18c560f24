// Collects the problems of one load, so that every problem is reported in one pass.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/document.hpp"
#include "scenarios/loader.hpp"

namespace repatsim::scenario_io {

// Limits that refuse absurd input quickly instead of exhausting memory or the stack.
inline constexpr std::uintmax_t kMaxFileBytes = 16u * 1024u * 1024u;
inline constexpr long kMaxNodes = 100'000;      // per document, after expanding aliases
inline constexpr int kMaxDepth = 64;            // nesting of maps and lists
inline constexpr int kMaxExtendsChain = 16;     // files in one `extends` chain
inline constexpr std::size_t kMaxDiagnostics = 200;  // beyond this, one "too many" line

class Diagnostics {
 public:
  void error(const Mark& mark, std::string key_path, std::string message);
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  // The problems ordered by file (in order of first appearance), then line and column.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> list_;
  bool truncated_ = false;
};

// Key paths: "hosts[Russia].posture" + "visa_tolerance", and list items by name or index.
std::string child_path(const std::string& path, std::string_view key);
std::string item_path(const std::string& path, std::string_view label);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// " (did you mean 'x'?)" for the closest candidate if it is plausibly a typo, else "".
std::string suggestion(std::string_view word, const std::vector<std::string_view>& candidates);
// "a, b, c"
std::string join(const std::vector<std::string_view>& words);
std::string join(const std::vector<std::string>& words);

}  // namespace repatsim::scenario_io
