// The row test of phases 4-6 (sim/phases/settle_filter.hpp) passes over only rows the rules leave
// alone, its vector and scalar forms agree, and a run gives the same records with it as with
// the rules run on every row.
#include <catch2/catch.hpp>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

#include "sim/build_state.hpp"
#include "sim/cpu.hpp"
#include "sim/phases/allocate_routes.hpp"
#include "sim/phases/detect.hpp"
#include "sim/phases/order_departures.hpp"
#include "sim/phases/phases.hpp"
#include "sim/phases/resolve_expiries.hpp"
#include "sim/phases/settle_filter.hpp"
#include "sim/rng.hpp"
#include "sim/step_month.hpp"
#include "tests/sim/month_parts.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;
using test::finish_month;
using test::up_to_settle;

namespace {
// A row test's three masks for the first `rows` rows (a multiple of 32).
struct Tested {
  std::vector<std::uint32_t> masks, reviews, expiring;
  bool operator==(const Tested&) const = default;
};

Tested test_rows(RowsToSettle test, const SettleFilter& filter, std::size_t rows) {
  Tested t{std::vector<std::uint32_t>(rows / 32), std::vector<std::uint32_t>(rows / 32),
           std::vector<std::uint32_t>(rows / 32)};
  test(filter, 0, t.masks.size(), t.masks.data(), t.reviews.data(), t.expiring.data());
  return t;
}

// The expiring bits are exactly the rows ExpiryRule::resolve draws for (a permit or visa ends
// this month and the tour goes on), and every one of them is visited.
std::size_t check_expiring(const SimulationState& state, const Tested& tested) {
  const ExpiryRule expiries(state);
  const WorkerTable& w = state.workers;
  std::size_t listed = 0;
  for (std::size_t i = 0; i < tested.expiring.size() * 32; ++i) {
    const bool bit = (tested.expiring[i / 32] >> (i % 32)) & 1u;
    const bool draws =
        (w.status[i] == Status::permitted || w.status[i] == Status::visa_disguised) &&
        w.expiry[i] <= state.t && state.t - w.arrived[i] < expiries.tour_steps();
    INFO("row " << i << " month " << state.t);
    REQUIRE(bit == draws);
    if (bit) REQUIRE(((tested.masks[i / 32] >> (i % 32)) & 1u) == 1u);
    listed += bit;
  }
  return listed;
}

// The rows the pass of phases 4-6 visits: those of `masks`, and those of `reviews` whose draw
// orders them (DepartureOrderRule::draw_ahead, as the pass calls it).
std::vector<std::uint32_t> rows_visited(SimulationState& state, const Tested& tested) {
  std::vector<std::uint32_t> masks = tested.masks;
  const DepartureOrderRule orders(state);
  if (!orders.active()) return masks;
  ListedDraws draws(state.spec->seed, state.t, Stream::departure_order);
  orders.draw_ahead(state.workers.columns(), 0, masks.size(), tested.reviews.data(), draws,
                    masks.data());
  return masks;
}

std::vector<std::uint32_t> masks_of(RowsToSettle test, SimulationState& state,
                                    const SettleFilter& filter, std::size_t rows) {
  return rows_visited(state, test_rows(test, filter, rows));
}

struct Row {
  Status status;
  std::uint8_t host, flags;
  Sector sector;
  std::int16_t expiry, arrived;
  std::uint32_t wage, employer;
  bool operator==(const Row&) const = default;
};

Row row_of(const WorkerTable& w, std::size_t i) {
  return {w.status[i], w.host[i],    w.flags[i],      w.sector[i],
          w.expiry[i], w.arrived[i], w.wage_cents[i], w.employer[i]};
}

// Runs the rules of phases 4-6 and the queue count on every row the masks pass over, and counts
// those rows; fails if any of them changes a row, a tally or a queue.
std::size_t check_rows_passed_over(SimulationState& state,
                                   const std::vector<std::uint32_t>& masks) {
  const int H = state.host_count();
  const ExpiryRule expiries(state);
  const DepartureOrderRule orders(state);
  const DetectionRule detection(state);
  std::vector<std::uint8_t> no_path(H);
  for (int h = 0; h < H; ++h) no_path[h] = state.hosts[h].reaches_origin ? 0 : 1;
  const WorkerColumns w = state.workers.columns();
  std::size_t passed_over = 0;
  for (std::size_t i = 0; i < masks.size() * 32; ++i) {
    if ((masks[i / 32] >> (i % 32)) & 1u) continue;
    ++passed_over;
    const Row before = row_of(state.workers, i);
    Ledger l(H);
    QueueCounts q(H);
    expiries.apply(w, i, l);
    orders.apply(w, i, l);
    detection.apply(w, i, l);
    count_queue(w, i, q, no_path.data());
    INFO("row " << i << " status " << kStatusNames[idx(before.status)] << " host "
                << int(before.host) << " month " << state.t);
    REQUIRE(row_of(state.workers, i) == before);
    REQUIRE(l.in == Ledger(H).in);
    REQUIRE(l.flows == Ledger(H).flows);
    REQUIRE(l.fines_cents == Ledger(H).fines_cents);
    REQUIRE(q.rows.empty());
    REQUIRE(q.detained == QueueCounts(H).detained);
    REQUIRE(q.others == QueueCounts(H).others);
    REQUIRE(q.transfers == QueueCounts(H).transfers);
  }
  return passed_over;
}

// Every status, flag and date a row can have, at random, keeping its host and employer (the
// rules look up the employer of the row's host).
void scramble(SimulationState& state, std::uint32_t seed) {
  std::mt19937 rng(seed);
  WorkerTable& w = state.workers;
  const int t = state.t;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w.status[i] = static_cast<Status>(rng() % kStatusCount);
    w.flags[i] = static_cast<std::uint8_t>(rng() % 16);
    w.expiry[i] = static_cast<std::int16_t>(t - 3 + static_cast<int>(rng() % 7));
    w.arrived[i] = static_cast<std::int16_t>(t - 40 + static_cast<int>(rng() % 42));
  }
}
}  // namespace

