// Parses a sweep file (scenarios/sweep_file.hpp) with yaml-cpp, collecting every problem.
#include "scenarios/sweep_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "scenarios/diagnostics.hpp"

namespace repatsim {

std::string_view design_name(SweepDesign design) {
  switch (design) {
    case SweepDesign::grid: return "grid";
    case SweepDesign::random: return "random";
    case SweepDesign::latin_hypercube: return "latin_hypercube";
    case SweepDesign::sobol: return "sobol";
  }
  return "grid";
}

namespace {

using scenario_io::suggestion;

class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  void error(const YAML::Node& node, const std::string& key, const std::string& message) {
    int line = 0, column = 0;
    if (node.IsDefined() && !node.Mark().is_null()) {
      line = node.Mark().line + 1;
      column = node.Mark().column + 1;
    }
    list_.push_back(Diagnostic{origin_, line, column, key, message});
  }
  void error_at(int line, int column, const std::string& key, const std::string& message) {
    list_.push_back(Diagnostic{origin_, line, column, key, message});
  }
  bool ok() const { return list_.empty(); }
  [[noreturn]] void raise() { throw ScenarioError(list_); }

  std::optional<double> number(const YAML::Node& node, const std::string& key) {
    if (!node.IsScalar()) {
      error(node, key, "expected a number");
      return std::nullopt;
    }
    auto parsed = parse_number(node.Scalar());
    if (!parsed) error(node, key, fmt::format("expected a number, got '{}'", node.Scalar()));
    return parsed;
  }

  std::optional<std::int64_t> integer(const YAML::Node& node, const std::string& key,
                                      std::int64_t low, std::int64_t high) {
    if (!node.IsScalar()) {
      error(node, key, "expected an integer");
      return std::nullopt;
    }
    const std::string& s = node.Scalar();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) {
      error(node, key, fmt::format("expected an integer, got '{}'", s));
      return std::nullopt;
    }
    if (value < low || value > high) {
      error(node, key, fmt::format("{} is outside [{}, {}]", value, low, high));
      return std::nullopt;
    }
    return value;
  }

  static std::optional<double> parse_number(const std::string& s) {
    double value = 0;
    const char* first = s.data();
    if (!s.empty() && s[0] == '+') ++first;
    const auto [end, ec] = std::from_chars(first, s.data() + s.size(), value);
    if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(value))
      return std::nullopt;
    return value;
  }

  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::vector<std::string_view>& known) {
    for (const auto& pair : map) {
      if (!pair.first.IsScalar()) {
        error(pair.first, path, "expected a plain key");
        continue;
      }
      const std::string name = pair.first.Scalar();
      bool found = false;
      for (auto k : known) found = found || k == name;
      if (!found)
        error(pair.first, path.empty() ? name : fmt::format("{}.{}", path, name),
              fmt::format("unknown key{} (known: {})", suggestion(name, known),
                          scenario_io::join(known)));
    }
  }

 private:
  std::string origin_;
  std::vector<Diagnostic> list_;
};

SweepParameter read_parameter(Reader& r, const YAML::Node& item, const std::string& path,
                              std::set<std::string>& seen) {
  SweepParameter p;
  if (!item.IsMap()) {
    r.error(item, path, "expected a map {key: <--set key path>, values: [...]} or {key, low, high}");
    return p;
  }
  r.check_keys(item, path, {"key", "values", "low", "high", "type"});
  const YAML::Node key = item["key"];
  if (!key) {
    r.error(item, path, "missing key 'key' (the --set key path to vary)");
  } else if (!key.IsScalar() || key.Scalar().empty()) {
    r.error(key, path + ".key", "expected a --set key path such as dprk.state_share");
  } else {
    p.key = key.Scalar();
    if (!key.Mark().is_null()) p.line = key.Mark().line + 1, p.column = key.Mark().column + 1;
    if (p.key.find_first_of("=/") != std::string::npos)
      r.error(key, path + ".key", fmt::format("'{}': a key path holds neither '=' nor '/'", p.key));
    else if (p.key == "seed")
      r.error(key, path + ".key", "the sweep sets each run's seed itself (use replicates and seed)");
    else if (!seen.insert(p.key).second)
      r.error(key, path + ".key", fmt::format("'{}' is swept twice", p.key));
  }
  if (const YAML::Node type = item["type"]) {
    if (type.IsScalar() && type.Scalar() == "integer") p.integer = true;
    else if (!(type.IsScalar() && type.Scalar() == "real"))
      r.error(type, path + ".type", "expected integer or real");
  }
  const YAML::Node values = item["values"], low = item["low"], high = item["high"];
  if (values && (low || high)) {
    r.error(values, path, "give either values or low and high, not both");
    return p;
  }
  if (values) {
    if (!values.IsSequence() || values.size() == 0) {
      r.error(values, path + ".values", "expected a non-empty list of values");
      return p;
    }
    p.numeric = true;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const YAML::Node v = values[i];
      if (!v.IsScalar()) {
        r.error(v, fmt::format("{}.values[{}]", path, i), "expected a scalar value");
        continue;
      }
      p.values.push_back(v.Scalar());
      const auto n = Reader::parse_number(v.Scalar());
      if (n) p.numbers.push_back(*n);
      else p.numeric = false;
    }
    if (!p.numeric) p.numbers.clear();
    return p;
  }
  if (!low || !high) {
    r.error(item, path, "missing values, or low and high");
    return p;
  }
  const auto lo = r.number(low, path + ".low"), hi = r.number(high, path + ".high");
  if (lo && hi) {
    if (!(*lo < *hi)) r.error(high, path + ".high", fmt::format("high ({}) must exceed low ({})", *hi, *lo));
    p.low = *lo;
    p.high = *hi;
  }
  p.has_range = true;
  p.numeric = true;
  return p;
}

}  // namespace

