// Philox4x32-10 (Salmon et al. 2011; Random123's constants) for eight counters at once with AVX2:
// each 32-bit word of the eight blocks in one vector. A round multiplies words 0 and 2 by the
// Philox constants (32 x 32 -> 64 bits: vpmuludq takes the even lanes, so the odd lanes are
// shifted down and multiplied apart) and mixes the halves with words 1 and 3 and the round key.
// This file alone is compiled with -mavx2 and includes no engine or Random123 header (see
// philox_x8.hpp); tests/sim/test_philox_x8.cpp compares it with Random123.
#include <immintrin.h>

#include "sim/philox_x8.hpp"

namespace repatsim {

namespace {
constexpr std::uint32_t kMultiplier0 = 0xD2511F53u, kMultiplier1 = 0xCD9E8D57u;  // PHILOX_M4x32_0/1
constexpr std::uint32_t kBump0 = 0x9E3779B9u, kBump1 = 0xBB67AE85u;              // PHILOX_W32_0/1
constexpr int kRounds = 10;                                                      // Philox4x32-10

__m256i load(const std::uint32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// The low and high 32 bits of m * x in each lane.
void multiply(__m256i m, __m256i x, __m256i& lo, __m256i& hi) {
  const __m256i even = _mm256_mul_epu32(x, m);                        // lanes 0, 2, 4, 6
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);  // lanes 1, 3, 5, 7
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}
}  // namespace

void philox_x8_avx2(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes& counters,
                    PhiloxLanes& out) {
  __m256i x0 = load(counters.v[0]), x1 = load(counters.v[1]), x2 = load(counters.v[2]),
          x3 = load(counters.v[3]);
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kMultiplier0));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(kMultiplier1));
  // The round keys in every lane, bumped by vector adds (a broadcast per round costs three
  // instructions per key): the same 32-bit sums as the scalar k += bump.
  __m256i k0 = _mm256_set1_epi32(static_cast<int>(key0));
  __m256i k1 = _mm256_set1_epi32(static_cast<int>(key1));
  __m256i bump0 = _mm256_set1_epi32(static_cast<int>(kBump0));
  __m256i bump1 = _mm256_set1_epi32(static_cast<int>(kBump1));
  // Opaque to the compiler, which would otherwise fold each round's key into its own constant,
  // broadcast anew (three instructions) instead of one add.
  asm("" : "+x"(bump0), "+x"(bump1));
  for (int round = 0; round < kRounds; ++round) {
    if (round > 0) {
      k0 = _mm256_add_epi32(k0, bump0);
      k1 = _mm256_add_epi32(k1, bump1);
    }
    __m256i lo0, hi0, lo1, hi1;
    multiply(m0, x0, lo0, hi0);
    multiply(m1, x2, lo1, hi1);
    const __m256i y0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), k0);
    const __m256i y2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), k1);
    x0 = y0;
    x1 = lo1;
    x2 = y2;
    x3 = lo0;
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.v[0]), x0);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.v[1]), x1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.v[2]), x2);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out.v[3]), x3);
}

}  // namespace repatsim
