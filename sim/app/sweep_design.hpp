// The points of a sweep and the seeds of its runs (README.md, "Sweeps"). Every number is a pure
// function of the sweep file: the same file gives the same points and seeds in any process, on
// any shard, whatever the thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/sweep_file.hpp"

namespace repatsim::app {

// A point: for each parameter, the value as a `--set` value and as a number (NaN when the
// parameter's values are not numbers).
struct SweepPointValues {
  std::vector<std::string> text;
  std::vector<double> number;
};

// Points in [0, 1)^dims: random and latin_hypercube draw from Philox keyed by (master seed,
// point, parameter); sobol is boost::random::sobol's sequence from its first point. Not for grid.
std::vector<std::vector<double>> unit_samples(SweepDesign design, std::int64_t points, int dims,
                                              std::uint64_t seed);

// The index-th point of boost::random::sobol's sequence in `dims` dimensions, in [0, 1)^dims.
std::vector<double> sobol_point(std::uint64_t index, int dims);

// Every point of the sweep, in order (grid: the first parameter varies slowest).
std::vector<SweepPointValues> design_points(const SweepSpec& spec);

// The seed of run (point, replicate): a Philox hash of (master seed, point, replicate).
std::uint64_t run_seed(std::uint64_t master_seed, std::int64_t point, std::int64_t replicate);

// Uniform in [0, 1) from Philox keyed by the master seed; `tag` separates the uses.
double hashed_uniform(std::uint64_t master_seed, std::uint32_t tag, std::uint64_t a,
                      std::uint64_t b);

}  // namespace repatsim::app
