// The worker table's storage: room reserved keeps the columns in place as rows are added, and
// WorkerTable::resize zeroes new rows even where the memory held other values, which
// resize_for_overwrite leaves for its caller to write (sim/workers.hpp).
#include <catch2/catch.hpp>

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

}  // namespace repatsim
