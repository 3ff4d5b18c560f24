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

// The counters of sixteen blocks, two sets of eight: lane l of set s is the counter
// {word0, word1[s], low, agent_high}, the counter Draws makes for block (word1[s] >> 24) of
// agent (agent_high << 32) + low in month word0 (sim/rng.hpp), where low is agents[s][l], read
// from memory, or, where agents[s] is null, first_agent[s] + l (modulo 2^32): consecutive
// agents, written nowhere.
struct AgentCounters16 {
  std::uint32_t word0 = 0;
  std::uint32_t word1[2] = {};
  const std::uint32_t* agents[2] = {};
  std::uint32_t first_agent[2] = {};
  std::uint32_t agent_high = 0;
};

// Two sets of eight blocks at once: out[s] = Philox4x32-10 of set s of the counters. With
// AVX-512 a call costs less than one set of eight with AVX2: a vector holds eight blocks, one
// per 64-bit lane, whose multiplications give whole products. Elsewhere it is two calls of the
// eight-block form. The counters are built inside the call, from the agents (read from memory,
// or consecutive): counters written lane by lane just before a vector form read them could not
// be taken from the stores and waited for them to reach the cache (a fifth of the vector
// Philox's time in a 10^7 run).
using PhiloxX16 = void (*)(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                           PhiloxLanes* out);

// The PhiloxLanes counters of set s of c.
PhiloxLanes counters_of(const AgentCounters16& c, int set);

void philox_x16_scalar(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                       PhiloxLanes* out);

#if defined(REPATSIM_AVX2_KERNELS)
void philox_x16_avx2(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                     PhiloxLanes* out);
// Call only where the CPU has AVX-512 (cpu_has_avx512(), sim/cpu.hpp).
void philox_x16_avx512(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                       PhiloxLanes* out);
#endif

PhiloxX16 best_philox_x16();

}  // namespace repatsim
