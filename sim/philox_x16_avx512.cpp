// Philox4x32-10 for sixteen counters at once with AVX-512: the algorithm of philox_x8_avx2.cpp on
// 512-bit vectors, each holding one word of two sets of eight blocks. A call costs about what one
// set of eight costs with AVX2 (the instructions are the same, each on twice the lanes), and the
// three-way exclusive or is one instruction (vpternlogd). This file alone is compiled with
// -mavx512f and includes no engine or Random123 header (see philox_x8.hpp);
// tests/sim/test_philox_x8.cpp compares it with Random123.
#include <immintrin.h>

#include "sim/philox_x8.hpp"

namespace repatsim {

namespace {
constexpr std::uint32_t kMultiplier0 = 0xD2511F53u, kMultiplier1 = 0xCD9E8D57u;  // PHILOX_M4x32_0/1
constexpr std::uint32_t kBump0 = 0x9E3779B9u, kBump1 = 0xBB67AE85u;              // PHILOX_W32_0/1
constexpr int kRounds = 10;                                                      // Philox4x32-10
constexpr __mmask16 kOddLanes = 0xAAAA;
constexpr int kExclusiveOr3 = 0x96;  // vpternlogd's truth table for a ^ b ^ c

// Word w of two sets of eight blocks: set 0 in the low half, set 1 in the high half.
__m512i load(const PhiloxLanes* sets, int w) {
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sets[0].v[w]));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sets[1].v[w]));
  return _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
}

void store(__m512i x, PhiloxLanes* sets, int w) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(sets[0].v[w]), _mm512_castsi512_si256(x));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(sets[1].v[w]), _mm512_extracti64x4_epi64(x, 1));
}

// The low and high 32 bits of m * x in each lane (vpmuludq takes the even lanes, so the odd
// lanes are shifted down and multiplied apart).
void multiply(__m512i m, __m512i x, __m512i& lo, __m512i& hi) {
  const __m512i even = _mm512_mul_epu32(x, m);
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(x, 32), m);
  lo = _mm512_mask_blend_epi32(kOddLanes, even, _mm512_slli_epi64(odd, 32));
  hi = _mm512_mask_blend_epi32(kOddLanes, _mm512_srli_epi64(even, 32), odd);
}
}  // namespace

void philox_x16_avx512(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes* counters,
                       PhiloxLanes* out) {
  __m512i x0 = load(counters, 0), x1 = load(counters, 1), x2 = load(counters, 2),
          x3 = load(counters, 3);
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kMultiplier0));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(kMultiplier1));
  __m512i k0 = _mm512_set1_epi32(static_cast<int>(key0));
  __m512i k1 = _mm512_set1_epi32(static_cast<int>(key1));
  __m512i bump0 = _mm512_set1_epi32(static_cast<int>(kBump0));
  __m512i bump1 = _mm512_set1_epi32(static_cast<int>(kBump1));
  asm("" : "+v"(bump0), "+v"(bump1));  // as in philox_x8_avx2.cpp: one add per round key
  for (int round = 0; round < kRounds; ++round) {
    if (round > 0) {
      k0 = _mm512_add_epi32(k0, bump0);
      k1 = _mm512_add_epi32(k1, bump1);
    }
    __m512i lo0, hi0, lo1, hi1;
    multiply(m0, x0, lo0, hi0);
    multiply(m1, x2, lo1, hi1);
    x0 = _mm512_ternarylogic_epi32(hi1, x1, k0, kExclusiveOr3);
    x2 = _mm512_ternarylogic_epi32(hi0, x3, k1, kExclusiveOr3);
    x1 = lo1;
    x3 = lo0;
  }
  store(x0, out, 0);
  store(x1, out, 1);
  store(x2, out, 2);
  store(x3, out, 3);
}

}  // namespace repatsim
