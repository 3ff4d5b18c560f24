// Phase 3's search for rested returnees (dispatch.cpp): the rows of a range whose status byte
// says "at home" and whose expiry column (for a returnee, the step they came home) is at most a
// given step, lowest rows first. Arrivals take these rows before new ones. In the later years of
// a run most of the table is at home, and rows still resting are passed over month after month,
// so the search reads two columns of long runs of rows at home; the vector form tests 32 rows a
// step without a branch per row.
//
// Like settle_filter.hpp, this header includes no engine header: rested_rows_avx2.cpp is
// compiled for AVX2, and any inline engine function it instantiated could replace the portable
// copy in the whole program.
#pragma once

#include <cstddef>
#include <cstdint>

namespace repatsim {

// Writes to out, rising, the first `most` rows i in [begin, end) with status[i] == home and
// expiry[i] <= home_by (fewer if the range holds fewer), and returns how many it wrote. out must
// have room for most + 32 rows: the vector form writes whole groups of eight past the last.
using RestedRows = std::size_t (*)(const std::uint8_t* status, const std::int16_t* expiry,
                                   std::size_t begin, std::size_t end, std::uint8_t home,
                                   std::int16_t home_by, std::size_t most, std::uint32_t* out);

// The portable search: memchr to the next row at home, then words of eight status bytes.
std::size_t rested_rows_scalar(const std::uint8_t* status, const std::int16_t* expiry,
                               std::size_t begin, std::size_t end, std::uint8_t home,
                               std::int16_t home_by, std::size_t most, std::uint32_t* out);

#if defined(REPATSIM_AVX2_KERNELS)
// The vector search, 32 rows a step; call only where the CPU has AVX2.
std::size_t rested_rows_avx2(const std::uint8_t* status, const std::int16_t* expiry,
                             std::size_t begin, std::size_t end, std::uint8_t home,
                             std::int16_t home_by, std::size_t most, std::uint32_t* out);
#endif

// The fastest search this build and CPU offer; both find the same rows.
RestedRows best_rested_rows();

}  // namespace repatsim
