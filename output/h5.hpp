// Small RAII and error helpers over the HDF5 C API, shared by the writer, the reader and the
// summary. PRIVATE to output/: only output/*.cpp include this header (it pulls in hdf5.h, which
// no other layer may see).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace repatsim::h5 {

// Owns one HDF5 identifier. The destructor closes quietly (it runs while unwinding); close()
// reports failure, which matters for datasets and files, where buffered data reaches the disk.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept { *this = std::move(other); }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  // Closes now and throws OutputError naming `what` if HDF5 reports a failure.
  void close(std::string_view what);

 private:
  void reset() {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Turns off HDF5's printing of its error stack for the lifetime of the object (our errors carry
// the message instead), restoring whatever the process had before.
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

// The innermost message on HDF5's error stack (it names the cause, e.g. an errno), then clears it.
std::string take_error_message();

// Throws OutputError("<what>: <HDF5's message>") when an HDF5 call returned a negative value.
hid_t check(hid_t id, std::string_view what);
Handle checked(hid_t id, Handle::Closer closer, std::string_view what);

// A variable-length UTF-8 string type (h5py and xarray then give str, not bytes).
Handle utf8_string_type();

// Transfer properties for H5Dread and H5Dwrite with a type-conversion buffer of 64 KiB instead of
// the default 1 MiB: HDF5 1.10 allocates and zeroes that buffer on every read and write, even
// where the types need no conversion (all our writes); zeroing 1 MiB took longer than writing
// most of our datasets. Larger conversions are done in pieces of the buffer's size.
Handle transfer_properties();

// Root and dataset attributes.
void write_attr(hid_t obj, const char* name, std::string_view value);
void write_attr(hid_t obj, const char* name, std::int32_t value);
void write_attr(hid_t obj, const char* name, std::uint64_t value);
void write_attr(hid_t obj, const char* name, double value);
bool has_attr(hid_t obj, const char* name);
std::string read_string_attr(hid_t obj, const char* name);
std::int64_t read_int_attr(hid_t obj, const char* name);
std::uint64_t read_uint_attr(hid_t obj, const char* name);
double read_double_attr(hid_t obj, const char* name);

// Datasets (created without time stamps, so that equal data gives equal bytes). Numeric data of more than a few values is chunked with shuffle + deflate; empty
// datasets stay contiguous (a chunk may not have a zero extent).
Handle write_strings(hid_t file, const char* name, const std::vector<std::string>& values);
Handle write_int32(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                   const std::vector<std::int32_t>& values);
Handle write_int64(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                   const std::vector<std::int64_t>& values);
Handle write_float64(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                     const std::vector<double>& values);
// 1-D integer columns of the worker table (per-agent snapshots), stored in their own width.
Handle write_uint8(hid_t file, const char* name, const std::vector<std::uint8_t>& values);
Handle write_int16(hid_t file, const char* name, const std::vector<std::int16_t>& values);
Handle write_uint32(hid_t file, const char* name, const std::vector<std::uint32_t>& values);

// Reads a whole dataset, checking that its shape is `dims`; OutputError names the dataset and
// both shapes otherwise.
std::vector<std::string> read_strings(hid_t file, const char* name, hsize_t length);
std::vector<std::int64_t> read_int64(hid_t file, const char* name,
                                     const std::vector<hsize_t>& dims);
std::vector<double> read_float64(hid_t file, const char* name, const std::vector<hsize_t>& dims);
std::vector<std::uint8_t> read_uint8(hid_t file, const char* name, hsize_t length);
std::vector<std::int16_t> read_int16(hid_t file, const char* name, hsize_t length);
std::vector<std::uint32_t> read_uint32(hid_t file, const char* name, hsize_t length);

// The shape of a dataset's dataspace.
std::vector<hsize_t> shape_of(hid_t dataset);

// Metadata every data variable carries: `units` (left out when empty) and `long_name`.
void describe(hid_t dataset, std::string_view units, std::string_view long_name);

// Attaches a dimension scale to an axis and labels the axis with the dimension's name (what
// h5py shows as `dims[axis].label`).
void attach_scale(hid_t dataset, const Handle& scale, unsigned axis, std::string_view name);

// The current time as ISO 8601 UTC ("2026-11-28T07:52:03Z"), for `created` attributes.
std::string utc_now_iso8601();

}  // namespace repatsim::h5
