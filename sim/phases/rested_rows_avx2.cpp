// The search for rested returnees of rested_rows.hpp with AVX2 vector instructions: 32 rows a
// step, the status bytes in one vector and the home steps in two; blocks with no row at home
// (runs of rows abroad) cost one comparison. This file alone is compiled with -mavx2 and
// includes no engine header; best_rested_rows() calls it only where the CPU has AVX2. It finds
// exactly the rows rested_rows_scalar() finds (tests/sim/test_rested_rows.cpp).
#include <immintrin.h>

#include <bit>

#include "sim/phases/avx2_rows.hpp"
#include "sim/phases/rested_rows.hpp"
#include "sim/phases/settle_filter.hpp"

namespace repatsim {

std::size_t rested_rows_avx2(const std::uint8_t* status, const std::int16_t* expiry,
                             std::size_t begin, std::size_t end, std::uint8_t home,
                             std::int16_t home_by, std::size_t most, std::uint32_t* out) {
  const __m256i home_bytes = _mm256_set1_epi8(static_cast<char>(home));
  const __m256i by = _mm256_set1_epi16(home_by);
  std::size_t kept = 0, i = begin;
  for (; i + 32 <= end && kept < most; i += 32) {
    const auto at_home = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(avx2::load(status + i), home_bytes)));
    if (at_home == 0) continue;
    const __m256i later =
        avx2::rows_in_order(_mm256_cmpgt_epi16(avx2::load(expiry + i), by),
                            _mm256_cmpgt_epi16(avx2::load(expiry + i + 16), by));
    std::uint32_t rested = at_home & ~static_cast<std::uint32_t>(_mm256_movemask_epi8(later));
    // The block may hold more than are still wanted: keep its lowest most - kept.
    const std::size_t wanted = most - kept;
    if (static_cast<std::size_t>(std::popcount(rested)) > wanted) {
      std::uint32_t lowest = 0;
      for (std::size_t k = 0; k < wanted; ++k, rested &= rested - 1)
        lowest |= rested & (~rested + 1);  // its lowest set bit
      rested = lowest;
    }
    // Writes 32 rows from out + kept (kept < most: within the room of most + 32).
    kept += list_rows_avx2(i, 1, &rested, out + kept);
  }
  for (; i < end && kept < most; ++i)  // the last rows of the range
    if (status[i] == home && expiry[i] <= home_by) out[kept++] = static_cast<std::uint32_t>(i);
  return kept;
}

}  // namespace repatsim
