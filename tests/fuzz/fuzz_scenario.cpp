// libFuzzer target: a scenario's YAML text (tests/fuzz/entry_points.hpp).
#include "tests/fuzz/entry_points.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  repatsim::fuzz::scenario_text({reinterpret_cast<const char*>(data), size});
  return 0;
}
