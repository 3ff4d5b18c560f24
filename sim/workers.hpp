// The worker table: one row per person ever sent abroad, as structure-of-arrays, 16 bytes a row.
// A row's index is the worker's stable id: rows are never reordered or removed (a repatriated
// worker keeps its row and may be dispatched again), so ids and rows coincide by construction.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/types.hpp"

namespace repatsim {

// Flag bits of WorkerTable::flags.
namespace worker_flag {
inline constexpr std::uint8_t minder = 1;            // safety oversight attaché (covered by 2397)
inline constexpr std::uint8_t host_national = 2;     // host finds them its national: exempt
inline constexpr std::uint8_t barred_by_law = 4;     // repatriation barred by law: exempt
inline constexpr std::uint8_t transfer_pending = 8;  // employer passes them to another host
}  // namespace worker_flag

inline constexpr std::int16_t kNoExpiry = INT16_MAX;

// Columns of at least this many bytes start on a 2 MB boundary and ask Linux for transparent
// huge pages (2 MB pages; where THP is set to "madvise", as on Debian 12, only memory that asks
// gets them). The rules visit rows scattered through the table, and with 4 KB pages nearly every
// such visit in a 10^7-row table also missed the TLB, which covers some 16 MB of 4 KB pages; a
// table of 2 MB pages fits in it. Fewer, larger pages also mean fewer page faults as it fills.
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Huge-page-aligned memory for `bytes` (at least kHugePageBytes), marked for huge pages; the
// mark is a hint, and where the kernel refuses it the memory works as any other.
void* allocate_huge_pages(std::size_t bytes);

// std::allocator, except that elements made without a value are left as the memory holds them
// (default-initialized) instead of zeroed, so that growing a column for rows about to be
// written costs no pass over it (WorkerTable::resize still zeroes; resize_for_overwrite does
// not), and that large columns are placed on huge pages (allocate_huge_pages).
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    if (n * sizeof(T) < kHugePageBytes) return std::allocator<T>::allocate(n);
    return static_cast<T*>(allocate_huge_pages(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kHugePageBytes)
      std::allocator<T>::deallocate(p, n);
    else
      std::free(p);
  }
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// A column of the worker table.
template <typename T>
using Column = std::vector<T, UninitializedAllocator<T>>;

// Raw pointers to the columns, for the hot loops. Copy it into a local variable inside the loop
// body: stores through the byte-sized columns may alias any memory, so pointers read from the
// table (or through a lambda capture) would be reloaded on every row, while a local copy stays in
// registers.
template <template <typename> class Ptr>
struct ColumnsOf {
  Ptr<Status> status;
  Ptr<std::uint8_t> host;
  Ptr<Sector> sector;
  Ptr<std::uint8_t> flags;
  Ptr<std::int16_t> expiry;
  Ptr<std::int16_t> arrived;
  Ptr<std::uint32_t> wage_cents;
  Ptr<std::uint32_t> employer;
};
template <typename T>
using MutablePtr = T*;
template <typename T>
using ConstPtr = const T*;
using WorkerColumns = ColumnsOf<MutablePtr>;
using ConstWorkerColumns = ColumnsOf<ConstPtr>;

// Asks the CPU to bring every column of row i into the cache ahead of use (a hint, no effect on
// results), for loops over rows scattered through a table much larger than the cache: phase 7's
// queued rows and the rows that arrivals reuse. Each column is a separate array, so a row read
// cold costs one cache miss per column; fetching a few rows ahead overlaps those misses.
// Always inlined: GCC finds that a call to a function that only prefetches has no effect and
// deletes it before inlining it (GCC 12, -O1 and above).
template <template <typename> class Ptr>
[[gnu::always_inline]] inline void prefetch_row(const ColumnsOf<Ptr>& w, std::size_t i) {
  __builtin_prefetch(w.status + i, 1);
  __builtin_prefetch(w.host + i, 1);
  __builtin_prefetch(w.sector + i, 1);
  __builtin_prefetch(w.flags + i, 1);
  __builtin_prefetch(w.expiry + i, 1);
  __builtin_prefetch(w.arrived + i, 1);
  __builtin_prefetch(w.wage_cents + i, 1);
  __builtin_prefetch(w.employer + i, 1);
}

// How many rows ahead such loops fetch: enough rows of work to cover a miss to memory.
inline constexpr std::size_t kRowsAhead = 16;

struct WorkerTable {
  Column<Status> status;
  Column<std::uint8_t> host;  // index into the scenario's hosts
  Column<Sector> sector;
  Column<std::uint8_t> flags;        // worker_flag bits
  Column<std::int16_t> expiry;       // step when the permit/visa ends; when repatriated, the step
                                     // they came home
  Column<std::int16_t> arrived;      // step the current tour began (negative: before start)
  Column<std::uint32_t> wage_cents;  // gross monthly wage
  Column<std::uint32_t> employer;    // row of EmployerTable

