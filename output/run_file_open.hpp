// Opening a file as a repatsim run file: shared by the reader and the summary. PRIVATE to output/
// (it exposes HDF5 handles).
#pragma once

#include <filesystem>

#include "output/h5.hpp"

namespace repatsim::detail {

// Opens `path` read-only after checking that it exists, is HDF5, says it is a repatsim run file
// and was written under a schema this build reads. OutputError (without the path: callers add
// it) otherwise.
h5::Handle open_run_file(const std::filesystem::path& path);

}  // namespace repatsim::detail
