// Eight Philox4x32-10 blocks at once: the same numbers as Random123's r123::Philox4x32 (sim/rng.hpp
// keys every draw by seed, month, stream and agent), computed with AVX2 vector instructions
// where the CPU has them; and sixteen at once, with AVX-512 where the CPU has it. For the loops
// that draw for many agents in a row (dispatch candidates, inspections), whose Philox calls are
// most of their work.
//
// This header includes no other header of the engine or Random123: philox_x8_avx2.cpp is
// compiled for AVX2 and philox_x16_avx512.cpp for AVX-512, and any inline function it instantiated
// could replace the portable copy in the whole program.
#pragma once

#include <cstdint>

namespace repatsim {

// Counters and results of eight blocks, word-major: v[w][lane] is word w of lane's block.
struct PhiloxLanes {
  std::uint32_t v[4][8];
};

// out = Philox4x32-10 of each lane's counter under the key {key0, key1}.
using PhiloxX8 = void (*)(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes& counters,
                          PhiloxLanes& out);

// The portable form: Random123, one block after another.
void philox_x8_scalar(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes& counters,
                      PhiloxLanes& out);

#if defined(REPATSIM_AVX2_KERNELS)
// The vector form; call only where the CPU has AVX2.
void philox_x8_avx2(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes& counters,
                    PhiloxLanes& out);
#endif

// The fastest form this build and CPU offer (the numbers are the same).
PhiloxX8 best_philox_x8();

// Two sets of eight blocks at once: out[s] = Philox4x32-10 of counters[s] for s = 0, 1. With
// AVX-512 one vector holds a word of all sixteen blocks, so a call costs about what one set of
// eight costs with AVX2; elsewhere it is two calls of the eight-block form.
using PhiloxX16 = void (*)(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes* counters,
                           PhiloxLanes* out);

void philox_x16_scalar(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes* counters,
                       PhiloxLanes* out);

#if defined(REPATSIM_AVX2_KERNELS)
void philox_x16_avx2(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes* counters,
                     PhiloxLanes* out);
// Call only where the CPU has AVX-512 (cpu_has_avx512(), sim/cpu.hpp).
void philox_x16_avx512(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes* counters,
                       PhiloxLanes* out);
#endif

PhiloxX16 best_philox_x16();

}  // namespace repatsim
