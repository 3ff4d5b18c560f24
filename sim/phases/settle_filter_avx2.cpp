// The row test of settle_filter.hpp with AVX2 vector instructions: 32 rows at a time, the byte
// columns in one vector each, the 16-bit dates in two, and the employers' inspected bits
// gathered only for rows working unlawfully that nothing else passed. This file alone is
// compiled with -mavx2 and includes no engine header (see settle_filter.hpp);
// best_rows_to_settle() calls it only where the CPU has AVX2. It answers exactly as
// rows_to_settle_scalar() (tests/sim/test_settle_filter.cpp), except that with more than 16
// hosts it passes every covered row in months with departure orders and every queued row.
// Also the listing of rows from the test's bits (list_rows_avx2), eight rows a step, and their
// count (rows_in_avx2).
#include <immintrin.h>

#include <array>
#include <bit>

#include "sim/phases/avx2_rows.hpp"
#include "sim/phases/settle_filter.hpp"

namespace repatsim {

namespace {
using avx2::load;
using avx2::rows_in_order;

__m256i bytes(int v) { return _mm256_set1_epi8(static_cast<char>(v)); }

// For each byte value, the positions of its set bits, lowest first, as eight bytes (the lanes
// past its last set bit are 0, and are overwritten by the next byte's rows).
constexpr std::array<std::array<std::uint8_t, 8>, 256> kBitPositions = [] {
  std::array<std::array<std::uint8_t, 8>, 256> table{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    unsigned n = 0;
    for (unsigned bit = 0; bit < 8; ++bit)
      if ((byte >> bit) & 1u) table[byte][n++] = static_cast<std::uint8_t>(bit);
  }
  return table;
}();

}  // namespace

std::size_t list_rows_avx2(std::size_t first, std::size_t blocks, const std::uint32_t* bits,
                           std::uint32_t* out) {
  // Each byte of a block's bits writes eight rows at out + n, of which its set bits' count are
  // kept: n only advances by that count. Before byte k of the bits (8 k rows), n <= 8 k, so the
  // writes end before out[32 * blocks].
  std::size_t n = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::uint32_t m = bits[b];
    for (unsigned k = 0; k < 4; ++k) {
      const unsigned byte = (m >> (8 * k)) & 0xFFu;
      const __m256i positions = _mm256_cvtepu8_epi32(
          _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kBitPositions[byte].data())));
      const auto row = static_cast<int>(first + 32 * b + 8 * k);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + n),
                          _mm256_add_epi32(positions, _mm256_set1_epi32(row)));
      n += static_cast<std::size_t>(std::popcount(byte));
    }
  }
  return n;
}

std::size_t rows_in_avx2(const std::uint32_t* bits, std::size_t blocks) {
  std::size_t n = 0;  // -mavx2 lets std::popcount be one POPCNT instruction
  for (std::size_t b = 0; b < blocks; ++b) n += static_cast<std::size_t>(std::popcount(bits[b]));
  return n;
}

