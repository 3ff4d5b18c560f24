#include "scenarios/field_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace repatsim::scenario_io {

namespace {

std::string with_unit(std::string what, std::string_view unit) {
  return unit.empty() ? what : fmt::format("{} ({})", what, unit);
}

std::string expected_number(Bound bound, std::string_view unit) {
  switch (bound) {
    case Bound::share:
      return "a share in [0, 1]";
    case Bound::non_negative:
      return with_unit("a non-negative number", unit);
    case Bound::positive:
      return with_unit("a positive number", unit);
    case Bound::any:
      break;
  }
  return with_unit("a finite number", unit);
}

bool within(double value, Bound bound) {
  switch (bound) {
    case Bound::share:
      return value >= 0 && value <= 1;
    case Bound::non_negative:
      return value >= 0;
    case Bound::positive:
      return value > 0;
    case Bound::any:
      break;
  }
  return true;
}

// A scalar that YAML would read as a number or boolean: plain (unquoted) text only, so that a
// quoted "0.5" is reported as the string it is.
const std::string* plain_scalar(const DocNode& node) {
  return node.is_scalar() && !node.quoted ? &node.scalar : nullptr;
}

}  // namespace

std::optional<double> to_number(const DocNode& node, const std::string& path, Bound bound,
                                std::string_view unit, Diagnostics& diagnostics) {
  const std::string* text = plain_scalar(node);
  double value = 0;
  bool parsed = false;
  if (text != nullptr && !text->empty()) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    parsed = ec == std::errc() && end == text->data() + text->size();
  }
  if (!parsed || !std::isfinite(value) || !within(value, bound)) {
    diagnostics.error(node.mark, path, fmt::format("expected {}, got {}", expected_number(bound, unit), describe(node)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> to_integer(const DocNode& node, const std::string& path, std::int64_t min,
                                       std::int64_t max, std::string_view unit, Diagnostics& diagnostics) {
  const std::string* text = plain_scalar(node);
  std::int64_t value = 0;
  bool parsed = false;
  if (text != nullptr && !text->empty()) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    parsed = ec == std::errc() && end == text->data() + text->size();
  }
  if (!parsed || value < min || value > max) {
    std::string bounds = max >= std::numeric_limits<int>::max()
                             ? fmt::format("a whole number >= {}", min)
                             : fmt::format("a whole number from {} to {}", min, max);
    diagnostics.error(node.mark, path, fmt::format("expected {}, got {}", with_unit(bounds, unit), describe(node)));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> to_boolean(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  if (const std::string* text = plain_scalar(node)) {
    if (*text == "true" || *text == "True" || *text == "TRUE") return true;
    if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  }
  diagnostics.error(node.mark, path, fmt::format("expected true or false, got {}", describe(node)));
  return std::nullopt;
}

std::optional<std::string> to_text(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  if (node.is_scalar()) return node.scalar;
  diagnostics.error(node.mark, path, fmt::format("expected a string, got {}", describe(node)));
  return std::nullopt;
}

std::optional<MonthId> to_month(const DocNode& node, const std::string& path, Diagnostics& diagnostics) {
  if (node.is_scalar())
    if (auto month = parse_month(node.scalar)) return month;
  diagnostics.error(node.mark, path,
                    fmt::format("expected a date YYYY-MM or YYYY-MM-DD (a real calendar day), got {}",
                                describe(node)));
  return std::nullopt;
}

std::optional<std::size_t> to_choice(const DocNode& node, const std::string& path,
                                     const std::vector<std::string_view>& names, Diagnostics& diagnostics) {
  if (node.is_scalar()) {
    auto it = std::find(names.begin(), names.end(), node.scalar);
    if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
  }
  diagnostics.error(node.mark, path,
                    fmt::format("expected one of: {}; got {}{}", join(names), describe(node),
                                node.is_scalar() ? suggestion(node.scalar, names) : ""));
  return std::nullopt;
}

MapReader::MapReader(const DocNode& node, std::string path, std::vector<std::string_view> keys,
                     Diagnostics& diagnostics)
    : node_(node), path_(std::move(path)), keys_(std::move(keys)), diagnostics_(diagnostics) {
  if (node.is_map())
    map_ = &node;
  else if (!node.is_null())
    diagnostics_.error(node.mark, path_,
                       fmt::format("expected a map with keys {}; got {}", join(keys_), describe(node)));
}

const DocNode* MapReader::get(std::string_view key) const { return map_ ? map_->find(key) : nullptr; }

const DocNode* MapReader::require(std::string_view key, std::string_view expected) {
  const DocNode* node = get(key);
  // A node that is not a map was reported already; its keys are not missing on top of that.
  if (node == nullptr && (map_ != nullptr || node_.is_null()))
    diagnostics_.error(node_.mark, path_of(key), fmt::format("missing required key '{}' ({})", key, expected));
  return node;
}

bool MapReader::number(std::string_view key, double& out, Bound bound, std::string_view unit) {
  const DocNode* node = get(key);
  if (node == nullptr) return false;
  auto value = to_number(*node, path_of(key), bound, unit, diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

void MapReader::optional_number(std::string_view key, std::optional<double>& out, Bound bound,
                                std::string_view unit) {
  const DocNode* node = get(key);
  if (node == nullptr) return;
  if (node->is_null()) {  // written as `~` or left empty: explicitly unset
    out.reset();
    return;
  }
  if (auto value = to_number(*node, path_of(key), bound, unit, diagnostics_)) out = *value;
}

void MapReader::integer(std::string_view key, std::int64_t& out, std::int64_t min, std::string_view unit,
                        Need need) {
  const DocNode* node = need == Need::required ? require(key, unit.empty() ? "a whole number" : fmt::format("a whole number: {}", unit)) : get(key);
  if (node == nullptr) return;
  if (auto value = to_integer(*node, path_of(key), min, std::numeric_limits<std::int64_t>::max(), unit,
                              diagnostics_))
    out = *value;
}

void MapReader::integer(std::string_view key, int& out, int min, std::string_view unit) {
  const DocNode* node = get(key);
  if (node == nullptr) return;
  if (auto value = to_integer(*node, path_of(key), min, std::numeric_limits<int>::max(), unit, diagnostics_))
    out = static_cast<int>(*value);
}

void MapReader::optional_integer(std::string_view key, std::optional<std::int64_t>& out, std::int64_t min,
                                 std::string_view unit, Need need) {
  const DocNode* node = need == Need::required ? require(key, unit.empty() ? "a whole number" : fmt::format("a whole number: {}", unit)) : get(key);
  if (node == nullptr) return;
  if (node->is_null() && need == Need::optional) {
    out.reset();
    return;
  }
  if (auto value = to_integer(*node, path_of(key), min, std::numeric_limits<std::int64_t>::max(), unit,
                              diagnostics_))
    out = *value;
}

void MapReader::boolean(std::string_view key, bool& out) {
  if (const DocNode* node = get(key))
    if (auto value = to_boolean(*node, path_of(key), diagnostics_)) out = *value;
}

void MapReader::optional_boolean(std::string_view key, std::optional<bool>& out) {
  const DocNode* node = get(key);
  if (node == nullptr) return;
  if (node->is_null()) {
    out.reset();
    return;
  }
  if (auto value = to_boolean(*node, path_of(key), diagnostics_)) out = *value;
}

void MapReader::text(std::string_view key, std::string& out, Need need) {
  const DocNode* node = need == Need::required ? require(key, "a string") : get(key);
  if (node == nullptr) return;
  if (auto value = to_text(*node, path_of(key), diagnostics_)) {
    if (need == Need::required && value->empty())
      diagnostics_.error(node->mark, path_of(key), "expected a non-empty string");
    else
      out = std::move(*value);
  }
}

bool MapReader::month(std::string_view key, MonthId& out, Need need) {
  const DocNode* node = need == Need::required ? require(key, "a date YYYY-MM or YYYY-MM-DD") : get(key);
  if (node == nullptr) return false;
  auto value = to_month(*node, path_of(key), diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

void MapReader::range(std::string_view key, Range& out, Bound bound, std::string_view unit) {
  const DocNode* node = get(key);
  if (node == nullptr) return;
  MapReader range(*node, path_of(key), {"low", "high"}, diagnostics_);
  Range value = out;
  bool good = range.number("low", value.low, bound, unit) || range.get("low") == nullptr;
  good = (range.number("high", value.high, bound, unit) || range.get("high") == nullptr) && good;
  range.finish();
  if (!good) return;
  if (value.low > value.high)
    diagnostics_.error(node->mark, path_of(key),
                       fmt::format("low ({}) must not exceed high ({})", value.low, value.high));
  else
    out = value;
}

void MapReader::finish(const std::function<std::string(std::string_view)>& hint) {
  if (map_ == nullptr) return;
  for (const auto& entry : map_->entries) {
    if (std::find(keys_.begin(), keys_.end(), entry.key) != keys_.end()) continue;
    std::string context = hint ? hint(entry.key) : std::string();
    diagnostics_.error(entry.key_mark, path_of(entry.key),
                       fmt::format("unknown key '{}'{}{}; valid keys here: {}", entry.key,
                                   suggestion(entry.key, keys_), context, join(keys_)));
  }
}

void for_each_item(MapReader& reader, std::string_view key,
                   const std::function<void(const DocNode&, const std::string&)>& read) {
  const DocNode* list = reader.get(key);
  if (list == nullptr || list->is_null()) return;
  std::string path = reader.path_of(key);
  if (!list->is_list()) {
    reader.diagnostics().error(list->mark, path, fmt::format("expected a list, got {}", describe(*list)));
    return;
  }
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const DocNode& item = list->items[i];
    const DocNode* name = item.is_map() ? item.find("name") : nullptr;
    bool named = name != nullptr && name->is_scalar() && !name->scalar.empty();
    read(item, item_path(path, named ? name->scalar : std::to_string(i)));
  }
}

bool NameList::add(const std::string& name, const Mark& mark, const std::string& path,
                   Diagnostics& diagnostics) {
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it != names_.end()) {
    diagnostics.error(mark, path,
                      fmt::format("duplicate {} name '{}' (first on line {}); names must be unique", what_,
                                  name, lines_[static_cast<std::size_t>(it - names_.begin())]));
    return false;
  }
  names_.push_back(name);
  lines_.push_back(mark.line);
  return true;
}

bool NameList::contains(std::string_view name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

bool NameList::check_reference(const std::string& name, const DocNode& node, const std::string& path,
                               Diagnostics& diagnostics) const {
  if (contains(name)) return true;
  std::vector<std::string_view> views(names_.begin(), names_.end());
  diagnostics.error(node.mark, path,
                    names_.empty() ? fmt::format("unknown {} '{}': the scenario defines none", what_, name)
                                   : fmt::format("unknown {} '{}'{}; known: {}", what_, name,
                                                 suggestion(name, views), join(names_)));
  return false;
}

}  // namespace repatsim::scenario_io
