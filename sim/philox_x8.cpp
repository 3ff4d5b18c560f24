#include "sim/philox_x8.hpp"

#include <Random123/philox.h>

#include "sim/cpu.hpp"

namespace repatsim {

void philox_x8_scalar(std::uint32_t key0, std::uint32_t key1, const PhiloxLanes& counters,
                      PhiloxLanes& out) {
  const r123::Philox4x32::key_type key{{key0, key1}};
  for (int lane = 0; lane < 8; ++lane) {
    const r123::Philox4x32::ctr_type c{
        {counters.v[0][lane], counters.v[1][lane], counters.v[2][lane], counters.v[3][lane]}};
    const r123::Philox4x32::ctr_type r = r123::Philox4x32()(c, key);
    for (int w = 0; w < 4; ++w) out.v[w][lane] = r.v[w];
  }
}

PhiloxX8 best_philox_x8() {
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) return philox_x8_avx2;
#endif
  return philox_x8_scalar;
}

PhiloxLanes counters_of(const AgentCounters16& c, int set) {
  PhiloxLanes counters;
  for (int lane = 0; lane < 8; ++lane) {
    counters.v[0][lane] = c.word0;
    counters.v[1][lane] = c.word1[set];
    counters.v[2][lane] = c.agents[set] != nullptr
                              ? c.agents[set][lane]
                              : c.first_agent[set] + static_cast<std::uint32_t>(lane);
    counters.v[3][lane] = c.agent_high;
  }
  return counters;
}

void philox_x16_scalar(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                       PhiloxLanes* out) {
  for (int set = 0; set < 2; ++set) philox_x8_scalar(key0, key1, counters_of(c, set), out[set]);
}

#if defined(REPATSIM_AVX2_KERNELS)
void philox_x16_avx2(std::uint32_t key0, std::uint32_t key1, const AgentCounters16& c,
                     PhiloxLanes* out) {
  for (int set = 0; set < 2; ++set) philox_x8_avx2(key0, key1, counters_of(c, set), out[set]);
}
#endif

PhiloxX16 best_philox_x16() {
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx512()) return philox_x16_avx512;
  if (cpu_has_avx2()) return philox_x16_avx2;
#endif
  return philox_x16_scalar;
}

}  // namespace repatsim
