// The even employers of a host's sector (HostState::even_employers), which pick_employer
// (worker_attributes.hpp) finds by arithmetic.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace repatsim {

// A sector's first employers when they have one integer weight and consecutive rows, as the
// employers build_state generates for a host's sector do (listed employers follow them): among
// those pick_employer finds the employer by arithmetic, reading no weight, guide or row. At 10^7
// workers those were three cache misses an arrival, each waiting for the one before.
struct EvenEmployers {
  std::uint32_t count = 0;      // how many (0: none; pick_employer then searches the weights)
  std::uint32_t first_row = 0;  // the first one's row; the others' follow it
  double weight = 0;            // each one's weight, an integer
  double total = 0;             // count * weight: their cumulative weight, exactly
  double inverse = 0;           // 1 / weight, rounded: x * inverse is a first guess at x / weight
};

// The longest such run at the start of `rows` and their cumulative weights `cum`. The weight is
// an integer below 2^20 and the run shorter than 2^31, so every (k + 1) * weight is exact and
// equals cum[k] (checked here), and pick_employer's arithmetic finds what a search of cum finds.
inline EvenEmployers even_employers(const std::vector<std::uint32_t>& rows,
                                    const std::vector<double>& cum) {
  EvenEmployers even;
  if (cum.empty() || rows.size() != cum.size()) return even;
  const double weight = cum[0];
  if (!(weight >= 1 && weight < 0x1p20 && weight == std::floor(weight))) return even;
  std::size_t n = 0;
  while (n < cum.size() && n < (std::size_t{1} << 31) &&
         cum[n] == static_cast<double>(n + 1) * weight && rows[n] == rows[0] + n)
    ++n;
  even.count = static_cast<std::uint32_t>(n);
  even.first_row = rows[0];
  even.weight = weight;
  even.total = static_cast<double>(n) * weight;
  even.inverse = 1.0 / weight;
  return even;
}

}  // namespace repatsim
