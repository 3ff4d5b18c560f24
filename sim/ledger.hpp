// Integer tallies of what happened in a month (or on one thread's share of rows). Every change
// of a worker's (host, status) goes through move(), so the stock-flow identity
//   stock[t] = stock[t-1] + in - out   (per host and status)
// holds by construction, and a recount of every row (check_totals.hpp) checks it independently.
// Everything is int64 (money in cents), so merging tallies is exact in any order and any split:
// the passes over rows keep one Ledger per thread (for_each_range_summed). `totals` carries the
// change in the totals the rows' contents make (row_totals.hpp): whoever changes a row's status,
// host, sector, wage or employer records it there too.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/row_totals.hpp"
#include "sim/types.hpp"

namespace repatsim {

struct Ledger {
  int hosts = 0;
  std::vector<std::int64_t> in, out;   // [H][S]
  std::vector<std::int64_t> flows;     // [H][F]
  std::vector<std::int64_t> gross_wages_cents, worker_share_cents, formal_cents,
      informal_cents;                  // [H]
  std::vector<std::int64_t> fines_cents;  // [H]
  RowTotals totals;

  explicit Ledger(int h = 0)
      : hosts(h),
        in(h * kStatusCount),
        out(h * kStatusCount),
        flows(h * kFlowCount),
        gross_wages_cents(h),
        worker_share_cents(h),
        formal_cents(h),
        informal_cents(h),
        fines_cents(h),
        totals(h) {}

  void move(int from_host, Status from, int to_host, Status to) {
    ++out[from_host * kStatusCount + idx(from)];
    ++in[to_host * kStatusCount + idx(to)];
  }
  void enter(int host, Status to) { ++in[host * kStatusCount + idx(to)]; }
  void count(int host, Flow f, std::int64_t n = 1) { flows[host * kFlowCount + idx(f)] += n; }
  std::int64_t flow(int host, Flow f) const { return flows[host * kFlowCount + idx(f)]; }

  void merge(const Ledger& o) {
    add(in, o.in);
    add(out, o.out);
    add(flows, o.flows);
    add(gross_wages_cents, o.gross_wages_cents);
    add(worker_share_cents, o.worker_share_cents);
    add(formal_cents, o.formal_cents);
    add(informal_cents, o.informal_cents);
    add(fines_cents, o.fines_cents);
    totals.merge(o.totals);
  }

 private:
  static void add(std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  }
};

}  // namespace repatsim
