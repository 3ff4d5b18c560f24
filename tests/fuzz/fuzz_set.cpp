// libFuzzer target: --set arguments (one a line) on scenarios/small.yaml (tests/fuzz/entry_points.hpp).
#include "tests/fuzz/entry_points.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  repatsim::fuzz::set_base_scenario(REPATSIM_BASE_SCENARIO);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  repatsim::fuzz::set_overrides({reinterpret_cast<const char*>(data), size});
  return 0;
}
