// Reads typed, checked values out of a DocNode map, reporting every problem with its position,
// key path and what was expected. The spec readers (read_*.cpp) are written in terms of it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/diagnostics.hpp"
#include "scenarios/document.hpp"
#include "sim/calendar.hpp"
#include "sim/spec.hpp"

namespace repatsim::scenario_io {

// What a number may be. Shares and probabilities lie in [0, 1].
enum class Bound { any, non_negative, positive, share };
enum class Need { optional, required };

// Scalar conversions; each reports its own problem and returns nullopt.
std::optional<double> to_number(const DocNode& node, const std::string& path, Bound bound,
                                std::string_view unit, Diagnostics& diagnostics);
std::optional<std::int64_t> to_integer(const DocNode& node, const std::string& path, std::int64_t min,
                                       std::int64_t max, std::string_view unit, Diagnostics& diagnostics);
std::optional<bool> to_boolean(const DocNode& node, const std::string& path, Diagnostics& diagnostics);
std::optional<std::string> to_text(const DocNode& node, const std::string& path, Diagnostics& diagnostics);
std::optional<MonthId> to_month(const DocNode& node, const std::string& path, Diagnostics& diagnostics);
// `names` is a registry (sim/types.hpp) or an enum's enumerator names.
std::optional<std::size_t> to_choice(const DocNode& node, const std::string& path,
                                     const std::vector<std::string_view>& names, Diagnostics& diagnostics);

class MapReader {
 public:
  // `keys` are the valid keys. Nothing (`key:` left empty) reads as an empty map; anything
  // else that is not a map is reported, and every read then finds nothing.
  MapReader(const DocNode& node, std::string path, std::vector<std::string_view> keys,
            Diagnostics& diagnostics);

  bool is_map() const { return map_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return child_path(path_, key); }
  const Mark& mark() const { return node_.mark; }
  Diagnostics& diagnostics() { return diagnostics_; }

  const DocNode* get(std::string_view key) const;
  // As get, reporting a missing key at the map's position.
  const DocNode* require(std::string_view key, std::string_view expected);

  // Typed reads: leave `out` as it is when the key is absent or its value is wrong. Those
  // returning bool say whether a valid value was read (so that checks between two values
  // are made only when both are good, without a cascade of follow-on errors).
  bool number(std::string_view key, double& out, Bound bound, std::string_view unit = "");
  void optional_number(std::string_view key, std::optional<double>& out, Bound bound,
                       std::string_view unit = "");
  void integer(std::string_view key, std::int64_t& out, std::int64_t min, std::string_view unit,
               Need need = Need::optional);
  void integer(std::string_view key, int& out, int min, std::string_view unit);
  void optional_integer(std::string_view key, std::optional<std::int64_t>& out, std::int64_t min,
                        std::string_view unit, Need need = Need::optional);
  void boolean(std::string_view key, bool& out);
  void optional_boolean(std::string_view key, std::optional<bool>& out);
  void text(std::string_view key, std::string& out, Need need = Need::optional);
  bool month(std::string_view key, MonthId& out, Need need = Need::optional);
  void range(std::string_view key, Range& out, Bound bound, std::string_view unit);

  template <typename Enum, std::size_t N>
  void choice(std::string_view key, Enum& out, const std::array<std::string_view, N>& names,
              Need need = Need::optional) {
    const DocNode* node = need == Need::required ? require(key, "one of: " + join(std::vector<std::string_view>(names.begin(), names.end())))
                                                 : get(key);
    if (node == nullptr) return;
    if (auto index = to_choice(*node, path_of(key), {names.begin(), names.end()}, diagnostics_))
      out = static_cast<Enum>(*index);
  }

  // Reports every key that is not valid here, listing the valid keys and the closest one.
  // `hint(key)` may add context for a key that is valid elsewhere (e.g. for another event type).
  void finish(const std::function<std::string(std::string_view)>& hint = {});

 private:
  const DocNode& node_;
  const DocNode* map_ = nullptr;
  std::string path_;
  std::vector<std::string_view> keys_;
  Diagnostics& diagnostics_;
};

// Calls `read(item, path)` for each item of the list at `key`. Item paths carry the item's
// name when it has one (hosts[Russia]), else its index (wages[0]). Nothing reads as empty.
void for_each_item(MapReader& reader, std::string_view key,
                   const std::function<void(const DocNode&, const std::string&)>& read);

// Names that must be unique within one list, and the set later references are checked against.
class NameList {
 public:
  explicit NameList(std::string what) : what_(std::move(what)) {}
  // Reports a duplicate (at `mark`) and returns false.
  bool add(const std::string& name, const Mark& mark, const std::string& path, Diagnostics& diagnostics);
  bool contains(std::string_view name) const;
  // Reports an unknown reference at `node`, listing the known names and the closest.
  bool check_reference(const std::string& name, const DocNode& node, const std::string& path,
                       Diagnostics& diagnostics) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::string what_;
  std::vector<std::string> names_;
  std::vector<int> lines_;
};

}  // namespace repatsim::scenario_io
