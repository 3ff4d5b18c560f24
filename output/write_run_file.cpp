// The writer: validate the records against the layout, build the HDF5 file in memory, then hand
// the bytes to write_atomically (output/atomic_write.hpp).
#include <fmt/format.h>
#include <fmt/std.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

#include "output/atomic_write.hpp"
#include "output/h5.hpp"
#include "output/run_file.hpp"
#include "output/schema.hpp"
#include "sim/version.hpp"
#include "sim/workers.hpp"

namespace repatsim {

namespace {

namespace fs = std::filesystem;
using schema::Dim;


// Snapshots: one per month at most, in month order, within the run, every column as long as the
// ids, and codes the reader can map back (so the file reads back exactly what was written).
void validate_snapshots(const RunRecords& run) {
  const RunLayout& layout = run.layout;
  for (std::size_t i = 0; i < run.snapshots.size(); ++i) {
    const WorkerSnapshot& s = run.snapshots[i];
    const std::string label = month_label(s.month);
    if (s.month < layout.start || s.month >= layout.start + layout.months)
      throw OutputError(fmt::format("snapshot {} is for {}, outside the run ({} to {})", i, label,
                                    month_label(layout.start),
                                    month_label(layout.start + layout.months - 1)));
    if (i > 0 && s.month <= run.snapshots[i - 1].month)
      throw OutputError(fmt::format("snapshot {} is for {}, not after the one before it ({}): "
                                    "snapshots are one per month, in month order",
                                    i, label, month_label(run.snapshots[i - 1].month)));
    const std::size_t n = s.id.size();
    const std::size_t sizes[] = {s.status.size(), s.host.size(),    s.sector.size(),
                                 s.flags.size(),  s.expiry.size(),  s.arrived.size(),
                                 s.wage_cents.size(), s.employer.size()};
    for (std::size_t size : sizes)
      if (size != n)
        throw OutputError(fmt::format("snapshot {} has {} ids but a column of {} values", label,
                                      n, size));
    for (std::size_t a = 0; a < n; ++a) {
      if (idx(s.status[a]) >= kStatusCount || idx(s.sector[a]) >= kSectorCount ||
          static_cast<std::size_t>(s.host[a]) >= layout.hosts.size())
        throw OutputError(fmt::format(
            "snapshot {}: worker {} has status {}, sector {}, host {}, outside the run's labels",
            label, s.id[a], idx(s.status[a]), idx(s.sector[a]), s.host[a]));
    }
  }
}

// Every check that can be made before touching the disk: shapes, calendar, money range.
void validate(const RunRecords& run) {
  const RunLayout& layout = run.layout;
  if (layout.months < 0) throw OutputError(fmt::format("layout has {} months", layout.months));
  if (run.months.size() != static_cast<std::size_t>(layout.months))
    throw OutputError(fmt::format("layout has {} months but {} month records were given",
                                  layout.months, run.months.size()));
  const std::size_t routes = layout.routes.size();
  if (layout.route_from.size() != routes || layout.route_to.size() != routes ||
      layout.route_capacity.size() != routes)
    throw OutputError(fmt::format(
        "layout has {} routes but {} route_from, {} route_to and {} route_capacity entries", routes,
        layout.route_from.size(), layout.route_to.size(), layout.route_capacity.size()));

  const auto sizes = schema::dim_sizes(layout, 0);
  for (std::size_t i = 0; i < run.months.size(); ++i) {
    const MonthRecord& m = run.months[i];
    const MonthId expected = layout.start + static_cast<MonthId>(i);
    if (m.month != expected)
      throw OutputError(fmt::format("month record {} is for {}, expected {}", i,
                                    month_label(m.month), month_label(expected)));
    for (const auto& field : schema::kMonthFields) {
      const auto& values = m.*field.member;
      const std::size_t want = schema::values_per_month(field, sizes);
      if (values.size() != want)
        throw OutputError(fmt::format("month {}: {} has {} values, expected {}",
                                      month_label(m.month), field.name, values.size(), want));
      if (field.money)
        for (std::int64_t cents : values)
          if (cents > schema::kMaxExactCents || cents < -schema::kMaxExactCents)
            throw OutputError(fmt::format(
                "month {}: {} holds {} cents, beyond the {} cents a float64 keeps to the cent",
                month_label(m.month), field.name, cents, schema::kMaxExactCents));
    }
    for (const auto& r : m.reports)
      if (r.month != m.month)
        throw OutputError(
            fmt::format("month {}: the {} report of {} is dated {}; a report is recorded in the "
                        "month it is filed",
                        month_label(m.month), r.kind, r.host, month_label(r.month)));
  }
  validate_snapshots(run);
}

void write_root_attributes(hid_t file, const RunRecords& run, const RunMetadata& meta) {
  const RunLayout& layout = run.layout;
  h5::write_attr(file, "schema_version", std::int32_t{schema::kVersion});
  h5::write_attr(file, "repatsim_version", kVersion);
  h5::write_attr(file, "git_commit", kGitCommit);
  h5::write_attr(file, "scenario_name", layout.scenario_name);
  h5::write_attr(file, "scenario_yaml", meta.scenario_yaml);
  h5::write_attr(file, "scenario_source", meta.scenario_source);
  h5::write_attr(file, "seed", layout.seed);
  h5::write_attr(file, "threads", std::int32_t{meta.threads});
  h5::write_attr(file, "start", month_label(layout.start));
  h5::write_attr(file, "end", month_label(layout.start + layout.months - 1));
  h5::write_attr(file, "months", std::int32_t{layout.months});
  h5::write_attr(file, "wall_time_s", meta.wall_time_s);
  h5::write_attr(file, "created", h5::utc_now_iso8601());
  h5::write_attr(file, "command_line", meta.command_line);
  h5::write_attr(file, "title", fmt::format("repatsim run of scenario {}", layout.scenario_name));
  h5::write_attr(file, "conventions", schema::kConventions);
}



// The coordinates xarray should attach to a variable (CF's `coordinates` attribute), so that the
// non-scale labels become coordinates rather than data variables.
std::string coordinates_for(const schema::MonthField& field) {
  std::string coords = "month_index";
  if (field.axes[0] == Dim::route) coords += " route_from route_to route_capacity";
  return coords;
}

void write_month_fields(hid_t file, const RunRecords& run,
                        const std::array<h5::Handle, schema::kDimCount>& scales) {
  const auto sizes = schema::dim_sizes(run.layout, 0);
  for (const auto& field : schema::kMonthFields) {
    const std::size_t per_month = schema::values_per_month(field, sizes);
    std::vector<hsize_t> dims{run.months.size()};
    for (int a = 0; a < field.axis_count; ++a)
      dims.push_back(sizes[static_cast<std::size_t>(field.axes[a])]);

    const std::string name(field.name);
    h5::Handle dataset;
    if (field.money) {
      std::vector<double> usd;
      usd.reserve(per_month * run.months.size());
      for (const auto& m : run.months)
        for (std::int64_t cents : m.*field.member)
          usd.push_back(static_cast<double>(cents) / 100.0);
      dataset = h5::write_float64(file, name.c_str(), dims, usd);
    } else {
      std::vector<std::int64_t> values;
      values.reserve(per_month * run.months.size());
      for (const auto& m : run.months)
        values.insert(values.end(), (m.*field.member).begin(), (m.*field.member).end());
      dataset = h5::write_int64(file, name.c_str(), dims, values);
    }
    h5::describe(dataset.get(), field.units, field.long_name);
    h5::write_attr(dataset.get(), "coordinates", coordinates_for(field));
    h5::attach_scale(dataset.get(), scales[static_cast<int>(Dim::month)], 0, name);
    for (int a = 0; a < field.axis_count; ++a)
      h5::attach_scale(dataset.get(), scales[static_cast<std::size_t>(field.axes[a])],
             static_cast<unsigned>(a + 1), name);
    dataset.close(name);
  }
}

void write_reports(hid_t file, const RunRecords& run, const h5::Handle& report_scale) {
  std::vector<const ReportRecord*> reports;
  for (const auto& m : run.months)
    for (const auto& r : m.reports) reports.push_back(&r);
  for (const auto& field : schema::kReportFields) {
    const std::string name(field.name);
    h5::Handle dataset;
    if (field.label != nullptr) {
      std::vector<std::string> labels;
      for (const auto* r : reports) labels.push_back(field.label(*r));
      dataset = h5::write_strings(file, name.c_str(), labels);
    } else {
      std::vector<std::int64_t> counts;
      for (const auto* r : reports) counts.push_back(r->*field.count);
      dataset = h5::write_int64(file, name.c_str(), {counts.size()}, counts);
      h5::write_attr(dataset.get(), "coordinates", "report_host report_kind report_month");
    }
    h5::describe(dataset.get(), field.units, field.long_name);
    h5::attach_scale(dataset.get(), report_scale, 0, name);
    dataset.close(name);
  }
}

// The figures the scenario compares with, on dim `observation` (labelled by id): the texts are
// coordinates, the numbers data, NaN where the scenario gives none.
void write_observations(hid_t file, const std::vector<ObservedFigure>& observed) {
  std::vector<std::string> ids;
  for (const auto& o : observed) ids.push_back(o.id);
  h5::Handle scale = h5::write_strings(file, "observation", ids);
  h5::check(H5DSset_scale(scale.get(), "observation"), "making observation a dimension scale");
  h5::write_attr(scale.get(), "long_name",
                 "observed figure the scenario is compared with, by id (scenario key observed)");

  struct Text {
    const char* name;
    std::string ObservedFigure::*member;
    const char* long_name;
  };
  static constexpr Text kTexts[] = {
      {"observed_id", &ObservedFigure::id, "id of the observed figure"},
      {"observed_host", &ObservedFigure::host, "host (or World, or another state) it is about"},
      {"observed_date", &ObservedFigure::date,
       "date as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD"},
      {"observed_quantity", &ObservedFigure::quantity, "quantity observed (analysis/observed.py)"},
      {"observed_use", &ObservedFigure::use,
       "calibrate (a target to compare with) or input (sets a parameter)"},
      {"observed_source", &ObservedFigure::source, "source of the figure"},
  };
  std::string coordinates;
  for (const auto& t : kTexts) {
    std::vector<std::string> values;
    for (const auto& o : observed) values.push_back(o.*t.member);
    h5::Handle dataset = h5::write_strings(file, t.name, values);
    h5::describe(dataset.get(), "", t.long_name);
    h5::attach_scale(dataset.get(), scale, 0, t.name);
    dataset.close(t.name);
    coordinates = coordinates.empty() ? std::string(t.name) : fmt::format("{} {}", coordinates, t.name);
  }

  struct Number {
    const char* name;
    std::optional<double> ObservedFigure::*member;
    const char* long_name;
  };
  static constexpr Number kNumbers[] = {
      {"observed_value", &ObservedFigure::value, "observed value (NaN: the source gives none)"},
      {"observed_low", &ObservedFigure::low, "low end of the observed range (NaN: none given)"},
      {"observed_high", &ObservedFigure::high, "high end of the observed range (NaN: none given)"},
  };
  for (const auto& n : kNumbers) {
    std::vector<double> values;
    for (const auto& o : observed) values.push_back((o.*n.member).value_or(std::nan("")));
    h5::Handle dataset = h5::write_float64(file, n.name, {values.size()}, values);
    // Units differ from figure to figure; observed_quantity says what each one counts.
    h5::describe(dataset.get(), "as observed_quantity", n.long_name);
    h5::write_attr(dataset.get(), "coordinates", coordinates);
    h5::attach_scale(dataset.get(), scale, 0, n.name);
    dataset.close(n.name);
  }
  scale.close("observation");
}

// Codes of an enum column, as the bytes the file stores.
template <typename Enum>
std::vector<std::uint8_t> codes(const std::vector<Enum>& values) {
  std::vector<std::uint8_t> out;
  out.reserve(values.size());
  for (Enum v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

// Group /snapshots/<YYYY-MM> per snapshot: dim `agent` (the worker ids) and one dataset per
// column of the worker table, with units and long_name from its field registry (kWorkerFields).
void write_snapshots(hid_t file, const RunRecords& run) {
  if (run.snapshots.empty()) return;
  static_assert(kWorkerFields.size() == 8, "a new worker column needs a snapshot dataset here");
  h5::Handle snapshots =
      h5::checked(H5Gcreate2(file, "snapshots", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "creating group snapshots");
  h5::write_attr(snapshots.get(), "long_name",
                 "per-agent snapshots of the worker table at the end of a month, one group per "
                 "month (YYYY-MM)");
  for (const WorkerSnapshot& s : run.snapshots) {
    const std::string label = month_label(s.month);
    const std::string where = fmt::format("snapshots/{}", label);
    h5::Handle group =
        h5::checked(H5Gcreate2(snapshots.get(), label.c_str(), H5P_DEFAULT, H5P_DEFAULT,
                               H5P_DEFAULT),
                    H5Gclose, fmt::format("creating group {}", where));
    h5::write_attr(group.get(), "month", label);
    h5::write_attr(group.get(), "title",
                   fmt::format("workers abroad (not repatriated) at the end of {}", label));
    h5::Handle agent = h5::write_uint32(group.get(), "agent", s.id);
    h5::check(H5DSset_scale(agent.get(), "agent"),
              fmt::format("making {}/agent a dimension scale", where));
    h5::describe(agent.get(), "1", "worker id: the worker's row in the worker table, stable over the run");

    const auto column = [&](std::string_view field, h5::Handle dataset) {
      const auto info = std::find_if(kWorkerFields.begin(), kWorkerFields.end(),
                                     [&](const FieldInfo& f) { return f.name == field; });
      const std::string name = fmt::format("{}/{}", where, field);
      h5::describe(dataset.get(), info->units, info->meaning);
      h5::attach_scale(dataset.get(), agent, 0, name);
      dataset.close(name);
    };
    const hid_t g = group.get();
    column("status", h5::write_uint8(g, "status", codes(s.status)));
    column("host", h5::write_uint8(g, "host", s.host));
    column("sector", h5::write_uint8(g, "sector", codes(s.sector)));
    column("flags", h5::write_uint8(g, "flags", s.flags));
    column("expiry", h5::write_int16(g, "expiry", s.expiry));
    column("arrived", h5::write_int16(g, "arrived", s.arrived));
    column("wage_cents", h5::write_uint32(g, "wage_cents", s.wage_cents));
    column("employer", h5::write_uint32(g, "employer", s.employer));
    agent.close(fmt::format("{}/agent", where));
    group.close(where);
  }
  snapshots.close("snapshots");
}

// The labelled dimensions, then the coordinates that hang off them.
std::array<h5::Handle, schema::kDimCount> write_scales(hid_t file, const RunRecords& run) {
  std::array<h5::Handle, schema::kDimCount> scales;
  for (int d = 0; d < schema::kDimCount; ++d) {
    const auto dim = static_cast<Dim>(d);
    const std::string name(schema::dim_name(dim));
    scales[static_cast<std::size_t>(d)] =
        h5::write_strings(file, name.c_str(), schema::dim_labels(dim, run));
    h5::check(H5DSset_scale(scales[static_cast<std::size_t>(d)].get(), name.c_str()),
              fmt::format("making {} a dimension scale", name));
    h5::write_attr(scales[static_cast<std::size_t>(d)].get(), "long_name",
                   schema::kDimLongNames[static_cast<std::size_t>(d)]);
  }
  const RunLayout& layout = run.layout;
  const auto& month_scale = scales[static_cast<int>(Dim::month)];
  const auto& route_scale = scales[static_cast<int>(Dim::route)];

  std::vector<std::int32_t> index;
  for (int i = 0; i < layout.months; ++i) index.push_back(layout.start + i);
  h5::Handle month_index = h5::write_int32(file, "month_index", {index.size()}, index);
  // Units "1", not "months since 1970-01": xarray would try to decode the latter as dates.
  h5::describe(month_index.get(), "1", "month as a count of months since 1970-01 (1970-01 is 0)");
  h5::attach_scale(month_index.get(), month_scale, 0, "month_index");
  month_index.close("month_index");

  h5::Handle from = h5::write_strings(file, "route_from", layout.route_from);
  h5::describe(from.get(), "", "state the route direction starts from");
  h5::attach_scale(from.get(), route_scale, 0, "route_from");
  from.close("route_from");
  h5::Handle to = h5::write_strings(file, "route_to", layout.route_to);
  h5::describe(to.get(), "", "state the route direction leads to");
  h5::attach_scale(to.get(), route_scale, 0, "route_to");
  to.close("route_to");
  h5::Handle capacity = h5::write_int64(file, "route_capacity", {layout.route_capacity.size()},
                                        layout.route_capacity);
  h5::describe(capacity.get(), "seats/month",
           "seats per month the route direction can carry when open");
  h5::attach_scale(capacity.get(), route_scale, 0, "route_capacity");
  capacity.close("route_capacity");
  return scales;
}

// Builds the whole file in memory (HDF5's core driver, no backing store) and returns its bytes.
// The disk is touched only by write_atomically: a full disk or an I/O error then shows up as a
// plain failed write() with its errno, instead of as a failed H5Fclose that leaves HDF5 holding a
// half-closed file (which HDF5 1.10 then crashes on at exit).
std::vector<char> build_image(const fs::path& target, const RunRecords& run,
                              const RunMetadata& meta) {
  h5::QuietErrors quiet;
  h5::Handle access =
      h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating file access properties");
  h5::check(H5Pset_fapl_core(access.get(), 1 << 20, /*backing_store=*/0),
            "selecting the in-memory driver");
  // Strong close: closing the file closes anything still open in it.
  h5::check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG), "setting the file close degree");
  // The earliest formats where they serve, 1.8 ones where needed (dense storage for attributes
  // over 64 KiB, such as a long scenario text): readable by any HDF5 since 1.8. Not 1.8 throughout:
  // H5Fget_file_image copies a version-2 superblock with a stale checksum, a version 0 one intact.
  h5::check(H5Pset_libver_bounds(access.get(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18),
            "setting the file format version");
  h5::Handle file = h5::checked(H5Fcreate(target.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()),
                                H5Fclose, "creating the file in memory");
  write_root_attributes(file.get(), run, meta);
  auto scales = write_scales(file.get(), run);
  write_month_fields(file.get(), run, scales);
  write_reports(file.get(), run, scales[static_cast<int>(Dim::report)]);
  write_observations(file.get(), meta.observed);
  write_snapshots(file.get(), run);
  for (int d = 0; d < schema::kDimCount; ++d)
    scales[static_cast<std::size_t>(d)].close(schema::kDimNames[static_cast<std::size_t>(d)]);
  h5::check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flushing the file in memory");
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  h5::check(size, "sizing the file image");
  std::vector<char> image(static_cast<std::size_t>(size));
  h5::check(H5Fget_file_image(file.get(), image.data(), image.size()), "copying the file image");
  file.close("the file in memory");
  return image;
}

}  // namespace

void write_run_file(const fs::path& target, const RunRecords& run, const RunMetadata& meta,
                    bool force) {
  const auto fail = [&](std::string_view why) {
    return OutputError(fmt::format("cannot write run file {}: {}", target, why));
  };
  try {
    validate(run);
  } catch (const OutputError& e) {
    throw fail(e.what());
  }
  std::error_code ec;
  const auto target_status = fs::status(target, ec);
  if (fs::is_directory(target_status)) throw fail("it is a directory");
  if (fs::exists(target_status) && !force) throw fail("the file exists (pass force to replace it)");
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(directory, ec))
    throw fail(fmt::format("directory {} does not exist", directory));

  std::vector<char> image;
  try {
    image = build_image(target, run, meta);
  } catch (const std::exception& e) {
    throw fail(e.what());
  }

  try {
    write_atomically(target, image, force);
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
}

}  // namespace repatsim