  std::size_t size() const { return status.size(); }
  WorkerColumns columns();
  ConstWorkerColumns columns() const;
  // Room for n rows without moving the columns (address space only: pages are touched when
  // rows are used).
  void reserve(std::size_t n) {
    for_each_column([&](auto& column) { column.reserve(n); });
  }
  // n rows; new rows are zero.
  void resize(std::size_t n) {
    for_each_column([&](auto& column) {
      column.resize(n, typename std::remove_reference_t<decltype(column)>::value_type{});
    });
  }
  // n rows; new rows hold whatever the memory held, for callers that write every column of
  // every new row before anything reads it. For the initial table (10^7 rows: 160 MB) zeroing
  // was a serial pass that also took every page fault on one thread; the parallel fill now
  // touches the pages first.
  void resize_for_overwrite(std::size_t n) {
    for_each_column([&](auto& column) { column.resize(n); });
  }

 private:
  template <typename F>
  void for_each_column(F&& f) {
    f(status);
    f(host);
    f(sector);
    f(flags);
    f(expiry);
    f(arrived);
    f(wage_cents);
    f(employer);
  }
};

inline WorkerColumns WorkerTable::columns() {
  return {status.data(), host.data(),    sector.data(),     flags.data(),
          expiry.data(), arrived.data(), wage_cents.data(), employer.data()};
}

inline ConstWorkerColumns WorkerTable::columns() const {
  return {status.data(), host.data(),    sector.data(),     flags.data(),
          expiry.data(), arrived.data(), wage_cents.data(), employer.data()};
}

// The field registry: what each column holds, for the docs, snapshots and the memory budget.
// `units` is what a snapshot dataset of the run file carries (output/SCHEMA.md): "1" for codes
// and indices, "step" for a month given as its step (0 is the scenario's start month).
struct FieldInfo {
  std::string_view name;
  std::string_view type;
  std::size_t bytes;
  std::string_view units;
  std::string_view meaning;
};
inline constexpr std::array<FieldInfo, 8> kWorkerFields{{
    {"status", "uint8", 1, "1", "legal status (types.hpp kStatusNames)"},
    {"host", "uint8", 1, "1", "host state index"},
    {"sector", "uint8", 1, "1", "employer sector (kSectorNames)"},
    {"flags", "uint8", 1, "1", "1 minder, 2 host national, 4 barred by law, 8 transfer pending"},
    {"expiry", "int16", 2, "step",
     "step the permit or visa ends; for returnees, the step they came home"},
    {"arrived", "int16", 2, "step", "step the current tour began"},
    {"wage_cents", "uint32", 4, "US cents/month", "gross monthly wage, US cents"},
    {"employer", "uint32", 4, "1", "employer row"},
}};

constexpr std::size_t bytes_per_worker() {
  std::size_t total = 0;
  for (const auto& f : kWorkerFields) total += f.bytes;
  return total;
}
static_assert(bytes_per_worker() <= 32, "the performance budget allows 32 bytes per worker");

// Whether loops over scattered rows should fetch them ahead (prefetch_row): only where the table
// is larger than a typical last-level cache (16 MB, a million rows). In a smaller table the rows
// are mostly in the cache already and the prefetches would only add instructions (+4 % on the
// historical scenario, a hundred thousand rows).
inline bool worth_prefetching(std::size_t rows) {
  return rows * bytes_per_worker() > (std::size_t{16} << 20);
}

}  // namespace repatsim
