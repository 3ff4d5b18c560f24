// Parallel compute, serial commit. Rows are cut into fixed chunks (independent of the thread
// count); TBB runs the chunks in any order on any thread, each writing only its own tally, and
// the tallies are merged in chunk order. Results therefore never depend on scheduling.
#pragma once

#include <tbb/parallel_for.h>

#include <cstddef>
#include <vector>

namespace repatsim {

inline constexpr std::size_t kChunkRows = std::size_t{1} << 14;

inline std::size_t chunk_count(std::size_t rows) { return (rows + kChunkRows - 1) / kChunkRows; }

// Calls body(begin, end, tally) for each chunk with a fresh copy of `zero` as its tally; returns
// the tallies in chunk order.
template <typename Tally, typename Body>
std::vector<Tally> for_each_chunk(std::size_t rows, const Tally& zero, Body&& body) {
  const std::size_t chunks = chunk_count(rows);
  std::vector<Tally> tallies(chunks, zero);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    const std::size_t begin = c * kChunkRows;
    const std::size_t end = begin + kChunkRows < rows ? begin + kChunkRows : rows;
    body(begin, end, tallies[c]);
  });
  return tallies;
}

// for_each_chunk, then each chunk tally merged into `total` in chunk order.
template <typename Tally, typename Body>
void for_each_chunk_merged(std::size_t rows, Tally& total, Body&& body) {
  const Tally zero(total.hosts);
  for (const Tally& t : for_each_chunk(rows, zero, body)) total.merge(t);
}

}  // namespace repatsim