TEST_CASE("the row test passes over only rows the rules of phases 4-6 leave unchanged",
          "[settle_filter]") {
  // Months before and after each measure, the crackdown, the border closure (no path home) and
  // returnees sent again; then the same months with every row scrambled.
  const ScenarioSpec spec = test::mixed_scenario(5);
  SimulationState state = build_state(spec);
  MemoryRecorder recorder;
  state.recount_every_months = 0;
  std::size_t passed_over = 0, rows_seen = 0, stuck_months = 0, reviewed = 0, expiring = 0;
  for (int m = 0; m < spec.months(); ++m) {
    up_to_settle(state);
    const SettleFilter filter = settle_filter(state);
    const std::size_t rows = state.workers.size() - state.workers.size() % 32;
    const Tested scalar = test_rows(rows_to_settle_scalar, filter, rows);
#if defined(REPATSIM_AVX2_KERNELS)
    if (cpu_has_avx2()) REQUIRE(test_rows(rows_to_settle_avx2, filter, rows) == scalar);
#endif
    for (std::uint32_t review : scalar.reviews) reviewed += std::popcount(review);
    expiring += check_expiring(state, scalar);
    passed_over += check_rows_passed_over(state, rows_visited(state, scalar));
    rows_seen += rows;
    for (int h = 0; h < state.host_count(); ++h)
      if (!state.hosts[h].reaches_origin && state.stock_at(h, Status::stranded) > 0) ++stuck_months;
    if (m % 6 == 3) {
      SimulationState scrambled = state;
      scramble(scrambled, static_cast<std::uint32_t>(m));
      const SettleFilter f = settle_filter(scrambled);
      check_rows_passed_over(scrambled, masks_of(best_rows_to_settle(), scrambled, f, rows));
      check_expiring(scrambled, test_rows(best_rows_to_settle(), f, rows));
    }
    finish_month(state, recorder);
  }
  // The test did pass rows over (else it would show nothing), and months with stranded workers
  // and no path home were among those checked.
  CHECK(passed_over > rows_seen / 4);
  CHECK(stuck_months > 0);
  CHECK(reviewed > 0);  // rows whose 2397 review the draw decides were among them
  CHECK(expiring > 0);  // and rows whose renewal is drawn
}

#if defined(REPATSIM_AVX2_KERNELS)
TEST_CASE("the vector row test passes every row the scalar one does, with any number of hosts",
          "[settle_filter]") {
  if (!cpu_has_avx2()) return;  // nothing to compare on this CPU
  const ScenarioSpec spec = test::mixed_scenario(9);
  SimulationState state = build_state(spec);
  MemoryRecorder recorder;
  for (int m = 0; m < 40; ++m) {
    up_to_settle(state);
    SimulationState scrambled = state;
    scramble(scrambled, static_cast<std::uint32_t>(100 + m));
    SettleFilter f = settle_filter(scrambled);
    const std::size_t rows = scrambled.workers.size() - scrambled.workers.size() % 32;
    const Tested scalar = test_rows(rows_to_settle_scalar, f, rows);
    REQUIRE(test_rows(rows_to_settle_avx2, f, rows) == scalar);
    // As with more than 16 hosts: no table lookup, so every row the host bits could pass.
    f.hosts_fit_vector_table = false;
    const Tested wide = test_rows(rows_to_settle_avx2, f, rows);
    for (std::size_t b = 0; b < wide.masks.size(); ++b) {
      REQUIRE((wide.masks[b] & scalar.masks[b]) == scalar.masks[b]);
      REQUIRE((wide.reviews[b] & scalar.reviews[b]) == scalar.reviews[b]);
      REQUIRE(wide.expiring[b] == scalar.expiring[b]);  // read no host bits
    }
    finish_month(state, recorder);
  }
}
#endif