SweepSpec parse_sweep_text(const std::string& text, const std::string& origin,
                           const std::filesystem::path& directory) {
  Reader r(origin);
  SweepSpec spec;
  spec.origin = origin;
  spec.text = text;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    r.error_at(e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
               "", fmt::format("not valid YAML: {}", e.msg));
    r.raise();
  }
  if (!root.IsMap()) {
    r.error(root, "", "a sweep file is a map with base, parameters, design, replicates and seed");
    r.raise();
  }
  r.check_keys(root, "", {"base", "parameters", "design", "points", "replicates", "seed"});

  if (const YAML::Node base = root["base"]; !base) {
    r.error(root, "base", "missing key 'base' (the scenario to vary)");
  } else if (!base.IsScalar() || base.Scalar().empty()) {
    r.error(base, "base", "expected the path of a scenario file");
  } else {
    spec.base_as_written = base.Scalar();
    spec.base = directory / base.Scalar();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec.base, ec))
      r.error(base, "base", fmt::format("no such scenario file: {}", spec.base.string()));
  }

  if (const YAML::Node design = root["design"]) {
    const std::vector<std::string_view> names{"grid", "random", "latin_hypercube", "sobol"};
    const std::string name = design.IsScalar() ? design.Scalar() : "";
    bool found = false;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) spec.design = static_cast<SweepDesign>(i), found = true;
    if (!found)
      r.error(design, "design", fmt::format("unknown design '{}'{} (known: {})", name,
                                            suggestion(name, names), scenario_io::join(names)));
  }

  std::set<std::string> seen;
  if (const YAML::Node params = root["parameters"]; !params) {
    r.error(root, "parameters", "missing key 'parameters' (the --set keys to vary)");
  } else if (!params.IsSequence() || params.size() == 0) {
    r.error(params, "parameters", "expected a non-empty list of {key, values} or {key, low, high}");
  } else {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const YAML::Node item = params[i];
      std::string path = fmt::format("parameters[{}]", i);
      if (item.IsMap() && item["key"] && item["key"].IsScalar())
        path = fmt::format("parameters[{}]", item["key"].Scalar());
      SweepParameter p = read_parameter(r, item, path, seen);
      if (spec.design == SweepDesign::grid && p.has_range)
        r.error(item, path, "a grid needs a list of values; low and high are for random, "
                            "latin_hypercube and sobol designs");
      spec.parameters.push_back(std::move(p));
    }
  }

  const YAML::Node points = root["points"];
  if (spec.design == SweepDesign::grid) {
    if (points) r.error(points, "points", "a grid has as many points as its value lists make; "
                                          "points is for random, latin_hypercube and sobol");
    std::int64_t n = 1;
    for (const auto& p : spec.parameters) {
      n *= std::max<std::int64_t>(1, static_cast<std::int64_t>(p.values.size()));
      if (n > kMaxSweepRuns) break;
    }
    spec.points = n;
  } else if (!points) {
    r.error(root, "points", fmt::format("missing key 'points' (needed by design {})",
                                        design_name(spec.design)));
  } else if (auto n = r.integer(points, "points", 1, kMaxSweepRuns)) {
    spec.points = *n;
  }
  if (const YAML::Node replicates = root["replicates"])
    if (auto n = r.integer(replicates, "replicates", 1, kMaxSweepRuns)) spec.replicates = *n;
  if (const YAML::Node seed = root["seed"]) {
    if (auto n = r.integer(seed, "seed", 0, INT64_MAX)) spec.seed = static_cast<std::uint64_t>(*n);
  } else {
    r.error(root, "seed", "missing key 'seed' (the master seed every run's seed derives from)");
  }
  if (r.ok() && spec.points * spec.replicates > kMaxSweepRuns)
    r.error(root, "", fmt::format("{} points x {} replicates is more than {} runs", spec.points,
                                  spec.replicates, kMaxSweepRuns));
  if (!r.ok()) r.raise();
  return spec;
}

SweepSpec load_sweep_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError({Diagnostic{file.string(), 0, 0, "", "cannot read the file"}});
  std::ostringstream text;
  text << in.rdbuf();
  return parse_sweep_text(text.str(), file.string(), file.parent_path());
}

}  // namespace repatsim
