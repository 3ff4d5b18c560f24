// Small AVX2 helpers shared by the vector row kernels (settle_filter_avx2.cpp,
// rested_rows_avx2.cpp). Include only from files compiled with -mavx2.
#pragma once

#include <immintrin.h>

namespace repatsim::avx2 {

inline __m256i load(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }

// Rows of two 16-lane masks of 16-bit dates as one 32-lane byte mask, in row order: packs works
// within 128-bit halves, giving rows [0-7, 16-23 | 8-15, 24-31], which the permute reorders.
inline __m256i rows_in_order(__m256i first16, __m256i last16) {
  return _mm256_permute4x64_epi64(_mm256_packs_epi16(first16, last16), _MM_SHUFFLE(3, 1, 2, 0));
}

}  // namespace repatsim::avx2
