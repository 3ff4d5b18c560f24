// Hand-made run records for the output tests: any size, deterministic, with stocks that obey the
// stock-flow identity (stock[t] = stock[t-1] + in[t] - out[t]) and money with odd cents, so a
// round trip and the pytest's identity check both have something to catch.
#pragma once

#include <cstdint>

#include "output/run_file.hpp"
#include "sim/records.hpp"

namespace repatsim::testing {

struct SyntheticShape {
  int hosts = 3;
  int routes = 2;
  int months = 5;
  bool with_reports = true;  // each host files a midterm (second month) and a final (last month)
  std::uint64_t seed = 20171222;  // the day resolution 2397 was adopted
};

RunRecords make_synthetic_run(const SyntheticShape& shape);
RunMetadata make_synthetic_metadata();

}  // namespace repatsim::testing