void rows_to_settle_avx2(const SettleFilter& f, std::size_t first, std::size_t blocks,
                         std::uint32_t* masks, std::uint32_t* reviews, std::uint32_t* expiring) {
  using namespace settle_code;
  const __m256i all = _mm256_set1_epi32(-1);
  const __m256i zero = _mm256_setzero_si256();
  const __m256i now = _mm256_set1_epi16(f.t);
  const __m256i tour_max = _mm256_set1_epi16(f.tour_arrived_max);
  const __m256i host_table =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(f.host_bits)));
  const __m256i status_bit_table =
      _mm256_setr_epi8(1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                       1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i lane_bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  const __m256i one = _mm256_set1_epi32(1), low5 = _mm256_set1_epi32(31);
  const int* words = reinterpret_cast<const int*>(f.inspected_bits);
  // Rows whose 16-bit value is at most `limit`, as a byte mask (0 or -1 per row).
  auto at_most = [&](const std::int16_t* values, __m256i limit) {
    return rows_in_order(_mm256_andnot_si256(_mm256_cmpgt_epi16(load(values), limit), all),
                         _mm256_andnot_si256(_mm256_cmpgt_epi16(load(values + 16), limit), all));
  };
  auto nonzero = [&](__m256i v) { return _mm256_andnot_si256(_mm256_cmpeq_epi8(v, zero), all); };

  for (std::size_t b = 0; b < blocks; ++b, first += 32) {
    // Status codes are below 128, so signed byte comparisons order them.
    const __m256i s = load(f.status + first);
    const __m256i flags = load(f.flags + first);
    const __m256i earning = _mm256_cmpgt_epi8(bytes(irregular + 1), s);
    const __m256i irregular_rows = _mm256_cmpeq_epi8(s, bytes(irregular));
    // The host's bits by table lookup (a shuffle) where every host index is below 16; else bits
    // that pass every row they could concern.
    const __m256i host_bits = f.hosts_fit_vector_table
                                  ? _mm256_shuffle_epi8(host_table, load(f.host + first))
                                  : bytes(0xFF & ~no_path_bit);
    // count_queue: queued rows, but not those stranded or detained where no path home is open.
    const __m256i queued = _mm256_and_si256(_mm256_cmpgt_epi8(s, bytes(first_queued - 1)),
                                            _mm256_cmpgt_epi8(bytes(last_queued + 1), s));
    const __m256i stuck =
        _mm256_and_si256(_mm256_or_si256(_mm256_cmpeq_epi8(s, bytes(stranded)),
                                         _mm256_cmpeq_epi8(s, bytes(detained))),
                         nonzero(_mm256_and_si256(host_bits, bytes(no_path_bit))));
    // ExpiryRule::apply: the tour is over, or the permit or visa ends (not for irregular workers).
    const __m256i tour_over = at_most(f.arrived + first, tour_max);
    const __m256i permit_ends = _mm256_andnot_si256(irregular_rows, at_most(f.expiry + first, now));
    __m256i need =
        _mm256_or_si256(_mm256_andnot_si256(stuck, queued),
                        _mm256_and_si256(earning, _mm256_or_si256(tour_over, permit_ends)));
    // ExpiryRule::resolve draws where the permit or visa ends and the tour goes on.
    expiring[b] = static_cast<std::uint32_t>(_mm256_movemask_epi8(
        _mm256_andnot_si256(tour_over, _mm256_and_si256(earning, permit_ends))));
    // count_queue: an irregular worker waiting for a transfer.
    need = _mm256_or_si256(
        need, _mm256_and_si256(irregular_rows,
                               nonzero(_mm256_and_si256(flags, bytes(transfer_pending)))));
    // DepartureOrderRule::apply: the status's bit in the host's bits (statuses 0 and 1 have one),
    // and an exemption flag (need), or orders now and no exemption flag (reviews: the draw
    // decides).
    std::uint32_t review = 0;
    if (f.ordering) {
      const __m256i covered =
          nonzero(_mm256_and_si256(host_bits, _mm256_shuffle_epi8(status_bit_table, s)));
      const __m256i orders = nonzero(_mm256_and_si256(host_bits, bytes(orders_bit)));
      const __m256i exempt = nonzero(_mm256_and_si256(flags, bytes(exempt_flags)));
      need = _mm256_or_si256(need, _mm256_and_si256(covered, exempt));
      review = static_cast<std::uint32_t>(
          _mm256_movemask_epi8(_mm256_andnot_si256(exempt, _mm256_and_si256(covered, orders))));
    }
    reviews[b] = review;
    auto mask = static_cast<std::uint32_t>(_mm256_movemask_epi8(need));
    // DetectionRule::apply: rows working unlawfully (statuses 1 and 2) not passed yet, whose
    // employer's bit is set. The bits are read as 32-bit words (x86 is little-endian), gathered
    // for those rows only, eight at a time.
    if (words != nullptr) {
      const __m256i unlawful = _mm256_andnot_si256(_mm256_cmpeq_epi8(s, zero), earning);
      const std::uint32_t todo = static_cast<std::uint32_t>(_mm256_movemask_epi8(unlawful)) & ~mask;
      for (unsigned g = 0; g < 4; ++g) {
        const std::uint32_t lanes = (todo >> (8 * g)) & 0xFFu;
        if (lanes == 0) continue;
        const __m256i employer = load(f.employer + first + 8 * g);
        const __m256i lane_mask = _mm256_cmpeq_epi32(
            _mm256_and_si256(_mm256_set1_epi32(static_cast<int>(lanes)), lane_bit), lane_bit);
        const __m256i word =
            _mm256_mask_i32gather_epi32(zero, words, _mm256_srli_epi32(employer, 5), lane_mask, 4);
        const __m256i bit =
            _mm256_and_si256(_mm256_srlv_epi32(word, _mm256_and_si256(employer, low5)), one);
        const auto found = static_cast<std::uint32_t>(
            _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(bit, one))));
        mask |= (found & lanes) << (8 * g);
      }
    }
    masks[b] = mask;
  }
}

}  // namespace repatsim
