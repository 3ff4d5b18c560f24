#include "output/run_file_open.hpp"

#include <fmt/format.h>
#include <fmt/std.h>

#include "output/run_file.hpp"
#include "output/schema.hpp"

namespace repatsim::detail {

h5::Handle open_run_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw OutputError("no such file");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 <= 0) {
    h5::take_error_message();
    throw OutputError("not an HDF5 file");
  }
  h5::Handle access =
      h5::checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating file access properties");
  h5::check(H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG), "setting the file close degree");
  h5::Handle file = h5::checked(H5Fopen(path.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose,
                                "opening the HDF5 file");

  // A run file says so in `conventions`; anything else is some other program's HDF5 file.
  const bool ours =
      h5::has_attr(file.get(), "conventions") &&
      h5::read_string_attr(file.get(), "conventions").starts_with("repatsim run file") &&
      h5::has_attr(file.get(), "schema_version");
  if (!ours)
    throw OutputError(
        "an HDF5 file, but not a repatsim run file (no conventions/schema_version attributes)");
  const auto version = h5::read_int_attr(file.get(), "schema_version");
  if (version != schema::kVersion)
    throw OutputError(fmt::format("schema version {}; this build of repatsim reads version {}",
                                  version, schema::kVersion));
  return file;
}

}  // namespace repatsim::detail
