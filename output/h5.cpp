#include "output/h5.hpp"

#include <fmt/format.h>

#include <hdf5_hl.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <numeric>

#include "output/run_file.hpp"

namespace repatsim::h5 {

namespace {

std::string shape_text(const std::vector<hsize_t>& dims) {
  return fmt::format("({})", fmt::join(dims, ", "));
}

std::string_view class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER:
      return "integer";
    case H5T_FLOAT:
      return "floating-point";
    case H5T_STRING:
      return "string";
    default:
      return "other";
  }
}

herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* err, void* out) {
  auto& text = *static_cast<std::string*>(out);
  if (err->desc != nullptr && err->desc[0] != '\0')
    text = err->desc;
  else if (err->func_name != nullptr)
    text = fmt::format("failure in {}", err->func_name);
  return 0;
}

// The creation property list for a dataset: chunked along the month axis in blocks of at most
// 64 KiB, shuffled and deflated; contiguous when empty or tiny (chunks would only add overhead).
Handle creation_properties(const std::vector<hsize_t>& dims, std::size_t element_size,
                           std::string_view name) {
  Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "creating dataset properties");
  // No creation/modification times in the object header: equal data gives equal bytes.
  check(H5Pset_obj_track_times(dcpl.get(), 0), "turning off object time stamps");
  const hsize_t count = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  constexpr hsize_t kTinyBytes = 1024;
  constexpr hsize_t kChunkBytes = 64 * 1024;
  if (count == 0 || count * element_size <= kTinyBytes) return dcpl;
  std::vector<hsize_t> chunk = dims;
  const hsize_t row_bytes = count / dims[0] * element_size;
  // As few chunks along `month` as fit the size, all of equal length (no mostly-empty last one).
  const hsize_t max_rows = std::clamp<hsize_t>(kChunkBytes / row_bytes, 1, dims[0]);
  const hsize_t chunks = (dims[0] + max_rows - 1) / max_rows;
  chunk[0] = (dims[0] + chunks - 1) / chunks;
  const std::string what = fmt::format("setting chunking and compression for {}", name);
  check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), what);
  check(H5Pset_shuffle(dcpl.get()), what);
  check(H5Pset_deflate(dcpl.get(), 4), what);
  return dcpl;
}

Handle write_numeric(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                     hid_t file_type, hid_t memory_type, std::size_t element_size, const void* data,
                     std::size_t count) {
  const hsize_t expected =
      std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (expected != count)
    throw OutputError(
        fmt::format("dataset {}: {} values for shape {}", name, count, shape_text(dims)));
  Handle space = checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose, fmt::format("creating the dataspace of {}", name));
  Handle dcpl = creation_properties(dims, element_size, name);
  Handle dataset =
      checked(H5Dcreate2(file, name, file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
              H5Dclose, fmt::format("creating dataset {}", name));
  if (count > 0)
    check(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, transfer_properties().get(), data),
          fmt::format("writing dataset {}", name));
  return dataset;
}

Handle open_dataset(hid_t file, const char* name) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) {
    take_error_message();
    throw OutputError(fmt::format("dataset {} is missing", name));
  }
  return checked(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose,
                 fmt::format("opening dataset {}", name));
}

// Deflate packs at most 1032 bytes into one (zlib's documented limit), so no dataset stored in B
// bytes holds more than 1032 B bytes of values.
constexpr hsize_t kMaxInflation = 1032;

// Refuses a shape that claims more data than the file stores for it, before memory is allocated:
// a damaged or forged file must be an OutputError, not std::bad_alloc (a `run` dataset claiming
// 10^12 values in an 11 KB file made `repatsim merge` abort). The stored size is the dataset's
// storage (0 where no chunk was ever written: our files always write their values) and at most
// the file's size; the product of the dims is checked for overflow on the way.
void check_claimed_size(hid_t dataset, const char* name, const std::vector<hsize_t>& dims,
                        std::size_t value_bytes) {
  hsize_t bytes = value_bytes;
  for (hsize_t extent : dims) {
    if (extent != 0 && bytes > std::numeric_limits<hsize_t>::max() / extent)
      throw OutputError(fmt::format("dataset {} has shape {}: too many values to count", name,
                                    shape_text(dims)));
    bytes *= extent;
  }
  if (bytes == 0) return;
  hsize_t stored = H5Dget_storage_size(dataset);
  const hid_t file = H5Iget_file_id(dataset);
  hsize_t file_bytes = 0;
  if (file < 0 || H5Fget_filesize(file, &file_bytes) < 0) file_bytes = 0;
  if (file >= 0) H5Fclose(file);  // releases only this reference to the open file
  take_error_message();
  stored = std::min(stored, file_bytes);
  if (bytes / kMaxInflation > stored)
    throw OutputError(fmt::format("dataset {} has shape {} ({} bytes of values) but stores {} "
                                  "bytes: the file is damaged",
                                  name, shape_text(dims), bytes, stored));
}

