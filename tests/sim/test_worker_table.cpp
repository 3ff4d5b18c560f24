// The worker table's storage: room reserved keeps the columns in place as rows are added, and
// WorkerTable::resize zeroes new rows even where the memory held other values, which
// resize_for_overwrite leaves for its caller to write; large columns start on huge-page
// boundaries and keep their rows as they grow (sim/workers.hpp).
#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>

#include "sim/workers.hpp"

namespace repatsim {

TEST_CASE("the worker table keeps its columns in place within the room reserved, and resize "
          "zeroes new rows",
          "[workers]") {
  WorkerTable w;
  w.reserve(1000);
  const ConstWorkerColumns reserved = std::as_const(w).columns();
  w.resize_for_overwrite(1000);
  for (std::size_t i = 0; i < w.size(); ++i) {
    w.status[i] = Status::detained;
    w.host[i] = 7;
    w.sector[i] = Sector::fishing;
    w.flags[i] = 0xFF;
    w.expiry[i] = -5;
    w.arrived[i] = 12;
    w.wage_cents[i] = 123456;
    w.employer[i] = 99;
  }
  // Shrinking keeps the capacity, so the memory of rows 10 to 999 still holds the values above.
  w.resize(10);
  w.resize(1000);
  const ConstWorkerColumns c = std::as_const(w).columns();
  CHECK(c.status == reserved.status);  // no column moved
  CHECK(c.employer == reserved.employer);
  std::size_t nonzero = 0;
  for (std::size_t i = 10; i < w.size(); ++i)
    nonzero += (w.status[i] != Status{}) + (w.host[i] != 0) + (w.sector[i] != Sector{}) +
               (w.flags[i] != 0) + (w.expiry[i] != 0) + (w.arrived[i] != 0) +
               (w.wage_cents[i] != 0) + (w.employer[i] != 0);
  CHECK(nonzero == 0);
  CHECK(w.status[9] == Status::detained);  // rows kept are unchanged
  CHECK(w.employer[9] == 99);
}

TEST_CASE("large columns start on 2 MB boundaries and keep their rows as they grow", "[workers]") {
  // 600,000 rows: the 4-byte columns (2.4 MB) are past kHugePageBytes, the 1-byte ones are not.
  constexpr std::size_t kRows = 600'000;
  static_assert(kRows * sizeof(std::uint32_t) >= kHugePageBytes && kRows < kHugePageBytes);
  auto on_boundary = [](const void* p) {
    return reinterpret_cast<std::uintptr_t>(p) % kHugePageBytes == 0;
  };
  WorkerTable w;
  w.resize_for_overwrite(kRows);
  CHECK(on_boundary(w.employer.data()));
  CHECK(on_boundary(w.wage_cents.data()));
  for (std::size_t i = 0; i < kRows; ++i) {
    w.employer[i] = static_cast<std::uint32_t>(3 * i);
    w.status[i] = static_cast<Status>(i % 8);
  }
  // Growing past the capacity moves every column, the small ones from std::allocator's memory
  // and the large ones between huge-page blocks; the rows come along.
  w.resize(3 * kRows);
  CHECK(on_boundary(w.employer.data()));
  CHECK(on_boundary(w.expiry.data()));  // 2-byte column, now 3.6 MB
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < kRows; ++i)
    wrong += (w.employer[i] != 3 * i) + (w.status[i] != static_cast<Status>(i % 8));
  for (std::size_t i = kRows; i < w.size(); ++i) wrong += (w.employer[i] != 0);
  CHECK(wrong == 0);
  // And back under the threshold: shrink_to_fit reallocates from std::allocator.
  w.employer.resize(1000);
  w.employer.shrink_to_fit();
  CHECK(w.employer[999] == 3 * 999);
}

}  // namespace repatsim
