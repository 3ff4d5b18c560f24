// Philox4x32-10 for sixteen counters at once with AVX-512 (philox_x8.hpp): eight blocks to a
// 512-bit vector, one per 64-bit lane, so that vpmuludq gives each lane's whole product and its
// high half is one shift away (with 32-bit lanes, the odd lanes needed their own shifts,
// multiplications and blends: 18 instructions a round for sixteen blocks, now 14), and the
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
constexpr int kExclusiveOr3 = 0x96;  // vpternlogd's truth table for a ^ b ^ c
}  // namespace

void philox_x16_avx512(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                       PhiloxLanes* out) {
  // Only the low 32 bits of a lane are the block's word: the high bits of x1 and x3 (whole
  // products), and so of x0 and x2, carry junk, which vpmuludq ignores and the stores drop.
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kMultiplier0));
  const __m512i m1 = _mm512_set1_epi32(static_cast<int>(kMultiplier1));
  __m512i k0 = _mm512_set1_epi32(static_cast<int>(key0));
  __m512i k1 = _mm512_set1_epi32(static_cast<int>(key1));
  __m512i bump0 = _mm512_set1_epi32(static_cast<int>(kBump0));
  __m512i bump1 = _mm512_set1_epi32(static_cast<int>(kBump1));
  // Opaque to the compiler, which would otherwise broadcast each round's key from a general
  // register (two instructions) instead of adding the bump (one).
  asm("" : "+v"(bump0), "+v"(bump1));
  __m512i x0[2], x1[2], x2[2], x3[2];
  for (int set = 0; set < 2; ++set) {
    x0[set] = _mm512_set1_epi32(static_cast<int>(c.word0));
    x1[set] = _mm512_set1_epi32(static_cast<int>(c.word1[set]));
    x2[set] = c.agents[set] != nullptr
                  ? _mm512_cvtepu32_epi64(
                        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c.agents[set])))
                  : _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(c.first_agent[set])),
                                     _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
    x3[set] = _mm512_set1_epi32(static_cast<int>(c.agent_high));
  }
  for (int round = 0; round < kRounds; ++round) {
    if (round > 0) {
      k0 = _mm512_add_epi32(k0, bump0);
      k1 = _mm512_add_epi32(k1, bump1);
    }
    for (int set = 0; set < 2; ++set) {
      const __m512i p0 = _mm512_mul_epu32(x0[set], m0), p1 = _mm512_mul_epu32(x2[set], m1);
      x0[set] = _mm512_ternarylogic_epi32(_mm512_srli_epi64(p1, 32), x1[set], k0, kExclusiveOr3);
      x2[set] = _mm512_ternarylogic_epi32(_mm512_srli_epi64(p0, 32), x3[set], k1, kExclusiveOr3);
      x1[set] = p1;
      x3[set] = p0;
    }
  }
  for (int set = 0; set < 2; ++set) {
    const __m512i words[4] = {x0[set], x1[set], x2[set], x3[set]};
    for (int w = 0; w < 4; ++w)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out[set].v[w]),
                          _mm512_cvtepi64_epi32(words[w]));
  }
}

}  // namespace repatsim