Handle open_checked_shape(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                          std::size_t value_bytes) {
  Handle dataset = open_dataset(file, name);
  const auto actual = shape_of(dataset.get());
  if (actual != dims)
    throw OutputError(fmt::format("dataset {} has shape {}, expected {}", name, shape_text(actual),
                                  shape_text(dims)));
  check_claimed_size(dataset.get(), name, dims, value_bytes);
  return dataset;
}

template <typename T>
std::vector<T> read_numeric(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                            hid_t memory_type, H5T_class_t expected_class) {
  Handle dataset = open_checked_shape(file, name, dims, sizeof(T));
  Handle stored =
      checked(H5Dget_type(dataset.get()), H5Tclose, fmt::format("reading dataset {}", name));
  if (H5Tget_class(stored.get()) != expected_class)
    throw OutputError(fmt::format("dataset {} holds {} values, expected {}", name,
                                  class_name(H5Tget_class(stored.get())),
                                  class_name(expected_class)));
  const hsize_t count = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  std::vector<T> values(count);
  if (count > 0)
    check(H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, transfer_properties().get(),
                  values.data()),
          fmt::format("reading dataset {}", name));
  return values;
}

Handle open_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) {
    take_error_message();
    throw OutputError(fmt::format("attribute {} is missing", name));
  }
  return checked(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose,
                 fmt::format("opening attribute {}", name));
}

template <typename T>
T read_scalar_attr(hid_t obj, const char* name, hid_t memory_type) {
  Handle attr = open_attr(obj, name);
  T value{};
  check(H5Aread(attr.get(), memory_type, &value),
        fmt::format("reading attribute {} as a number", name));
  return value;
}

template <typename T>
void write_scalar_attr(hid_t obj, const char* name, hid_t file_type, hid_t memory_type, T value) {
  const std::string what = fmt::format("writing attribute {}", name);
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, what);
  Handle attr = checked(H5Acreate2(obj, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose, what);
  check(H5Awrite(attr.get(), memory_type, &value), what);
  attr.close(what);
}

}  // namespace

void Handle::close(std::string_view what) {
  if (id_ < 0 || closer_ == nullptr) return;
  const herr_t status = closer_(std::exchange(id_, H5I_INVALID_HID));
  check(status, fmt::format("closing {}", what));
}

QuietErrors::QuietErrors() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

std::string take_error_message() {
  std::string text;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &text);
  H5Eclear2(H5E_DEFAULT);
  return text.empty() ? "unknown HDF5 error" : text;
}

hid_t check(hid_t id, std::string_view what) {
  if (id < 0) throw OutputError(fmt::format("{}: {}", what, take_error_message()));
  return id;
}

Handle checked(hid_t id, Handle::Closer closer, std::string_view what) {
  return Handle(check(id, what), closer);
}

Handle transfer_properties() {
  Handle dxpl = checked(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "creating transfer properties");
  check(H5Pset_buffer(dxpl.get(), 64 * 1024, nullptr, nullptr), "setting the conversion buffer");
  return dxpl;
}

Handle utf8_string_type() {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "creating a string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "creating a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "creating a string type");
  return type;
}

void write_attr(hid_t obj, const char* name, std::string_view value) {
  const std::string text(value);
  const char* pointer = text.c_str();
  Handle type = utf8_string_type();
  write_scalar_attr(obj, name, type.get(), type.get(), pointer);
}

void write_attr(hid_t obj, const char* name, std::int32_t value) {
  write_scalar_attr(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, value);
}

void write_attr(hid_t obj, const char* name, std::uint64_t value) {
  write_scalar_attr(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, value);
}

void write_attr(hid_t obj, const char* name, double value) {
  write_scalar_attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, value);
}

bool has_attr(hid_t obj, const char* name) {
  const htri_t exists = H5Aexists(obj, name);
  if (exists < 0) take_error_message();
  return exists > 0;
}

