// `repatsim info`: what a run file holds, in a page a person reads, and the size estimate
// printed before a run.
#include <fmt/format.h>
#include <fmt/std.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>

#include "output/h5.hpp"
#include "output/run_file.hpp"
#include "output/run_file_open.hpp"
#include "output/schema.hpp"
#include "sim/types.hpp"
#include "sim/workers.hpp"

namespace repatsim {

namespace {

namespace fs = std::filesystem;

// 1234567 -> "1,234,567": counts of workers and dollars read better grouped.
std::string grouped(std::int64_t value) {
  const auto magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string usd(std::int64_t cents) {
  const std::int64_t whole = cents / 100;
  const std::int64_t rest = cents % 100;
  const bool negative = cents < 0;
  return fmt::format("USD {}{}.{:02d}", negative && whole == 0 ? "-" : "", grouped(whole),
                     rest < 0 ? -rest : rest);
}

struct DatasetLine {
  std::string name, dims, shape, type, units;
};

herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

herr_t scale_name(hid_t, unsigned, hid_t scale, void* out) {
  char buffer[256] = {};
  if (H5DSget_scale_name(scale, buffer, sizeof buffer) > 0)
    *static_cast<std::string*>(out) = buffer;
  return 1;  // the first scale attached to the axis names it
}

std::string type_name(hid_t dataset) {
  h5::Handle type = h5::checked(H5Dget_type(dataset), H5Tclose, "reading a dataset's type");
  const std::size_t bits = 8 * H5Tget_size(type.get());
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER:
      return fmt::format("{}int{}", H5Tget_sign(type.get()) == H5T_SGN_NONE ? "u" : "", bits);
    case H5T_FLOAT:
      return fmt::format("float{}", bits);
    case H5T_STRING:
      return "string";
    default:
      return "other";
  }
}

// Every dataset in the file, as the file has it: dims come from the attached scales.
std::vector<DatasetLine> list_datasets(hid_t file) {
  std::vector<std::string> names;
  hsize_t position = 0;
  h5::check(H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, &position, collect_name, &names),
            "listing the datasets");
  std::vector<DatasetLine> lines;
  for (const auto& name : names) {
    const hid_t id = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
    if (id < 0) {  // a group or something else: not part of the schema, not listed
      h5::take_error_message();
      continue;
    }
    h5::Handle dataset(id, H5Dclose);
    const auto shape = h5::shape_of(id);
    std::vector<std::string> dims;
    for (unsigned axis = 0; axis < shape.size(); ++axis) {
      std::string dim = H5DSis_scale(id) > 0 ? name : "?";
      if (H5DSget_num_scales(id, axis) > 0) H5DSiterate_scales(id, axis, nullptr, scale_name, &dim);
      dims.push_back(dim);
    }
    h5::take_error_message();
    lines.push_back({name, fmt::format("({})", fmt::join(dims, ", ")),
                     fmt::format("({})", fmt::join(shape, ", ")), type_name(id),
                     h5::has_attr(id, "units") ? h5::read_string_attr(id, "units") : ""});
  }
  return lines;
}

std::int64_t workers_abroad(const MonthRecord& m, std::size_t hosts) {
  std::int64_t total = 0;
  for (std::size_t h = 0; h < hosts; ++h)
    for (int s = 0; s < kStatusCount; ++s)
      if (s != idx(Status::repatriated))
        total += m.stock_true[h * kStatusCount + static_cast<std::size_t>(s)];
  return total;
}

std::string headline(const RunRecords& run) {
  if (run.months.empty()) return "  (no months recorded)\n";
  const std::size_t hosts = run.layout.hosts.size();
  std::int64_t revenue = 0, repatriations = 0, peak_stranded = -1;
  MonthId peak_month = run.layout.start;
  for (const auto& m : run.months) {
    for (std::int64_t cents : m.state_revenue_cents) revenue += cents;
    std::int64_t stranded = 0;
    for (std::size_t h = 0; h < hosts; ++h) {
      repatriations += m.flows[h * kFlowCount + static_cast<std::size_t>(idx(Flow::repatriations))];
      stranded += m.stock_true[h * kStatusCount + static_cast<std::size_t>(idx(Status::stranded))];
    }
    if (stranded > peak_stranded) {
      peak_stranded = stranded;
      peak_month = m.month;
    }
  }
  const auto& first = run.months.front();
  const auto& last = run.months.back();
  std::string out;
  out += fmt::format("  {:<18} {} at the end of {}; {} at the end of {}\n", "workers abroad",
                     grouped(workers_abroad(first, hosts)), month_label(first.month),
                     grouped(workers_abroad(last, hosts)), month_label(last.month));
  out += fmt::format("  {:<18} {} over the run\n", "state revenue", usd(revenue));
  out += fmt::format("  {:<18} {} workers\n", "repatriations", grouped(repatriations));
  out += fmt::format("  {:<18} {} workers at the end of {}\n", "peak stranded",
                     grouped(peak_stranded), month_label(peak_month));
  return out;
}

}  // namespace

