// Months until an event of constant monthly probability p, counting from 0, exactly as
// Draws::geometric(k, p, log_q) gives them (floor(log(u) / log_q), u = 1 - word / 2^32), read
// from a table by the draw's top bits instead of computed with a logarithm and a division: the
// permits' lengths (permit_end in worker_attributes.hpp) took about 7 % of a run at 10^7
// workers.
//
// The table is exact. It cuts the draws into 4096 ranges of consecutive words; within most of
// them the number of months does not change (for permits of 12 to 36 months on average, in
// 95-98 % of the ranges). A range's entry is set only where the numbers computed at its two
// ends fall in the same interval [n, n + 1), each farther from its ends than the rounding of the
// logarithm and the division can move a number (glibc's log errs by less than one unit in the
// last place). As the exact log(u) / log_q rises with the word, every word in between then
// gives n too. The other ranges hold -1, and their draws are computed as before.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/rng.hpp"

namespace repatsim {

class GeometricTable {
 public:
  static constexpr int kRangeBits = 12;
  static constexpr int kShift = 32 - kRangeBits;

  // A table that leaves every draw to compute, for p = 0 (no event: 2^30 months).
  GeometricTable() : months_(std::size_t{1} << kRangeBits, -1) {}

  // For probability p in (0, 1] and log_q = std::log1p(-p).
  GeometricTable(double p, double log_q) : GeometricTable() {
    p_ = p;
    log_q_ = log_q;
    if (!(p > 0 && p < 1)) return;  // Draws::geometric needs no logarithm there
    for (std::uint32_t range = 0; range < months_.size(); ++range) {
      const std::uint32_t first = range << kShift, last = first | ((1u << kShift) - 1);
      const double low = Draws::geometric_ratio(first, log_q),
                   high = Draws::geometric_ratio(last, log_q);  // low <= high
      const double n = std::floor(low);
      // Rounding moves a computed ratio by at most 2^-52 of it (log, then division); the
      // margin is a thousand times that.
      const double margin = 0x1p-42 * (std::fabs(high) + 1);
      if (low - n >= margin && n + 1 - high >= margin && n <= INT16_MAX)
        months_[range] = static_cast<std::int16_t>(n);
    }
  }

  // Draws::geometric(k, p, log_q) for the draw's word `word` (Draws::word(k)).
  int months(std::uint32_t word) const {
    const std::int16_t n = months_[word >> kShift];
    return n >= 0 ? n : Draws::geometric_of(word, p_, log_q_);
  }

  // Whether the range of `word` is in the table (its draws need no logarithm).
  bool in_table(std::uint32_t word) const { return months_[word >> kShift] >= 0; }

 private:
  double p_ = 0, log_q_ = 0;
  std::vector<std::int16_t> months_;  // [word >> kShift] the months, or -1: computed
};

}  // namespace repatsim
