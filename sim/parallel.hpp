// Parallel compute, serial commit. Rows are cut into fixed chunks (independent of the thread
// count); the chunks run in any order on any thread, each writing only its own tally, and the
// tallies are merged in chunk order. Tallies of integer sums only may instead be kept one per
// thread and added up (for_each_range_summed): integer sums are the same in any order and any
// split. Results therefore never depend on scheduling. Every parallel loop of the engine goes
// through for_each_range below.
#pragma once

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace repatsim {

inline constexpr std::size_t kChunkRows = std::size_t{1} << 14;

inline std::size_t chunk_count(std::size_t rows) { return (rows + kChunkRows - 1) / kChunkRows; }

// Calls body(begin, end) on consecutive ranges of `chunk` indices covering [0, n), in parallel.
template <typename Body>
void for_each_range(std::size_t n, std::size_t chunk, Body&& body) {
  const std::size_t chunks = (n + chunk - 1) / chunk;
  auto run = [&](std::size_t c) { body(c * chunk, std::min(n, (c + 1) * chunk)); };
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer cannot see the synchronisation inside libtbb (it is not instrumented) and
  // reports TBB's own task recycling as races. Under TSan the same bodies run on plain
  // std::threads, whose hand-offs it follows, so what it checks is our code's sharing.
  const auto threads =
      static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t c; (c = next.fetch_add(1)) < chunks;) run(c);
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min(threads, chunks); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
#else
  tbb::parallel_for(std::size_t{0}, chunks, run);
#endif
}

// Calls body(begin, end, tally) for each chunk of rows with a fresh copy of `zero` as its tally;
// returns the tallies in chunk order.
template <typename Tally, typename Body>
std::vector<Tally> for_each_chunk(std::size_t rows, const Tally& zero, Body&& body) {
  std::vector<Tally> tallies(chunk_count(rows), zero);
  for_each_range(rows, kChunkRows, [&](std::size_t begin, std::size_t end) {
    body(begin, end, tallies[begin / kChunkRows]);
  });
  return tallies;
}

// Calls body(begin, end, tally) like for_each_range, with the tally of the calling thread, then
// adds every thread's tally into `total` (Tally(hosts) is zero; merge adds). Only for tallies
// that are integer sums (Ledger), whose total is then the same on any number of threads: one
// tally per thread instead of one per chunk spares the allocation and merge of a tally for
// every chunk (a table of 10^7 rows has 610 chunks).
template <typename Tally, typename Body>
void for_each_range_summed(std::size_t n, std::size_t chunk, Tally& total, Body&& body) {
  tbb::enumerable_thread_specific<Tally> tallies([&] { return Tally(total.hosts); });
  for_each_range(n, chunk,
                 [&](std::size_t begin, std::size_t end) { body(begin, end, tallies.local()); });
  tallies.combine_each([&](const Tally& t) { total.merge(t); });
}

}  // namespace repatsim
