// Which rows the rules of phases 4-6 may act on this month. In most months few rows have anything
// happen to them: a tour or permit ends for about one earning worker in fifteen, inspections
// reach few employers, and rows at home need nothing. The pass of phases 4-6
// (month_passes.cpp) therefore first tests 32 rows at a time, with AVX2 vector instructions
// where the CPU has them, and runs the rules only on the rows the test passes, in row order.
//
// The test is conservative: it passes every row on which any rule could act (it may pass more),
// so the results are exactly those of running the rules on every row. Rows a 2397 review may
// order home are listed apart: whether it does depends on a draw, which the pass computes for
// many rows at once before it visits those the draw orders; rows whose permit ends are listed
// too, so their renewal draws are computed many at a time. It repeats, in a form
// vector instructions can compute, each rule's own first tests: ExpiryRule::apply,
// DepartureOrderRule::apply, DetectionRule::apply and count_queue (allocate_routes.hpp). A change
// to those tests must change this one; tests/sim/test_settle_filter.cpp checks on real and
// scrambled tables that a row the test passes over is left unchanged by the rules, and that the
// vector and scalar tests agree.
//
// This header includes no engine header: settle_filter_avx2.cpp is compiled for AVX2, and any
// inline engine function it instantiated could replace the portable copy in the whole program.
#pragma once

#include <cstddef>
#include <cstdint>

namespace repatsim {

struct SimulationState;

// One month's test, with raw pointers to the columns it reads.
struct SettleFilter {
  const std::uint8_t* status = nullptr;  // Status codes
  const std::uint8_t* host = nullptr;
  const std::uint8_t* flags = nullptr;  // worker_flag bits
  const std::int16_t* expiry = nullptr;
  const std::int16_t* arrived = nullptr;
  const std::uint32_t* employer = nullptr;
  std::int16_t t = 0;                   // permits with expiry <= t end this month (phase 4)
  std::int16_t tour_arrived_max = 0;    // tours begun at or before this step are over (phase 4)
  bool ordering = false;                // phase 5 reviews someone this month
  bool hosts_fit_vector_table = false;  // every host index < 16: the vector test looks its bits up
  // Per host: phase 5's bits (DepartureOrderRule::reviewed) and no_path_bit where no path home is
  // open (count_queue then leaves its stranded and detained workers out).
  std::uint8_t host_bits[256] = {};
  // EmployerTable::inspected_bits; null when no employer is inspected this month.
  const std::uint64_t* inspected_bits = nullptr;
};

// Codes the test relies on, checked against the engine's in settle_filter.cpp.
namespace settle_code {
inline constexpr unsigned irregular = 2;                      // statuses 0-2 earn without exemption
inline constexpr unsigned first_queued = 3, last_queued = 5;  // awaiting exit, stranded, detained
inline constexpr unsigned stranded = 4, detained = 5;
inline constexpr std::uint8_t exempt_flags = 2 | 4;  // host national, barred by law
inline constexpr std::uint8_t transfer_pending = 8;
inline constexpr std::uint8_t orders_bit = 0x80;   // DepartureOrderRule's "orders now"
inline constexpr std::uint8_t no_path_bit = 0x40;  // host_bits: no open path home
}  // namespace settle_code

// The month's test for `state` (its columns as they are now, its rules for step state.t).
SettleFilter settle_filter(const SimulationState& state);

// For each block k < blocks of 32 rows from `first`: bit j of masks[k] set if row
// first + 32 k + j may need the rules (those rows must exist), and bit j of reviews[k] if
// phase 5's draw decides whether anything happens to it: DepartureOrderRule::apply's test with
// orders now and no exemption flag (all 0 in months without orders). Such a row is in masks[k]
// only if another rule may act on it; the pass draws for the rows of reviews many at a time
// and visits those the draw orders home (DepartureOrderRule::draw_ahead). Bit j of expiring[k]
// is set if ExpiryRule::resolve draws for the row: its permit or visa ends this month (status
// permitted or visa-disguised, expiry <= t) and its tour goes on. Those rows are in masks[k];
// the pass computes their draws many at a time before it visits them.
using RowsToSettle = void (*)(const SettleFilter& filter, std::size_t first, std::size_t blocks,
                              std::uint32_t* masks, std::uint32_t* reviews,
                              std::uint32_t* expiring);

// Writes the rows whose bits are set in bits[0 .. blocks) (block k: rows first + 32 k to
// first + 32 k + 31) to out, rising, and returns how many it wrote. out must have room for
// 32 * blocks rows: the vector form writes whole groups of eight, some past the last row it
// lists (never past out[32 * blocks - 1]).
using ListRows = std::size_t (*)(std::size_t first, std::size_t blocks, const std::uint32_t* bits,
                                 std::uint32_t* out);

// The portable listing, a set bit at a time.
std::size_t list_rows_scalar(std::size_t first, std::size_t blocks, const std::uint32_t* bits,
                             std::uint32_t* out);

#if defined(REPATSIM_AVX2_KERNELS)
// The vector listing, eight rows a step whatever their bits (no branch on them): a set bit at a
// time mispredicted the end of nearly every block's loop (a few rows of 32 are listed, a number
// that varies block to block). Call only where the CPU has AVX2.
std::size_t list_rows_avx2(std::size_t first, std::size_t blocks, const std::uint32_t* bits,
                           std::uint32_t* out);
#endif

// The fastest listing this build and CPU offer; both list the same rows.
ListRows best_list_rows();

// How many rows the listing would list from bits[0 .. blocks): the set bits.
using RowsIn = std::size_t (*)(const std::uint32_t* bits, std::size_t blocks);

// The portable count. Built for any x86-64 CPU, std::popcount is a library call here (1.1 % of
// a 10^7 run when the pass of phases 4-6 counted its blocks so).
std::size_t rows_in_scalar(const std::uint32_t* bits, std::size_t blocks);

#if defined(REPATSIM_AVX2_KERNELS)
// The count with the POPCNT instruction, which every CPU with AVX2 has; call only where the CPU
// has AVX2.
std::size_t rows_in_avx2(const std::uint32_t* bits, std::size_t blocks);
#endif

RowsIn best_rows_in();

// rows_in_scalar or rows_in_avx2, as the CPU allows (chosen once).
inline std::size_t rows_in(const std::uint32_t* bits, std::size_t blocks) {
  static const RowsIn count = best_rows_in();
  return count(bits, blocks);
}

// list_rows_scalar or list_rows_avx2, as the CPU allows (chosen once).
inline std::size_t list_rows(std::size_t first, std::size_t blocks, const std::uint32_t* bits,
                             std::uint32_t* out) {
  static const ListRows list = best_list_rows();
  return list(first, blocks, bits, out);
}

// The portable test, one row at a time.
void rows_to_settle_scalar(const SettleFilter& filter, std::size_t first, std::size_t blocks,
                           std::uint32_t* masks, std::uint32_t* reviews, std::uint32_t* expiring);

#if defined(REPATSIM_AVX2_KERNELS)
// The vector test; call only where the CPU has AVX2 (cpu_has_avx2(), sim/cpu.hpp).
void rows_to_settle_avx2(const SettleFilter& filter, std::size_t first, std::size_t blocks,
                         std::uint32_t* masks, std::uint32_t* reviews, std::uint32_t* expiring);
#endif

// The fastest test this build and CPU offer. Both tests are conservative; they give the same
// answer except that with more than 16 hosts the vector test passes every covered row in
// months with departure orders and every queued row.
RowsToSettle best_rows_to_settle();

}  // namespace repatsim