TEST_CASE("a run's records are the same with the row test and with the rules on every row",
          "[settle_filter]") {
  ScenarioSpec spec = test::mixed_scenario(3);
  spec.population_scale = 4;  // several chunks
  auto run = [&](bool every_row) {
    SimulationState state = build_state(spec);
    state.settle_every_row = every_row;
    MemoryRecorder recorder;
    for (int m = 0; m < spec.months(); ++m) step_month(state, recorder);
    return recorder.take();
  };
  const RunRecords filtered = run(false);
  REQUIRE(filtered.months.size() == static_cast<std::size_t>(spec.months()));
  CHECK(run(true) == filtered);
}

TEST_CASE("the listing of rows from bits gives each set bit's row, rising, and counts them, "
          "in either form",
          "[settle_filter]") {
  // Masks as the pass meets them: empty, full, sparse (a renewal every few blocks), dense (a
  // month of reviews), and each single bit; from an offset that is not a multiple of 32.
  std::mt19937 rng(17);
  std::vector<std::uint32_t> bits = {0, 0xFFFFFFFFu, 0x80000001u, 0x00FF00FFu, 0xFF00FF00u};
  for (unsigned j = 0; j < 32; ++j) bits.push_back(std::uint32_t{1} << j);
  for (int k = 0; k < 4000; ++k) {
    const std::uint32_t a = static_cast<std::uint32_t>(rng()), b = static_cast<std::uint32_t>(rng());
    bits.push_back(k % 3 == 0 ? a & b & static_cast<std::uint32_t>(rng()) : k % 3 == 1 ? a : a | b);
  }
  const std::size_t first = 3 * 32 * 1000 + 7, blocks = bits.size();
  std::vector<std::uint32_t> expected;
  for (std::size_t b = 0; b < blocks; ++b)
    for (unsigned j = 0; j < 32; ++j)
      if ((bits[b] >> j) & 1u) expected.push_back(static_cast<std::uint32_t>(first + 32 * b + j));
  std::vector<ListRows> forms = {list_rows_scalar, list_rows};
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) forms.push_back(list_rows_avx2);
#endif
  std::vector<RowsIn> counts = {rows_in_scalar, rows_in};
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) counts.push_back(rows_in_avx2);
#endif
  for (RowsIn count : counts) {
    REQUIRE(count(bits.data(), blocks) == expected.size());
    REQUIRE(count(bits.data(), 1) == 0);
    REQUIRE(count(bits.data() + 1, 3) == 32 + 2 + 16);
  }
  for (ListRows list : forms) {
    // Room for exactly 32 rows a block, then a guard the listing must not write to.
    constexpr std::uint32_t kGuard = 0xDEADBEEFu;
    std::vector<std::uint32_t> out(32 * blocks + 16, kGuard);
    const std::size_t n = list(first, blocks, bits.data(), out.data());
    REQUIRE(n == expected.size());
    CHECK(std::vector<std::uint32_t>(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n)) ==
          expected);
    for (std::size_t k = 32 * blocks; k < out.size(); ++k) REQUIRE(out[k] == kGuard);
    // Every block full: the listing fills its room exactly.
    const std::vector<std::uint32_t> full(8, 0xFFFFFFFFu);
    std::vector<std::uint32_t> all(32 * full.size() + 16, kGuard);
    REQUIRE(list(5, full.size(), full.data(), all.data()) == 32 * full.size());
    for (std::size_t k = 0; k < 32 * full.size(); ++k) REQUIRE(all[k] == 5 + k);
    REQUIRE(all[32 * full.size()] == kGuard);
  }
}

TEST_CASE("a 2397 review's draw orders a worker exactly when the uniform draw is below the pace",
          "[settle_filter]") {
  // review() orders when Draws::uniform_of(word) < pace; the pass of phases 4-6 tests
  // word < Draws::words_below(pace) to know which rows to visit (dispatch tests candidates' draws
  // so too).
  const double paces[] = {0.0, -0.5, 0x1p-40, 0x1p-32, 1.5 * 0x1p-32, 1e-9, 0.01, 1.0 / 3, 0.5,
                          std::nextafter(1.0, 0.0), 1.0, 2.0};
  for (double pace : paces) {
    const std::uint64_t below = Draws::words_below(pace);
    std::vector<std::uint64_t> words = {0, 1, 0xFFFFFFFFull, 0x80000000ull};
    for (std::int64_t d = -2; d <= 2; ++d) {
      const std::int64_t w = static_cast<std::int64_t>(below) + d;
      if (w >= 0 && w <= 0xFFFFFFFFll) words.push_back(static_cast<std::uint64_t>(w));
    }
    for (std::uint64_t word : words) {
      INFO("pace " << pace << " word " << word);
      REQUIRE((word < below) == (Draws::uniform_of(static_cast<std::uint32_t>(word)) < pace));
    }
  }
}