std::string describe_run_file(const fs::path& path) {
  const RunFile run_file = read_run_file(path);  // validates everything, or throws
  std::vector<DatasetLine> datasets;
  try {
    h5::QuietErrors quiet;
    h5::Handle file = detail::open_run_file(path);
    datasets = list_datasets(file.get());
  } catch (const OutputError& e) {
    throw OutputError(fmt::format("cannot read run file {}: {}", path, e.what()));
  }

  const RunLayout& layout = run_file.run.layout;
  const RunMetadata& meta = run_file.meta;
  std::size_t reports = 0;
  for (const auto& m : run_file.run.months) reports += m.reports.size();
  const auto sizes = schema::dim_sizes(layout, reports);

  std::string out;
  const auto row = [&out](std::string_view key, const std::string& value) {
    out += fmt::format("{:<13}{}\n", key, value);
  };
  row("run file", path.string());
  row("scenario", fmt::format("{} (from {})", layout.scenario_name, meta.scenario_source));
  row("seed", fmt::format("{}", layout.seed));
  row("horizon", fmt::format("{} to {} ({} months)", month_label(layout.start),
                             month_label(layout.start + layout.months - 1), layout.months));
  row("written",
      fmt::format("{} by repatsim {} (commit {}), {} threads, {:.1f} s", run_file.created,
                  run_file.repatsim_version, run_file.git_commit, meta.threads, meta.wall_time_s));
  row("command", meta.command_line);
  std::vector<std::string> dims;
  for (int d = 0; d < schema::kDimCount; ++d)
    dims.push_back(fmt::format("{} {}", schema::kDimNames[static_cast<std::size_t>(d)],
                               sizes[static_cast<std::size_t>(d)]));
  dims.push_back(fmt::format("observation {}", meta.observed.size()));
  row("dimensions", fmt::format("{}", fmt::join(dims, ", ")));
  if (!run_file.run.snapshots.empty()) {
    std::vector<std::string> snapshots;
    for (const auto& s : run_file.run.snapshots)
      snapshots.push_back(fmt::format("{} ({} agents)", month_label(s.month),
                                      grouped(static_cast<std::int64_t>(s.size()))));
    row("snapshots", fmt::format("{}", fmt::join(snapshots, ", ")));
  }

  out += "\ndatasets\n";
  out += fmt::format("  {:<22} {:<24} {:<14} {:<8} {}\n", "name", "dims", "shape", "type", "units");
  for (const auto& d : datasets)
    out +=
        fmt::format("  {:<22} {:<24} {:<14} {:<8} {}\n", d.name, d.dims, d.shape, d.type, d.units);
  out += "\nheadline\n";
  out += headline(run_file.run);
  return out;
}

std::uint64_t estimate_run_file_bytes(const RunLayout& layout, std::uint64_t snapshot_rows) {
  // Fixed costs (superblock, object headers, attributes, the vocabulary scales) stay well under
  // this; labels are counted at a generous 64 bytes each.
  constexpr std::uint64_t kOverhead = 64 * 1024;
  constexpr std::uint64_t kLabelBytes = 64;
  // Resolution 2397 asks each host for a midterm and a final report; allow twice that.
  constexpr std::uint64_t kReportsPerHost = 4;
  constexpr std::uint64_t kBytesPerReport = 4 * 8 + 3 * kLabelBytes + kLabelBytes;

  const std::uint64_t months = layout.months > 0 ? static_cast<std::uint64_t>(layout.months) : 0;
  const auto sizes = schema::dim_sizes(layout, 0);
  std::uint64_t bytes = kOverhead;
  for (const auto& field : schema::kMonthFields)
    bytes += 8 * months * schema::values_per_month(field, sizes);
  bytes += months * (kLabelBytes + 4);                               // month, month_index
  bytes += layout.hosts.size() * kLabelBytes;                        // host
  bytes += layout.routes.size() * (3 * kLabelBytes + 8);             // route, from, to, capacity
  bytes += layout.hosts.size() * kReportsPerHost * kBytesPerReport;  // reports
  // Per-agent snapshots: every column of the worker table plus a 4-byte id per row.
  bytes += snapshot_rows * (bytes_per_worker() + sizeof(std::uint32_t));
  return bytes;
}

}  // namespace repatsim
