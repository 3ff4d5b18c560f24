#include "scenarios/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace repatsim {

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) out += fmt::format(":{}:{}", d.line, d.column);
  out += ": ";
  if (!d.key_path.empty()) out += d.key_path + ": ";
  return out + d.message;
}

namespace {
std::string format_all(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += format_diagnostic(d);
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(format_all(diagnostics)), diagnostics_(std::move(diagnostics)) {}

namespace scenario_io {

void Diagnostics::error(const Mark& mark, std::string key_path, std::string message) {
  if (list_.size() >= kMaxDiagnostics) {
    if (!truncated_)
      list_.push_back(Diagnostic{mark.origin, 0, 0, "",
                                 fmt::format("too many problems: stopped after {}", kMaxDiagnostics)});
    truncated_ = true;
    return;
  }
  list_.push_back(Diagnostic{mark.origin, mark.line, mark.column, std::move(key_path), std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::map<std::string, std::size_t> file_rank;
  for (const auto& d : list_) file_rank.try_emplace(d.file, file_rank.size());
  std::vector<Diagnostic> out = list_;
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto ra = file_rank.at(a.file), rb = file_rank.at(b.file);
    if (ra != rb) return ra < rb;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  return out;
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string item_path(const std::string& path, std::string_view label) {
  return path + "[" + std::string(label) + "]";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::string_view::npos;
  for (auto candidate : candidates) {
    auto distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // Beyond about a third of the word, the closest candidate is a guess, not a typo fix.
  if (best.empty() || best_distance > std::max<std::size_t>(2, word.size() / 3)) return "";
  return fmt::format(" (did you mean '{}'?)", best);
}

std::string join(const std::vector<std::string_view>& words) { return fmt::format("{}", fmt::join(words, ", ")); }
std::string join(const std::vector<std::string>& words) { return fmt::format("{}", fmt::join(words, ", ")); }

}  // namespace scenario_io
}  // namespace repatsim
