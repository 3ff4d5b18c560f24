// The recount of every row and the check of the running totals against it (check_totals.hpp).
#include "sim/check_totals.hpp"

#include <fmt/format.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "sim/calendar.hpp"
#include "sim/invariant.hpp"
#include "sim/parallel.hpp"

namespace repatsim {

namespace {
std::string field_name(int field) {
  if (field < RowTotals::kPayments)
    return fmt::format("wages of {} workers", kStatusNames[field - RowTotals::kWages]);
  if (field < RowTotals::kSectors)
    return fmt::format("loyalty payments of {} workers",
                       kStatusNames[field - RowTotals::kPayments]);
  return fmt::format("workers present in {}", kSectorNames[field - RowTotals::kSectors]);
}
}  // namespace

RowCount count_rows(const SimulationState& state) {
  const int H = state.host_count();
  const std::size_t rows = state.workers.size();
  const int rest = state.spec->dprk.rest_months;
  const std::size_t window = state.resting_window();
  const int step = state.returnees_step;
  check_invariant(H <= static_cast<int>(kMaxHosts), "no more hosts than check_spec allows");
  const std::size_t census_size = static_cast<std::size_t>(H) * kStatusCount;
  RowCount count;
  count.by_status.assign(census_size, 0);
  count.totals = RowTotals(H);
  count.rested.assign(chunk_count(rows), 0);
  count.resting.assign(chunk_count(rows), std::vector<std::uint32_t>(window, 0));
  // Each thread's counts, added up at the end: integer sums, the same in any order. (Counts per
  // chunk, 684 of them at 10^7 rows, cost more to allocate, as fresh pages, than to fill.)
  struct Tally {
    std::vector<std::int64_t> by_status;
    RowTotals totals;
    std::vector<std::uint32_t> employer_size;
    bool home_out_of_range = false;
  };
  tbb::enumerable_thread_specific<Tally> tallies([&] {
    return Tally{count.by_status, RowTotals(H),
                 std::vector<std::uint32_t>(state.employers.size_count(), 0), false};
  });
  const ConstWorkerColumns columns = state.workers.columns();
  const std::int64_t* loyalty = state.loyalty_cents.data();
  for_each_range(rows, kChunkRows, [&](std::size_t begin, std::size_t end) {
    // Local copies, kept in registers (the lambda's captures are read through its closure).
    const ConstWorkerColumns w = columns;
    const std::int64_t* const loyalty_of = loyalty;
    const int now = step, rested_after = rest;
    Tally& c = tallies.local();
    // The census by status of the chunk's even and odd rows, on the stack and apart: consecutive
    // rows mostly add 1 to the same counter, each addition waiting for the one before, and two
    // copies halve that chain (8 % less time a recount; splitting the totals too was slower).
    std::array<std::int64_t, 2 * kMaxHosts * kStatusCount> chunk_census;
    std::fill_n(chunk_census.begin(), 2 * census_size, 0);
    std::int64_t* const by_status[2] = {chunk_census.data(), chunk_census.data() + census_size};
    RowTotals& totals = c.totals;
    std::uint32_t* const size = c.employer_size.data();
    std::uint32_t rested_here = 0;
    std::uint32_t* const resting = count.resting[begin / kChunkRows].data();
    for (std::size_t i = begin; i < end; ++i) {
      // The workforce counts are read at random places (rows of an employer are scattered):
      // fetch them ahead, from the employer column (read in order anyway).
      if (i + kRowsAhead < end) __builtin_prefetch(size + w.employer[i + kRowsAhead], 1);
      const RowKey k = key_of(w, i);
      ++by_status[i & 1][k.host * kStatusCount + idx(k.status)];
      if (totals.add_counts(k, +1, loyalty_of)) {  // abroad: in its employer's workforce
        ++size[k.employer];
        continue;
      }
      const int home_since = w.expiry[i];  // at home: rested, or resting since that step
      if (now - home_since >= rested_after)
        ++rested_here;
      else if (home_since >= 0)
        ++resting[static_cast<std::size_t>(home_since) % window];
      else
        c.home_out_of_range = true;
    }
    count.rested[begin / kChunkRows] = rested_here;
    for (std::size_t j = 0; j < census_size; ++j)
      c.by_status[j] += by_status[0][j] + by_status[1][j];
  });
  count.employer_size.assign(state.employers.size_count(), 0);
  tallies.combine_each([&](const Tally& c) {
    check_invariant(!c.home_out_of_range, "a returnee came home before the run and is not rested");
    for (std::size_t i = 0; i < c.by_status.size(); ++i) count.by_status[i] += c.by_status[i];
    count.totals.merge(c.totals);
    for (std::size_t e = 0; e < c.employer_size.size(); ++e)
      count.employer_size[e] += c.employer_size[e];
  });
  return count;
}

void check_totals(const SimulationState& state) {
  const RowCount count = count_rows(state);
  const int H = state.host_count();
  const std::string month = month_label(state.spec->start + state.t);
  for (int h = 0; h < H; ++h)
    for (int s = 0; s < kStatusCount; ++s) {
      const std::int64_t counted = count.by_status[h * kStatusCount + s];
      const std::int64_t running = state.stock[h * kStatusCount + s];
      check_invariant(counted == running, [&] {
        return fmt::format(
            "stock-flow identity fails in {} for host {} status {}: census {} "
            "!= last month + in - out = {}",
            month, state.spec->hosts[h].name, kStatusNames[s], counted, running);
      });
    }
  for (int h = 0; h < H; ++h)
    for (int f = 0; f < RowTotals::kFields; ++f)
      check_invariant(count.totals.at(h, f) == state.totals.at(h, f), [&] {
        return fmt::format("running totals fail in {} for host {}: {}: recount {} != running {}",
                           month, state.spec->hosts[h].name, field_name(f), count.totals.at(h, f),
                           state.totals.at(h, f));
      });
  const EmployerTable& em = state.employers;
  for (std::size_t e = 0; e < em.size_count(); ++e)
    check_invariant(count.employer_size[e] == em.size[e], [&] {
      return fmt::format(
          "employer {} of host {} has {} DPRK workers by a recount in {}, {} "
          "by the running count",
          e, state.spec->hosts[em.host[e]].name, count.employer_size[e], month, em.size[e]);
    });
  for (std::size_t c = 0; c < count.rested.size(); ++c)
    check_invariant(c < state.resting.size() && c < state.returnees_by_chunk.size() &&
                        count.rested[c] == state.returnees_by_chunk[c] &&
                        count.resting[c] == state.resting[c],
                    [&] {
                      return fmt::format(
                          "returnees of rows {} to {}, rested or resting by the month they "
                          "came home, differ from a recount in {}",
                          c * kChunkRows, (c + 1) * kChunkRows - 1, month);
                    });
}

}  // namespace repatsim
