#include "sim/app/sweep_design.hpp"

#include <Random123/philox.h>
#include <boost/random/sobol.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace repatsim::app {

namespace {

enum Tag : std::uint32_t { kRunSeed = 0x5eed, kSample = 0x5a3b, kPermute = 0x9e37 };

r123::Philox4x32::ctr_type philox(std::uint64_t seed, std::uint32_t tag, std::uint64_t a,
                                  std::uint64_t b) {
  const r123::Philox4x32::key_type key{{static_cast<std::uint32_t>(seed),
                                        static_cast<std::uint32_t>(seed >> 32)}};
  // a and b get 48 and 32 bits; the tag takes the rest (sweeps stay far below these sizes).
  const r123::Philox4x32::ctr_type ctr{{static_cast<std::uint32_t>(a),
                                        static_cast<std::uint32_t>(a >> 32) ^ (tag << 16),
                                        static_cast<std::uint32_t>(b),
                                        static_cast<std::uint32_t>(b >> 32) ^ tag}};
  return r123::Philox4x32()(ctr, key);
}

std::string number_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return fmt::format("{}", static_cast<std::int64_t>(value));
  return fmt::format("{}", value);
}

}  // namespace

std::vector<double> sobol_point(std::uint64_t index, int dims) {
  boost::random::sobol engine(static_cast<std::size_t>(dims));
  engine.seed(index);  // the index-th point of the sequence (0: boost's first)
  const double span = static_cast<double>(engine.max() - engine.min()) + 1.0;
  std::vector<double> x(static_cast<std::size_t>(dims));
  for (double& v : x)
    v = std::min(static_cast<double>(engine() - engine.min()) / span, std::nextafter(1.0, 0.0));
  return x;
}

std::uint64_t run_seed(std::uint64_t master_seed, std::int64_t point, std::int64_t replicate) {
  const auto out = philox(master_seed, kRunSeed, static_cast<std::uint64_t>(point),
                          static_cast<std::uint64_t>(replicate));
  // Kept below 2^63 so that the seed reads back as a YAML integer everywhere.
  return ((static_cast<std::uint64_t>(out.v[0]) << 32) | out.v[1]) >> 1;
}

double hashed_uniform(std::uint64_t master_seed, std::uint32_t tag, std::uint64_t a,
                      std::uint64_t b) {
  const auto out = philox(master_seed, tag, a, b);
  // 53 random bits: a double in [0, 1).
  const std::uint64_t bits = ((static_cast<std::uint64_t>(out.v[0]) << 32) | out.v[1]) >> 11;
  return static_cast<double>(bits) * 0x1p-53;
}

std::vector<std::vector<double>> unit_samples(SweepDesign design, std::int64_t points, int dims,
                                              std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(points);
  const auto d = static_cast<std::size_t>(dims);
  std::vector<std::vector<double>> u(n, std::vector<double>(d, 0.0));
  switch (design) {
    case SweepDesign::grid:
      break;
    case SweepDesign::random:
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) u[i][j] = hashed_uniform(seed, kSample, i, j);
      break;
    case SweepDesign::latin_hypercube:
      // Per parameter, a permutation of the n strata (points ordered by a hash keyed by
      // (seed, parameter, point)), and a hashed position inside each point's stratum.
      for (std::size_t j = 0; j < d; ++j) {
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::vector<double> key(n);
        for (std::size_t i = 0; i < n; ++i) key[i] = hashed_uniform(seed, kPermute, j, i);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
        for (std::size_t stratum = 0; stratum < n; ++stratum) {
          const std::size_t i = order[stratum];
          const double x = (static_cast<double>(stratum) + hashed_uniform(seed, kSample, i, j)) /
                           static_cast<double>(n);
          u[i][j] = std::min(x, std::nextafter(1.0, 0.0));
        }
      }
      break;
    case SweepDesign::sobol: {
      for (std::size_t i = 0; i < n; ++i) {
        const auto x = sobol_point(static_cast<std::uint64_t>(i), dims);
        for (std::size_t j = 0; j < d; ++j) u[i][j] = x[j];
      }
      break;
    }
  }
  return u;
}

std::vector<SweepPointValues> design_points(const SweepSpec& spec) {
  const std::size_t dims = spec.parameters.size();
  const auto n = static_cast<std::size_t>(spec.points);
  std::vector<SweepPointValues> points(n);
  for (auto& p : points) {
    p.text.resize(dims);
    p.number.assign(dims, std::numeric_limits<double>::quiet_NaN());
  }
  const auto pick = [&](SweepPointValues& point, std::size_t j, std::size_t value) {
    const SweepParameter& param = spec.parameters[j];
    point.text[j] = param.values[value];
    if (param.numeric) point.number[j] = param.numbers[value];
  };
  if (spec.design == SweepDesign::grid) {
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t rest = i;
      for (std::size_t j = dims; j-- > 0;) {
        const std::size_t size = spec.parameters[j].values.size();
        pick(points[i], j, rest % size);
        rest /= size;
      }
    }
    return points;
  }
  const auto u = unit_samples(spec.design, spec.points, static_cast<int>(dims), spec.seed);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < dims; ++j) {
      const SweepParameter& param = spec.parameters[j];
      if (!param.has_range) {  // a list under a sampling design: one of its values
        const std::size_t size = param.values.size();
        pick(points[i], j, std::min(size - 1, static_cast<std::size_t>(u[i][j] * static_cast<double>(size))));
        continue;
      }
      double x = param.low + u[i][j] * (param.high - param.low);
      if (param.integer) x = std::clamp(std::floor(x + 0.5), std::ceil(param.low), std::floor(param.high));
      points[i].number[j] = x;
      points[i].text[j] = number_text(x);
    }
  return points;
}

}  // namespace repatsim::app
