#include "sim/cpu.hpp"

namespace repatsim {

bool cpu_has_avx2() {
#if defined(REPATSIM_AVX2_KERNELS)
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

bool cpu_has_avx512() {
#if defined(REPATSIM_AVX2_KERNELS)
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
#else
  return false;
#endif
}

}  // namespace repatsim
