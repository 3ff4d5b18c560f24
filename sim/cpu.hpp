// What the CPU running the program can do, for the few kernels with a vector form
// (phases/settle_filter.hpp, philox_x8.hpp).
#pragma once

namespace repatsim {

// Whether this build has the AVX2 kernels (CMake option REPATSIM_AVX2 on x86-64) and the CPU
// runs AVX2 instructions.
bool cpu_has_avx2();

// Whether this build has the AVX-512 kernel (built with the AVX2 ones) and the CPU runs AVX-512
// Foundation instructions. (Under valgrind, which does not run AVX-512, the CPU reports none.)
bool cpu_has_avx512();

}  // namespace repatsim
