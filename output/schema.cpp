#include "output/schema.hpp"

#include <fmt/format.h>

#include "sim/types.hpp"

namespace repatsim::schema {

namespace {
template <std::size_t N>
std::vector<std::string> to_strings(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}
}  // namespace

std::array<std::size_t, kDimCount> dim_sizes(const RunLayout& layout, std::size_t reports) {
  return {static_cast<std::size_t>(layout.months > 0 ? layout.months : 0),
          layout.hosts.size(),
          kStatusCount,
          kFlowCount,
          kRemittanceChannelCount,
          kSectorCount,
          layout.routes.size(),
          reports};
}

std::string report_label(const ReportRecord& r) {
  return fmt::format("{}:{}:{}", r.host, r.kind, month_label(r.month));
}

std::vector<std::string> dim_labels(Dim d, const RunRecords& run) {
  switch (d) {
    case Dim::month: {
      std::vector<std::string> labels;
      for (int i = 0; i < run.layout.months; ++i)
        labels.push_back(month_label(run.layout.start + i));
      return labels;
    }
    case Dim::host:
      return run.layout.hosts;
    case Dim::status:
      return to_strings(kStatusNames);
    case Dim::flow:
      return to_strings(kFlowNames);
    case Dim::channel:
      return to_strings(kRemittanceChannelNames);
    case Dim::sector:
      return to_strings(kSectorNames);
    case Dim::route:
      return run.layout.routes;
    case Dim::report: {
      std::vector<std::string> labels;
      for (const auto& m : run.months)
        for (const auto& r : m.reports) labels.push_back(report_label(r));
      return labels;
    }
  }
  return {};
}

std::size_t values_per_month(const MonthField& f, const std::array<std::size_t, kDimCount>& sizes) {
  std::size_t n = 1;
  for (int a = 0; a < f.axis_count; ++a) n *= sizes[static_cast<std::size_t>(f.axes[a])];
  return n;
}

}  // namespace repatsim::schema
