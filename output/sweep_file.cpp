// The sweep file (output/sweep_file.hpp, output/SCHEMA.md "Sweep files"): built in memory with
// HDF5's core driver, then published by write_atomically, as the run file is.
#include "output/sweep_file.hpp"

#include <fmt/format.h>
#include <fmt/std.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cmath>
#include <set>

#include "output/atomic_write.hpp"
#include "output/h5.hpp"
#include "output/run_file.hpp"
#include "sim/version.hpp"

namespace repatsim {

namespace {

namespace fs = std::filesystem;
constexpr std::string_view kSweepConventions = "repatsim sweep file; see output/SCHEMA.md";




// Creation properties (dataset, group or file: the root group) without object time stamps.
h5::Handle untimed(hid_t property_class) {
  h5::Handle properties =
      h5::checked(H5Pcreate(property_class), H5Pclose, "creating creation properties");
  h5::check(H5Pset_obj_track_times(properties.get(), 0), "turning off object time stamps");
  return properties;
}

h5::Handle make_scale(h5::Handle dataset, const char* name, std::string_view long_name) {
  h5::check(H5DSset_scale(dataset.get(), name), fmt::format("making {} a dimension scale", name));
  h5::describe(dataset.get(), "", long_name);
  return dataset;
}

// A coordinate (a label hanging off a dimension): marked so that readers tell it from data.
void coordinate(h5::Handle dataset, const h5::Handle& scale, std::string_view name,
                std::string_view units, std::string_view long_name) {
  h5::describe(dataset.get(), units, long_name);
  h5::write_attr(dataset.get(), "sweep_role", "coordinate");
  h5::attach_scale(dataset.get(), scale, 0, name);
  dataset.close(name);
}

h5::Handle write_uint64(hid_t where, const char* name, const std::vector<std::uint64_t>& values) {
  const hsize_t dims[1] = {values.size()};
  h5::Handle space = h5::checked(H5Screate_simple(1, dims, nullptr), H5Sclose,
                                 fmt::format("creating the dataspace of {}", name));
  h5::Handle dcpl = untimed(H5P_DATASET_CREATE);
  h5::Handle dataset = h5::checked(H5Dcreate2(where, name, H5T_STD_U64LE, space.get(), H5P_DEFAULT,
                                              dcpl.get(), H5P_DEFAULT),
                                   H5Dclose, fmt::format("creating dataset {}", name));
  if (!values.empty())
    h5::check(H5Dwrite(dataset.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL,
                       h5::transfer_properties().get(), values.data()),
              fmt::format("writing dataset {}", name));
  return dataset;
}

std::vector<std::uint64_t> read_uint64(hid_t where, const char* name, hsize_t length) {
  h5::Handle dataset = h5::checked(H5Dopen2(where, name, H5P_DEFAULT), H5Dclose,
                                   fmt::format("opening dataset {}", name));
  if (h5::shape_of(dataset.get()) != std::vector<hsize_t>{length})
    throw OutputError(fmt::format("dataset {} does not have {} values", name, length));
  std::vector<std::uint64_t> values(length);
  if (length > 0)
    h5::check(H5Dread(dataset.get(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL,
                      h5::transfer_properties().get(), values.data()),
              fmt::format("reading dataset {}", name));
  return values;
}

std::vector<double> to_usd(const std::vector<std::int64_t>& cents) {
  std::vector<double> usd;
  usd.reserve(cents.size());
  for (std::int64_t c : cents) usd.push_back(static_cast<double>(c) / 100.0);
  return usd;
}

void write_columns(hid_t where, const std::vector<SweepColumn>& columns, const h5::Handle& scale,
                   std::string_view on) {
  for (const SweepColumn& c : columns) {
    const std::string long_name = fmt::format("swept parameter {} on each {}", c.key, on);
    if (c.numeric)
      coordinate(h5::write_float64(where, c.key.c_str(), {c.numbers.size()}, c.numbers), scale,
                 c.key, "as the scenario key", long_name);
    else
      coordinate(h5::write_strings(where, c.key.c_str(), c.texts), scale, c.key, "", long_name);
  }
}

void validate(const SweepFileData& d) {
  const std::size_t runs = d.run.size(), months = d.months.size(), hosts = d.hosts.size(),
                    statuses = d.statuses.size();
  const auto want = [](std::string_view what, std::size_t have, std::size_t expected) {
    if (have != expected)
      throw OutputError(fmt::format("{} has {} values, expected {}", what, have, expected));
  };
  want("point", d.point.size(), runs);
  want("replicate", d.replicate.size(), runs);
  want("run_seed", d.run_seed.size(), runs);
  want("run_ok", d.run_ok.size(), runs);
  want("run_error", d.run_error.size(), runs);
  want("stock_true", d.stock_true.size(), runs * months * hosts * statuses);
  want("state_revenue_usd", d.state_revenue_cents.size(), runs * months * hosts);
  want("repatriations", d.repatriations.size(), runs * months * hosts);
  std::set<std::string> names{"run", "month", "host", "status", "parameter", "point", "replicate",
                              "run_seed", "run_ok", "run_error", "stock_true",
                              "state_revenue_usd", "repatriations", "summary"};
  for (const auto& c : d.run_parameters) {
    want(c.key, c.numeric ? c.numbers.size() : c.texts.size(), runs);
    if (!names.insert(c.key).second)
      throw OutputError(fmt::format("parameter {} clashes with a dataset of the same name", c.key));
  }
  if (d.has_summary) {
    const auto points = static_cast<std::size_t>(d.points);
    want("replicates_ok", d.replicates_ok.size(), points);
    want("workers_abroad_mean", d.abroad_mean.size(), points * months);
    want("workers_abroad_quantile", d.abroad_quantile.size(), points * d.quantiles.size() * months);
    for (const auto& c : d.point_parameters)
      want(c.key, c.numeric ? c.numbers.size() : c.texts.size(), points);
  }
}

void write_summary(hid_t file, const SweepFileData& d) {
  h5::Handle gcpl = untimed(H5P_GROUP_CREATE);
  h5::Handle group = h5::checked(H5Gcreate2(file, "summary", H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                                 H5Gclose, "creating group summary");
  const hid_t g = group.get();
  h5::write_attr(g, "long_name",
                 "per-point summaries over the successful replicates of each point");
  std::vector<std::int64_t> points(static_cast<std::size_t>(d.points));
  for (std::size_t i = 0; i < points.size(); ++i) points[i] = static_cast<std::int64_t>(i);
  h5::Handle point = make_scale(h5::write_int64(g, "point", {points.size()}, points), "point",
                                "point of the design (0-based)");
  h5::Handle month = make_scale(h5::write_strings(g, "month", d.months), "month",
                                "calendar month of the simulation step (ISO YYYY-MM)");
  h5::Handle quantile = make_scale(h5::write_float64(g, "quantile", {d.quantiles.size()}, d.quantiles),
                                   "quantile", "quantile over the successful replicates");
  write_columns(g, d.point_parameters, point, "point");
  coordinate(h5::write_int64(g, "replicates_ok", {points.size()}, d.replicates_ok), point,
             "replicates_ok", "runs", "replicates of the point that ran to the end");
  const hsize_t np = points.size(), nm = d.months.size(), nq = d.quantiles.size();
  h5::Handle mean = h5::write_float64(g, "workers_abroad_mean", {np, nm}, d.abroad_mean);
  h5::describe(mean.get(), "workers",
           "mean over successful replicates of the workers abroad (every status but repatriated, "
           "all hosts) at the end of the month; NaN where no replicate succeeded");
  h5::attach_scale(mean.get(), point, 0, "workers_abroad_mean");
  h5::attach_scale(mean.get(), month, 1, "workers_abroad_mean");
  mean.close("workers_abroad_mean");
  h5::Handle q = h5::write_float64(g, "workers_abroad_quantile", {np, nq, nm}, d.abroad_quantile);
  h5::describe(q.get(), "workers",
           "quantiles (linear interpolation) over successful replicates of the workers abroad; "
           "NaN where no replicate succeeded");
  h5::attach_scale(q.get(), point, 0, "workers_abroad_quantile");
  h5::attach_scale(q.get(), quantile, 1, "workers_abroad_quantile");
  h5::attach_scale(q.get(), month, 2, "workers_abroad_quantile");
  q.close("workers_abroad_quantile");
  point.close("point");
  month.close("summary/month");
  quantile.close("quantile");
  group.close("summary");
}

std::vector<char> build_image(const fs::path& target, const SweepFileData& d) {
  h5::QuietErrors quiet;
  h5::Handle access =
      h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating file access properties");
  h5::check(H5Pset_fapl_core(access.get(), 1 << 20, 0), "selecting the in-memory driver");
  h5::check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG), "setting the file close degree");
  h5::check(H5Pset_libver_bounds(access.get(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18),
            "setting the file format version");
  h5::Handle creation = untimed(H5P_FILE_CREATE);
  h5::Handle file = h5::checked(H5Fcreate(target.c_str(), H5F_ACC_TRUNC, creation.get(), access.get()),
                                H5Fclose, "creating the file in memory");
  const hid_t f = file.get();
  h5::write_attr(f, "schema_version", std::int32_t{kSweepSchemaVersion});
  h5::write_attr(f, "conventions", kSweepConventions);
  h5::write_attr(f, "repatsim_version", kVersion);
  h5::write_attr(f, "git_commit", kGitCommit);
  h5::write_attr(f, "sweep_yaml", d.sweep_yaml);
  h5::write_attr(f, "sweep_source", d.sweep_source);
  h5::write_attr(f, "base_scenario", d.base_scenario);
  h5::write_attr(f, "scenario_name", d.scenario_name);
  h5::write_attr(f, "design", d.design);
  h5::write_attr(f, "master_seed", d.master_seed);
  h5::write_attr(f, "points", static_cast<std::uint64_t>(d.points));
  h5::write_attr(f, "replicates", static_cast<std::uint64_t>(d.replicates));
  h5::write_attr(f, "total_runs", static_cast<std::uint64_t>(d.total_runs));
  h5::write_attr(f, "shard_index", static_cast<std::uint64_t>(d.shard_index));
  h5::write_attr(f, "shard_count", static_cast<std::uint64_t>(d.shard_count));
  h5::write_attr(f, "title", fmt::format("repatsim sweep of scenario {}", d.scenario_name));

  h5::Handle run = make_scale(h5::write_int64(f, "run", {d.run.size()}, d.run), "run",
                              "run of the sweep: point * replicates + replicate (0-based)");
  h5::Handle month = make_scale(h5::write_strings(f, "month", d.months), "month",
                                "calendar month of the simulation step (ISO YYYY-MM)");
  h5::Handle host = make_scale(h5::write_strings(f, "host", d.hosts), "host",
                               "host state employing DPRK workers");
  h5::Handle status = make_scale(h5::write_strings(f, "status", d.statuses), "status",
                                 "legal status of the worker");
  std::vector<std::string> keys;
  for (const auto& c : d.run_parameters) keys.push_back(c.key);
  h5::Handle parameter = make_scale(h5::write_strings(f, "parameter", keys), "parameter",
                                    "swept --set key, in the sweep file's order");

  coordinate(h5::write_int64(f, "point", {d.point.size()}, d.point), run, "point", "",
             "point of the design the run belongs to (0-based)");
  coordinate(h5::write_int64(f, "replicate", {d.replicate.size()}, d.replicate), run, "replicate",
             "", "replicate of the point (0-based)");
  coordinate(write_uint64(f, "run_seed", d.run_seed), run, "run_seed", "",
             "the run's seed: a Philox hash of (master seed, point, replicate)");
  coordinate(h5::write_uint8(f, "run_ok", d.run_ok), run, "run_ok", "",
             "1 if the run ran to the end; 0 if it failed (its series are then zeros)");
  coordinate(h5::write_strings(f, "run_error", d.run_error), run, "run_error", "",
             "why the run failed; empty for a run that succeeded");
  write_columns(f, d.run_parameters, run, "run");

  const hsize_t nr = d.run.size(), nm = d.months.size(), nh = d.hosts.size(),
                ns = d.statuses.size();
  h5::Handle stock = h5::write_int64(f, "stock_true", {nr, nm, nh, ns}, d.stock_true);
  h5::describe(stock.get(), "workers", "workers by host and status at the end of the month (truth)");
  const h5::Handle* stock_scales[] = {&run, &month, &host, &status};
  for (unsigned a = 0; a < 4; ++a) h5::attach_scale(stock.get(), *stock_scales[a], a, "stock_true");
  stock.close("stock_true");
  h5::Handle revenue = h5::write_float64(f, "state_revenue_usd", {nr, nm, nh},
                                         to_usd(d.state_revenue_cents));
  h5::describe(revenue.get(), "USD/month",
           "state revenue reaching the DPRK this month, all remittance channels together");
  h5::Handle repatriations = h5::write_int64(f, "repatriations", {nr, nm, nh}, d.repatriations);
  h5::describe(repatriations.get(), "workers/month", "workers who left for the DPRK during the month");
  const h5::Handle* three[] = {&run, &month, &host};
  for (unsigned a = 0; a < 3; ++a) {
    h5::attach_scale(revenue.get(), *three[a], a, "state_revenue_usd");
    h5::attach_scale(repatriations.get(), *three[a], a, "repatriations");
  }
  revenue.close("state_revenue_usd");
  repatriations.close("repatriations");
  if (d.has_summary) write_summary(f, d);
  run.close("run");
  month.close("month");
  host.close("host");
  status.close("status");
  parameter.close("parameter");

  h5::check(H5Fflush(f, H5F_SCOPE_GLOBAL), "flushing the file in memory");
  const ssize_t size = H5Fget_file_image(f, nullptr, 0);
  h5::check(size, "sizing the file image");
  std::vector<char> image(static_cast<std::size_t>(size));
  h5::check(H5Fget_file_image(f, image.data(), image.size()), "copying the file image");
  file.close("the file in memory");
  return image;
}

std::vector<SweepColumn> read_columns(hid_t where, const std::vector<std::string>& keys,
                                      hsize_t length) {
  std::vector<SweepColumn> columns;
  for (const std::string& key : keys) {
    SweepColumn c;
    c.key = key;
    h5::Handle dataset = h5::checked(H5Dopen2(where, key.c_str(), H5P_DEFAULT), H5Dclose,
                                     fmt::format("opening dataset {}", key));
    h5::Handle type = h5::checked(H5Dget_type(dataset.get()), H5Tclose,
                                  fmt::format("reading dataset {}", key));
    c.numeric = H5Tget_class(type.get()) != H5T_STRING;
    dataset.close(key);
    if (c.numeric) c.numbers = h5::read_float64(where, key.c_str(), {length});
    else c.texts = h5::read_strings(where, key.c_str(), length);
    columns.push_back(std::move(c));
  }
  return columns;
}

}  // namespace

void write_sweep_file(const fs::path& target, const SweepFileData& data, bool force) {
  const auto fail = [&](std::string_view why) {
    return OutputError(fmt::format("cannot write sweep file {}: {}", target, why));
  };
  try {
    validate(data);
  } catch (const OutputError& e) {
    throw fail(e.what());
  }
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw fail("it is a directory");
  if (fs::exists(target, ec) && !force) throw fail("the file exists (pass --force to replace it)");
  std::vector<char> image;
  try {
    image = build_image(target, data);
    write_atomically(target, image, force);
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
}

SweepFileData read_sweep_file(const fs::path& path) {
  const auto fail = [&](std::string_view why) {
    return OutputError(fmt::format("cannot read sweep file {}: {}", path, why));
  };
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw fail("no such file");
  try {
    h5::QuietErrors quiet;
    if (H5Fis_hdf5(path.c_str()) <= 0) {
      h5::take_error_message();
      throw OutputError("not an HDF5 file");
    }
    h5::Handle file = h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                                  "opening the HDF5 file");
    const hid_t f = file.get();
    if (!h5::has_attr(f, "conventions") || h5::read_string_attr(f, "conventions") != kSweepConventions)
      throw OutputError("an HDF5 file, but not a repatsim sweep file");
    if (h5::read_int_attr(f, "schema_version") != kSweepSchemaVersion)
      throw OutputError("written under another sweep schema version");
    SweepFileData d;
    d.sweep_yaml = h5::read_string_attr(f, "sweep_yaml");
    d.sweep_source = h5::read_string_attr(f, "sweep_source");
    d.base_scenario = h5::read_string_attr(f, "base_scenario");
    d.scenario_name = h5::read_string_attr(f, "scenario_name");
    d.design = h5::read_string_attr(f, "design");
    d.master_seed = h5::read_uint_attr(f, "master_seed");
    d.points = static_cast<std::int64_t>(h5::read_uint_attr(f, "points"));
    d.replicates = static_cast<std::int64_t>(h5::read_uint_attr(f, "replicates"));
    d.total_runs = static_cast<std::int64_t>(h5::read_uint_attr(f, "total_runs"));
    d.shard_index = static_cast<std::int64_t>(h5::read_uint_attr(f, "shard_index"));
    d.shard_count = static_cast<std::int64_t>(h5::read_uint_attr(f, "shard_count"));

    const auto length = [&](const char* name) {
      h5::Handle ds = h5::checked(H5Dopen2(f, name, H5P_DEFAULT), H5Dclose,
                                  fmt::format("opening dataset {}", name));
      const auto shape = h5::shape_of(ds.get());
      if (shape.size() != 1) throw OutputError(fmt::format("dataset {} is not 1-D", name));
      return shape[0];
    };
    const hsize_t nr = length("run"), nm = length("month"), nh = length("host"),
                  ns = length("status"), np = length("parameter");
    d.run = h5::read_int64(f, "run", {nr});
    d.months = h5::read_strings(f, "month", nm);
    d.hosts = h5::read_strings(f, "host", nh);
    d.statuses = h5::read_strings(f, "status", ns);
    const auto keys = h5::read_strings(f, "parameter", np);
    d.point = h5::read_int64(f, "point", {nr});
    d.replicate = h5::read_int64(f, "replicate", {nr});
    d.run_seed = read_uint64(f, "run_seed", nr);
    d.run_ok = h5::read_uint8(f, "run_ok", nr);
    d.run_error = h5::read_strings(f, "run_error", nr);
    d.run_parameters = read_columns(f, keys, nr);
    d.stock_true = h5::read_int64(f, "stock_true", {nr, nm, nh, ns});
    for (double usd : h5::read_float64(f, "state_revenue_usd", {nr, nm, nh}))
      d.state_revenue_cents.push_back(std::llround(usd * 100.0));
    d.repatriations = h5::read_int64(f, "repatriations", {nr, nm, nh});
    if (H5Lexists(f, "summary", H5P_DEFAULT) > 0) {
      h5::Handle group = h5::checked(H5Gopen2(f, "summary", H5P_DEFAULT), H5Gclose,
                                     "opening group summary");
      const hid_t g = group.get();
      d.has_summary = true;
      const auto points = static_cast<hsize_t>(d.points);
      h5::Handle qds = h5::checked(H5Dopen2(g, "quantile", H5P_DEFAULT), H5Dclose,
                                   "opening dataset summary/quantile");
      const hsize_t nq = h5::shape_of(qds.get()).at(0);
      qds.close("summary/quantile");
      d.quantiles = h5::read_float64(g, "quantile", {nq});
      d.point_parameters = read_columns(g, keys, points);
      d.replicates_ok = h5::read_int64(g, "replicates_ok", {points});
      d.abroad_mean = h5::read_float64(g, "workers_abroad_mean", {points, nm});
      d.abroad_quantile = h5::read_float64(g, "workers_abroad_quantile", {points, nq, nm});
      group.close("summary");
    }
    file.close("the sweep file");
    return d;
  } catch (const OutputError& e) {
    throw fail(e.what());
  }
}

}  // namespace repatsim
