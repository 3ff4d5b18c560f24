// Eight Philox4x32-10 blocks at once: the same numbers as Random123's r123::Philox4x32 (sim/rng.hpp
// keys every draw by seed, month, stream and agent), computed with AVX2 vector instructions
// where the CPU has them. For the loops that draw for many agents in a row (dispatch
// candidates, inspections), whose Philox calls are most of their work.
//
// This header includes no other header of the engine or Random123: philox_x8_avx2.cpp is
// compiled for AVX2, and any inline function it instantiated could replace the portable copy
// in the whole program.
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

}  // namespace repatsim
