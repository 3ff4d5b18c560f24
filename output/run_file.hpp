// The run file: one HDF5 file per run holding every month's records, the resolved scenario and
// how the run was made. Its layout is documented in output/SCHEMA.md (schema version 1) and is
// readable by h5py and by xarray (engine "h5netcdf"). This header carries no HDF5 types, so any
// layer may include it; HDF5 itself is confined to output/*.cpp.
//
// HDF5 here is the serial, thread-safe build (one global lock): call these from one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/records.hpp"
#include "sim/spec.hpp"

namespace repatsim {

// How the run was made, stored beside the records.
struct RunMetadata {
  std::string scenario_yaml;    // the resolved scenario text
  std::string scenario_source;  // the file it came from
  int threads = 1;
  double wall_time_s = 0;
  std::string command_line;
  std::vector<ObservedFigure> observed;  // the scenario's observed figures, on dim observation
};

// Anything that goes wrong writing or reading a run file; the message names the file and what
// failed.
class OutputError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes the whole run atomically: a temporary file beside the target ("<target>.tmp.<pid>"),
// renamed onto the target only when complete and closed. On any failure (HDF5 error, full disk,
// unwritable directory, records whose shapes disagree with the layout) the temporary is removed,
// nothing appears at the target, and OutputError says what failed and where. If the target exists
// and !force, throws before writing anything. SIGINT/SIGTERM are blocked (pthread_sigmask, in the
// calling thread) while the file is written and renamed, so an interrupt leaves either the
// complete file or nothing. The parent directory must exist.
void write_run_file(const std::filesystem::path& target, const RunRecords& run,
                    const RunMetadata& meta, bool force);

// A run file read back.
struct RunFile {
  RunRecords run;
  RunMetadata meta;
  int schema_version = 0;
  std::string repatsim_version, git_commit, created;
};

// Reads a file written by write_run_file back exactly (money to the cent); OutputError for a
// missing, damaged or foreign file, or one written under a newer schema.
RunFile read_run_file(const std::filesystem::path& file);

// A human summary for `repatsim info`: scenario, seed, horizon, dims, datasets with shapes and
// units, headline figures (workers abroad at the start and end, total state revenue, total
// repatriations, peak stranded). OutputError for a missing, damaged or foreign file.
std::string describe_run_file(const std::filesystem::path& file);

// Bytes the run file will take, roughly: an uncompressed upper bound for the records (the
// scenario text, the observed figures and an unusual number of reports come on top), printed
// before a run. `snapshot_rows` is the number of worker rows expected in all per-agent
// snapshots together (e.g. the initial workers times the snapshot months).
std::uint64_t estimate_run_file_bytes(const RunLayout& layout, std::uint64_t snapshot_rows = 0);

}  // namespace repatsim