std::string read_string_attr(hid_t obj, const char* name) {
  Handle attr = open_attr(obj, name);
  Handle stored =
      checked(H5Aget_type(attr.get()), H5Tclose, fmt::format("reading attribute {}", name));
  if (H5Tget_class(stored.get()) != H5T_STRING)
    throw OutputError(fmt::format("attribute {} is not a string", name));
  if (H5Tis_variable_str(stored.get()) > 0) {
    Handle type = utf8_string_type();
    char* text = nullptr;
    check(H5Aread(attr.get(), type.get(), &text), fmt::format("reading attribute {}", name));
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  // Fixed-length strings (not ours, but harmless to accept): read the bytes, drop the padding.
  std::string value(H5Tget_size(stored.get()), '\0');
  check(H5Aread(attr.get(), stored.get(), value.data()), fmt::format("reading attribute {}", name));
  value.resize(std::min(value.size(), value.find('\0')));
  return value;
}

std::int64_t read_int_attr(hid_t obj, const char* name) {
  return read_scalar_attr<std::int64_t>(obj, name, H5T_NATIVE_INT64);
}

std::uint64_t read_uint_attr(hid_t obj, const char* name) {
  return read_scalar_attr<std::uint64_t>(obj, name, H5T_NATIVE_UINT64);
}

double read_double_attr(hid_t obj, const char* name) {
  return read_scalar_attr<double>(obj, name, H5T_NATIVE_DOUBLE);
}

Handle write_strings(hid_t file, const char* name, const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(v.c_str());
  Handle type = utf8_string_type();
  return write_numeric(file, name, {values.size()}, type.get(), type.get(), sizeof(char*),
                       pointers.data(), pointers.size());
}

Handle write_int32(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                   const std::vector<std::int32_t>& values) {
  return write_numeric(file, name, dims, H5T_STD_I32LE, H5T_NATIVE_INT32, sizeof(std::int32_t),
                       values.data(), values.size());
}

Handle write_int64(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                   const std::vector<std::int64_t>& values) {
  return write_numeric(file, name, dims, H5T_STD_I64LE, H5T_NATIVE_INT64, sizeof(std::int64_t),
                       values.data(), values.size());
}

Handle write_float64(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                     const std::vector<double>& values) {
  return write_numeric(file, name, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, sizeof(double),
                       values.data(), values.size());
}

Handle write_uint8(hid_t file, const char* name, const std::vector<std::uint8_t>& values) {
  return write_numeric(file, name, {values.size()}, H5T_STD_U8LE, H5T_NATIVE_UINT8,
                       sizeof(std::uint8_t), values.data(), values.size());
}

Handle write_int16(hid_t file, const char* name, const std::vector<std::int16_t>& values) {
  return write_numeric(file, name, {values.size()}, H5T_STD_I16LE, H5T_NATIVE_INT16,
                       sizeof(std::int16_t), values.data(), values.size());
}

Handle write_uint32(hid_t file, const char* name, const std::vector<std::uint32_t>& values) {
  return write_numeric(file, name, {values.size()}, H5T_STD_U32LE, H5T_NATIVE_UINT32,
                       sizeof(std::uint32_t), values.data(), values.size());
}

std::vector<std::string> read_strings(hid_t file, const char* name, hsize_t length) {
  Handle dataset = open_checked_shape(file, name, {length}, sizeof(char*));
  Handle stored =
      checked(H5Dget_type(dataset.get()), H5Tclose, fmt::format("reading dataset {}", name));
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0)
    throw OutputError(fmt::format("dataset {} does not hold variable-length strings", name));
  std::vector<std::string> values;
  if (length == 0) return values;
  Handle type = utf8_string_type();
  std::vector<char*> pointers(length, nullptr);
  check(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, transfer_properties().get(),
                pointers.data()),
        fmt::format("reading dataset {}", name));
  values.reserve(length);
  for (const char* p : pointers) values.emplace_back(p != nullptr ? p : "");
  Handle space =
      checked(H5Dget_space(dataset.get()), H5Sclose, fmt::format("reading dataset {}", name));
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, pointers.data());
  return values;
}

std::vector<std::int64_t> read_int64(hid_t file, const char* name,
                                     const std::vector<hsize_t>& dims) {
  return read_numeric<std::int64_t>(file, name, dims, H5T_NATIVE_INT64, H5T_INTEGER);
}

std::vector<double> read_float64(hid_t file, const char* name, const std::vector<hsize_t>& dims) {
  return read_numeric<double>(file, name, dims, H5T_NATIVE_DOUBLE, H5T_FLOAT);
}

std::vector<std::uint8_t> read_uint8(hid_t file, const char* name, hsize_t length) {
  return read_numeric<std::uint8_t>(file, name, {length}, H5T_NATIVE_UINT8, H5T_INTEGER);
}

std::vector<std::int16_t> read_int16(hid_t file, const char* name, hsize_t length) {
  return read_numeric<std::int16_t>(file, name, {length}, H5T_NATIVE_INT16, H5T_INTEGER);
}

std::vector<std::uint32_t> read_uint32(hid_t file, const char* name, hsize_t length) {
  return read_numeric<std::uint32_t>(file, name, {length}, H5T_NATIVE_UINT32, H5T_INTEGER);
}

std::vector<hsize_t> shape_of(hid_t dataset) {
  Handle space = checked(H5Dget_space(dataset), H5Sclose, "reading a dataspace");
  const auto rank = static_cast<int>(
      check(H5Sget_simple_extent_ndims(space.get()), "reading a dataspace's rank"));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr),
        "reading a dataspace's shape");
  return dims;
}

void describe(hid_t dataset, std::string_view units, std::string_view long_name) {
  if (!units.empty()) write_attr(dataset, "units", units);
  write_attr(dataset, "long_name", long_name);
}

void attach_scale(hid_t dataset, const Handle& scale, unsigned axis, std::string_view name) {
  const std::string what = fmt::format("attaching a dimension scale to {}", name);
  check(H5DSattach_scale(dataset, scale.get(), axis), what);
  char dim[64] = {};
  check(H5DSget_scale_name(scale.get(), dim, sizeof dim), what);
  check(H5DSset_label(dataset, axis, dim), what);
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace repatsim::h5
