// The portable search for rested returnees and the choice of form (rested_rows.hpp).
#include "sim/phases/rested_rows.hpp"

#include <bit>
#include <cstring>

#include "sim/cpu.hpp"

namespace repatsim {

namespace {
// Bit 8 j + 7 set where byte j of `bytes` equals `value`, the others 0. Exact for every byte: the
// sum (x & 0x7F) + 0x7F of each byte stays within the byte, so no carry reaches the next one.
constexpr std::uint64_t bytes_equal(std::uint64_t bytes, std::uint8_t value) {
  constexpr std::uint64_t ones = 0x0101010101010101u, low7 = 0x7F7F7F7F7F7F7F7Fu;
  const std::uint64_t x = bytes ^ (ones * value);  // bytes equal to value are 0
  return ~(((x & low7) + low7) | x | low7);
}
static_assert(bytes_equal(0x0700070807000000u, 7) == 0x8000800080000000u);
static_assert(bytes_equal(0x8000FF7F01000000u, 0) == 0x0080000000808080u);
}  // namespace

std::size_t rested_rows_scalar(const std::uint8_t* status, const std::int16_t* expiry,
                               std::size_t begin, std::size_t end, std::uint8_t home,
                               std::int16_t home_by, std::size_t most, std::uint32_t* out) {
  std::size_t kept = 0;
  // Each row at home is written to the next slot, and kept if rested.
  auto take_if_rested = [&](std::size_t i) {
    out[kept] = static_cast<std::uint32_t>(i);
    kept += expiry[i] <= home_by ? 1 : 0;
  };
  // memchr jumps to the next row at home, so long runs of rows abroad cost almost nothing; from
  // there, words of eight status bytes while they hold a row at home, so dense runs of rows at
  // home cost a few instructions each, not a call. The rows found and their order are those of
  // a row-by-row scan.
  std::size_t i = begin;
  while (i < end && kept < most) {
    const void* next = std::memchr(status + i, home, end - i);
    if (next == nullptr) break;
    i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(next) - status);
    if constexpr (std::endian::native == std::endian::little) {  // byte j: row i + j
      std::uint64_t at_home = 1;
      for (; i + 8 <= end && kept < most && at_home != 0; i += 8) {
        std::uint64_t statuses;
        std::memcpy(&statuses, status + i, 8);
        at_home = bytes_equal(statuses, home);
        for (std::uint64_t m = at_home; m != 0 && kept < most; m &= m - 1)
          take_if_rested(i + static_cast<std::size_t>(std::countr_zero(m)) / 8);
      }
      if (i + 8 > end)  // the last rows of the range
        for (; i < end && kept < most; ++i)
          if (status[i] == home) take_if_rested(i);
    } else {
      take_if_rested(i++);
    }
  }
  return kept;
}

RestedRows best_rested_rows() {
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) return rested_rows_avx2;
#endif
  return rested_rows_scalar;
}

}  // namespace repatsim
