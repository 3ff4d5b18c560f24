// libFuzzer target: a run file's bytes, read as by `repatsim info` (tests/fuzz/entry_points.hpp).
#include "tests/fuzz/entry_points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  repatsim::fuzz::run_file_bytes({reinterpret_cast<const char*>(data), size});
  return 0;
}
