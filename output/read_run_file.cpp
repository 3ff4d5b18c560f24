// The reader: the inverse of write_run_file, checking every shape and label on the way so that a
// damaged or foreign file is reported as such rather than read as nonsense.
#include <fmt/format.h>
#include <fmt/std.h>
#include <hdf5.h>

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "output/h5.hpp"
#include "output/run_file.hpp"
#include "output/run_file_open.hpp"
#include "output/schema.hpp"
#include "sim/types.hpp"

namespace repatsim {

namespace {

namespace fs = std::filesystem;
using schema::Dim;

std::size_t length_of(hid_t file, const char* name) {
  h5::Handle dataset = h5::checked(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose,
                                   fmt::format("opening dataset {}", name));
  const auto dims = h5::shape_of(dataset.get());
  if (dims.size() != 1)
    throw OutputError(fmt::format("dimension {} has {} axes, expected 1", name, dims.size()));
  return dims[0];
}

MonthId parse_month_attr(hid_t file, const char* name) {
  const std::string text = h5::read_string_attr(file, name);
  const auto month = parse_month(text);
  if (!month || text.size() != 7)
    throw OutputError(fmt::format("attribute {} is \"{}\", expected YYYY-MM", name, text));
  return *month;
}

// A vocabulary scale must match this build's registry: a file written with other names would be
// read into the wrong slots.
template <std::size_t N>
void expect_labels(hid_t file, Dim dim, const std::array<std::string_view, N>& names) {
  const std::string name(schema::dim_name(dim));
  const auto labels = h5::read_strings(file, name.c_str(), N);
  for (std::size_t i = 0; i < N; ++i)
    if (labels[i] != names[i])
      throw OutputError(fmt::format("dimension {} entry {} is \"{}\", expected \"{}\"", name, i,
                                    labels[i], names[i]));
}

RunLayout read_layout(hid_t file) {
  RunLayout layout;
  layout.scenario_name = h5::read_string_attr(file, "scenario_name");
  layout.seed = h5::read_uint_attr(file, "seed");
  layout.start = parse_month_attr(file, "start");
  layout.months = static_cast<int>(h5::read_int_attr(file, "months"));
  if (layout.months < 0) throw OutputError(fmt::format("attribute months is {}", layout.months));
  const auto months = static_cast<hsize_t>(layout.months);

  const auto labels = h5::read_strings(file, "month", months);
  const auto index = h5::read_int64(file, "month_index", {months});
  for (int i = 0; i < layout.months; ++i) {
    const auto at = static_cast<std::size_t>(i);
    if (labels[at] != month_label(layout.start + i) || index[at] != layout.start + i)
      throw OutputError(fmt::format("month {} is labelled \"{}\" (index {}), expected \"{}\"", i,
                                    labels[at], index[at], month_label(layout.start + i)));
  }
  if (parse_month_attr(file, "end") != layout.start + layout.months - 1)
    throw OutputError("attribute end disagrees with start and months");

  layout.hosts = h5::read_strings(file, "host", length_of(file, "host"));
  expect_labels(file, Dim::status, kStatusNames);
  expect_labels(file, Dim::flow, kFlowNames);
  expect_labels(file, Dim::channel, kRemittanceChannelNames);
  expect_labels(file, Dim::sector, kSectorNames);

  const std::size_t routes = length_of(file, "route");
  layout.routes = h5::read_strings(file, "route", routes);
  layout.route_from = h5::read_strings(file, "route_from", routes);
  layout.route_to = h5::read_strings(file, "route_to", routes);
  layout.route_capacity = h5::read_int64(file, "route_capacity", {routes});
  return layout;
}

void read_month_fields(hid_t file, RunRecords& run) {
  const auto sizes = schema::dim_sizes(run.layout, 0);
  for (const auto& field : schema::kMonthFields) {
    const std::string name(field.name);
    const std::size_t per_month = schema::values_per_month(field, sizes);
    std::vector<hsize_t> dims{run.months.size()};
    for (int a = 0; a < field.axis_count; ++a)
      dims.push_back(sizes[static_cast<std::size_t>(field.axes[a])]);

    std::vector<std::int64_t> values;
    if (field.money) {
      // Exact: see schema::kMaxExactCents.
      const auto usd = h5::read_float64(file, name.c_str(), dims);
      values.reserve(usd.size());
      for (double x : usd) {
        if (!std::isfinite(x)) throw OutputError(fmt::format("dataset {} holds {}", name, x));
        values.push_back(std::llround(x * 100.0));
      }
    } else {
      values = h5::read_int64(file, name.c_str(), dims);
    }
    for (std::size_t t = 0; t < run.months.size(); ++t) {
      const auto first = values.begin() + static_cast<std::ptrdiff_t>(t * per_month);
      (run.months[t].*field.member).assign(first, first + static_cast<std::ptrdiff_t>(per_month));
    }
  }
}

void read_reports(hid_t file, RunRecords& run) {
  const std::size_t count = length_of(file, "report");
  const auto hosts = h5::read_strings(file, "report_host", count);
  const auto kinds = h5::read_strings(file, "report_kind", count);
  const auto months = h5::read_strings(file, "report_month", count);
  std::vector<ReportRecord> reports(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto month = parse_month(months[i]);
    const MonthId first = run.layout.start;
    if (!month || *month < first || *month >= first + run.layout.months)
      throw OutputError(fmt::format("report {} is dated \"{}\", outside the run", i, months[i]));
    reports[i].host = hosts[i];
    reports[i].kind = kinds[i];
    reports[i].month = *month;
  }
  for (const auto& field : schema::kReportFields) {
    if (field.count == nullptr) continue;
    const std::string name(field.name);
    const auto values = h5::read_int64(file, name.c_str(), {count});
    for (std::size_t i = 0; i < count; ++i) reports[i].*field.count = values[i];
  }
  for (auto& r : reports)
    run.months[static_cast<std::size_t>(r.month - run.layout.start)].reports.push_back(
        std::move(r));
}

// The observed figures (dim `observation`); a file without them has none.
std::vector<ObservedFigure> read_observations(hid_t file) {
  std::vector<ObservedFigure> observed;
  if (H5Lexists(file, "observation", H5P_DEFAULT) <= 0) {
    h5::take_error_message();
    return observed;
  }
  const std::size_t count = length_of(file, "observation");
  observed.resize(count);
  const std::pair<const char*, std::string ObservedFigure::*> texts[] = {
      {"observed_id", &ObservedFigure::id},         {"observed_host", &ObservedFigure::host},
      {"observed_date", &ObservedFigure::date},     {"observed_quantity", &ObservedFigure::quantity},
      {"observed_use", &ObservedFigure::use},       {"observed_source", &ObservedFigure::source}};
  for (const auto& [name, member] : texts) {
    const auto values = h5::read_strings(file, name, count);
    for (std::size_t i = 0; i < count; ++i) observed[i].*member = values[i];
  }
  const std::pair<const char*, std::optional<double> ObservedFigure::*> numbers[] = {
      {"observed_value", &ObservedFigure::value},
      {"observed_low", &ObservedFigure::low},
      {"observed_high", &ObservedFigure::high}};
  for (const auto& [name, member] : numbers) {
    const auto values = h5::read_float64(file, name, {count});
    for (std::size_t i = 0; i < count; ++i)
      if (!std::isnan(values[i])) observed[i].*member = values[i];
  }
  return observed;
}

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

template <typename Enum>
std::vector<Enum> decode(const std::vector<std::uint8_t>& codes, int count, const char* what,
                         const std::string& where) {
  std::vector<Enum> out;
  out.reserve(codes.size());
  for (std::uint8_t c : codes) {
    if (c >= count)
      throw OutputError(fmt::format("{}/{} holds code {}, beyond the {} {} labels", where, what, c,
                                    count, what));
    out.push_back(static_cast<Enum>(c));
  }
  return out;
}

// The per-agent snapshots (group /snapshots), in month order; a file without the group has none.
void read_snapshots(hid_t file, RunRecords& run) {
  if (H5Lexists(file, "snapshots", H5P_DEFAULT) <= 0) {
    h5::take_error_message();
    return;
  }
  h5::Handle snapshots = h5::checked(H5Gopen2(file, "snapshots", H5P_DEFAULT), H5Gclose,
                                     "opening group snapshots");
  std::vector<std::string> names;
  hsize_t position = 0;
  h5::check(H5Literate(snapshots.get(), H5_INDEX_NAME, H5_ITER_INC, &position, collect_name,
                       &names),
            "listing the snapshots");
  const RunLayout& layout = run.layout;
  for (const auto& label : names) {
    const std::string where = fmt::format("snapshots/{}", label);
    const auto month = parse_month(label);
    if (!month || label.size() != 7 || *month < layout.start ||
        *month >= layout.start + layout.months)
      throw OutputError(
          fmt::format("{} is not a month of the run (YYYY-MM from {} to {})", where,
                      month_label(layout.start), month_label(layout.start + layout.months - 1)));
    h5::Handle group = h5::checked(H5Gopen2(snapshots.get(), label.c_str(), H5P_DEFAULT),
                                   H5Gclose, fmt::format("opening group {}", where));
    const hid_t g = group.get();
    const std::size_t n = length_of(g, "agent");
    WorkerSnapshot s;
    s.month = *month;
    s.id = h5::read_uint32(g, "agent", n);
    s.status = decode<Status>(h5::read_uint8(g, "status", n), kStatusCount, "status", where);
    s.host = h5::read_uint8(g, "host", n);
    for (std::uint8_t h : s.host)
      if (static_cast<std::size_t>(h) >= layout.hosts.size())
        throw OutputError(fmt::format("{}/host holds host {}, but the run has {} hosts", where, h,
                                      layout.hosts.size()));
    s.sector = decode<Sector>(h5::read_uint8(g, "sector", n), kSectorCount, "sector", where);
    s.flags = h5::read_uint8(g, "flags", n);
    s.expiry = h5::read_int16(g, "expiry", n);
    s.arrived = h5::read_int16(g, "arrived", n);
    s.wage_cents = h5::read_uint32(g, "wage_cents", n);
    s.employer = h5::read_uint32(g, "employer", n);
    run.snapshots.push_back(std::move(s));
  }
}

}  // namespace

RunFile read_run_file(const fs::path& path) {
  try {
    h5::QuietErrors quiet;
    h5::Handle file = detail::open_run_file(path);
    RunFile result;
    const hid_t f = file.get();
    result.schema_version = static_cast<int>(h5::read_int_attr(f, "schema_version"));
    result.repatsim_version = h5::read_string_attr(f, "repatsim_version");
    result.git_commit = h5::read_string_attr(f, "git_commit");
    result.created = h5::read_string_attr(f, "created");
    result.meta.scenario_yaml = h5::read_string_attr(f, "scenario_yaml");
    result.meta.scenario_source = h5::read_string_attr(f, "scenario_source");
    result.meta.threads = static_cast<int>(h5::read_int_attr(f, "threads"));
    result.meta.wall_time_s = h5::read_double_attr(f, "wall_time_s");
    result.meta.command_line = h5::read_string_attr(f, "command_line");

    result.run.layout = read_layout(f);
    result.run.months.resize(static_cast<std::size_t>(result.run.layout.months));
    for (int i = 0; i < result.run.layout.months; ++i)
      result.run.months[static_cast<std::size_t>(i)].month = result.run.layout.start + i;
    read_month_fields(f, result.run);
    read_reports(f, result.run);
    read_snapshots(f, result.run);
    result.meta.observed = read_observations(f);
    file.close(fmt::format("{}", path));
    return result;
  } catch (const OutputError& e) {
    throw OutputError(fmt::format("cannot read run file {}: {}", path, e.what()));
  }
}

}  // namespace repatsim
