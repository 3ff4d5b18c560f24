// Eight Philox blocks at once (sim/philox_x8.hpp) give Random123's numbers, so the loops that use
// them draw exactly what Draws would.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

#include "sim/cpu.hpp"
#include "sim/philox_x8.hpp"
#include "sim/rng.hpp"

using namespace repatsim;

namespace {
bool same(const PhiloxLanes& a, const PhiloxLanes& b) {
  for (int w = 0; w < 4; ++w)
    for (int lane = 0; lane < 8; ++lane)
      if (a.v[w][lane] != b.v[w][lane]) return false;
  return true;
}
}  // namespace

TEST_CASE("eight Philox blocks at once equal Random123's, block by block", "[philox]") {
  std::mt19937_64 rng(2026);
  const std::uint32_t edges[] = {0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu};
  for (int trial = 0; trial < 2000; ++trial) {
    PhiloxLanes counters, scalar;
    for (int w = 0; w < 4; ++w)
      for (int lane = 0; lane < 8; ++lane)
        counters.v[w][lane] =
            trial < 25 ? edges[(trial + w + lane) % 5] : static_cast<std::uint32_t>(rng());
    const auto key0 = static_cast<std::uint32_t>(rng()),
               key1 = trial == 0 ? 0u : static_cast<std::uint32_t>(rng());
    philox_x8_scalar(key0, key1, counters, scalar);
    // The portable form is Random123 itself ...
    for (int lane = 0; lane < 8; ++lane) {
      const r123::Philox4x32::ctr_type r = r123::Philox4x32()(
          {{counters.v[0][lane], counters.v[1][lane], counters.v[2][lane], counters.v[3][lane]}},
          {{key0, key1}});
      for (int w = 0; w < 4; ++w) REQUIRE(scalar.v[w][lane] == r.v[w]);
    }
    // ... and the vector form agrees with it.
#if defined(REPATSIM_AVX2_KERNELS)
    if (cpu_has_avx2()) {
      PhiloxLanes vector;
      philox_x8_avx2(key0, key1, counters, vector);
      REQUIRE(same(vector, scalar));
    }
#endif
  }
}

TEST_CASE("sixteen Philox blocks at once equal two sets of eight, in every form", "[philox]") {
  std::mt19937_64 rng(2375);
  for (int trial = 0; trial < 1000; ++trial) {
    // Edge values first (all words 0 or 2^32 - 1 less the lane), then random ones; each set reads
    // its own eight agents.
    auto word = [&](std::uint32_t k) {
      return trial < 8 ? (trial % 2 == 0 ? 0u : 0xFFFFFFFFu) - k : static_cast<std::uint32_t>(rng());
    };
    std::uint32_t agents[2][8];
    for (std::uint32_t k = 0; k < 16; ++k) agents[k / 8][k % 8] = word(k);
    AgentCounters16 c;
    c.word0 = word(1);
    c.word1[0] = word(2);
    c.word1[1] = word(3);
    c.agents[0] = agents[0];
    c.agents[1] = agents[1];
    c.agent_high = word(4);
    // Every third trial, a set of consecutive agents from first_agent (edge trials wrap past
    // 2^32): set 0 in some trials, set 1 or both in others.
    if (trial % 3 == 2) {
      for (int set = 0; set < 2; ++set) {
        if ((trial / 3) % 3 == set) continue;  // this set reads its agents from memory
        c.agents[set] = nullptr;
        c.first_agent[set] = word(5 + static_cast<std::uint32_t>(set));
        for (std::uint32_t lane = 0; lane < 8; ++lane)
          agents[set][lane] = c.first_agent[set] + lane;
      }
    }
    const auto key0 = static_cast<std::uint32_t>(rng()), key1 = static_cast<std::uint32_t>(rng());
    PhiloxLanes want[2];
    for (int set = 0; set < 2; ++set) {
      const PhiloxLanes counters = counters_of(c, set);
      for (int lane = 0; lane < 8; ++lane) {
        REQUIRE(counters.v[0][lane] == c.word0);
        REQUIRE(counters.v[1][lane] == c.word1[set]);
        REQUIRE(counters.v[2][lane] == agents[set][lane]);
        REQUIRE(counters.v[3][lane] == c.agent_high);
      }
      philox_x8_scalar(key0, key1, counters, want[set]);
    }
    auto check = [&](PhiloxX16 philox) {
      PhiloxLanes got[2];
      philox(key0, key1, c, got);
      REQUIRE(same(got[0], want[0]));
      REQUIRE(same(got[1], want[1]));
    };
    check(philox_x16_scalar);
    check(best_philox_x16());
#if defined(REPATSIM_AVX2_KERNELS)
    if (cpu_has_avx2()) check(philox_x16_avx2);
    if (cpu_has_avx512()) check(philox_x16_avx512);
#endif
  }
}

TEST_CASE("blocks_x16 gives each set of eight what blocks_x8 gives it", "[philox]") {
  const std::uint64_t seed = 0xFEDCBA9876543210ull;
  const std::uint32_t high = 3;
  std::uint32_t low[2][8];
  for (std::uint32_t k = 0; k < 16; ++k) low[k / 8][k % 8] = 977 * k + 0xFFFFFF00u;
  auto check = [&](const PhiloxLanes (&sixteen)[2]) {
    for (int set = 0; set < 2; ++set) {
      PhiloxLanes eight;
      blocks_x8(
          philox_x8_scalar, seed, 5, Stream::new_worker, static_cast<unsigned>(set + 1),
          [&](int lane) { return (std::uint64_t{high} << 32) | low[set][lane]; }, eight);
      REQUIRE(same(sixteen[set], eight));
    }
  };
  PhiloxLanes sixteen[2];
  blocks_x16(best_philox_x16(), seed, 5, Stream::new_worker, {1, 2}, low[0], low[1], high,
             sixteen);
  check(sixteen);
  // Consecutive agents, from memory in set 0 and from their first in set 1.
  for (std::uint32_t k = 0; k < 16; ++k) low[k / 8][k % 8] = 0xFFFFF000u + k;
  blocks_x16(best_philox_x16(), seed, 5, Stream::new_worker, {1, 2}, low[0], nullptr, high,
             sixteen, {0, 0xFFFFF008u});
  check(sixteen);
}

TEST_CASE("blocks_x8 gives the draws Draws gives each agent, and Draws takes them back",
          "[philox]") {
  const std::uint64_t seed = 0x123456789ABCDEFull;
  const std::uint64_t first = (std::uint64_t{7} << 32) | 0xFFFFFFFCull;  // the low word wraps
  auto agent = [&](int lane) { return first + static_cast<std::uint64_t>(lane); };
  PhiloxLanes blocks[2];
  blocks_x8(best_philox_x8(), seed, -3, Stream::dispatch_channel, 0, agent, blocks[0]);
  blocks_x8(best_philox_x8(), seed, -3, Stream::dispatch_channel, 1, agent, blocks[1]);
  for (int lane = 0; lane < 8; ++lane) {
    Draws d(seed, -3, Stream::dispatch_channel, agent(lane));
    Draws preset(seed, -3, Stream::dispatch_channel, agent(lane));
    preset.set_block(0, blocks[0], lane);
    preset.set_block(1, blocks[1], lane);
    for (unsigned k = 0; k < 12; ++k) {  // blocks 0 and 1 as computed, then block 2 by Draws
      if (k < 8) REQUIRE(Draws::uniform_of(blocks[k / 4].v[k % 4][lane]) == d.uniform(k));
      REQUIRE(preset.uniform(k) == d.uniform(k));
    }
  }
}

TEST_CASE("Draws gives draw k from block k / 4 whatever order the draws are taken in", "[philox]") {
  const std::uint64_t seed = 99, agent = 123456;
  const unsigned order[] = {1, 3, 4, 5, 6, 2, 7, 0, 9, 4, 1, 11, 8, 2, 10, 6};
  Draws d(seed, 17, Stream::new_worker, agent);
  for (unsigned k : order) {
    r123::Philox4x32::ctr_type c = Draws::counter_of(17, Stream::new_worker, agent);
    c.v[1] += (k / 4) << 24;
    const r123::Philox4x32::ctr_type block = r123::Philox4x32()(c, Draws::key_of(seed));
    INFO("draw " << k);
    REQUIRE(d.uniform(k) == Draws::uniform_of(block.v[k % 4]));
  }
}

TEST_CASE("DrawsEightAtATime gives every item of a loop the draws Draws gives it", "[philox]") {
  // A range of whole groups of eight that ends inside one, agents that are not the item numbers,
  // and draws from both blocks computed ahead and from a third (Draws' own).
  const std::uint64_t seed = 31337;
  auto agent = [](std::size_t j) { return static_cast<std::uint32_t>(1000003 * j + 17); };
  DrawsEightAtATime batch(seed, 42, Stream::new_worker, 3, 45, agent);
  for (std::size_t j = 3; j < 45; ++j) {
    Draws got = batch.draws(j);
    Draws want(seed, 42, Stream::new_worker, agent(j));
    for (unsigned k : {6u, 0u, 11u, 3u, 4u, 9u}) {
      INFO("item " << j << ", draw " << k);
      REQUIRE(got.uniform(k) == want.uniform(k));
    }
  }
}

TEST_CASE("ListedDraws gives listed and unlisted agents the draws Draws gives them", "[philox]") {
  const std::uint64_t seed = 0x123456789ABCDEFull;
  ListedDraws draws(seed, 17, Stream::departure_order);  // reused, as the pass of phases 4-6 does
  for (std::size_t n : {100, 0, 1, 7, 8, 9, 3}) {
    // Listed: every third agent from 5 (n of them), plus agent 2^32 - 1 when n > 8.
    std::vector<std::uint32_t> listed;
    for (std::size_t k = 0; k < n; ++k) listed.push_back(static_cast<std::uint32_t>(5 + 3 * k));
    if (n > 8) listed.back() = 0xFFFFFFFFu;
    draws.compute(listed.size(), [&](std::uint32_t* out) {
      for (std::uint32_t a : listed) *out++ = a;
      return listed.size();
    });
    REQUIRE(draws.size() == n);
    for (std::size_t k = 0; k < n; ++k) {
      REQUIRE(draws.agent(k) == listed[k]);
      Draws d(seed, 17, Stream::departure_order, listed[k]);
      for (int w = 0; w < 4; ++w)
        REQUIRE(draws.word(k, w) ==
                static_cast<std::uint32_t>(d.uniform(static_cast<unsigned>(w)) * 0x1p32));
    }
    // Asked in rising order, some agents listed and some not, with draws from blocks 0 and 1.
    std::vector<std::uint64_t> asked = {0, 5, 6, 8, 14, 50, 0xFFFFFFFEull, 0xFFFFFFFFull};
    for (std::uint64_t agent : asked) {
      Draws got = draws.draws(agent), want(seed, 17, Stream::departure_order, agent);
      for (unsigned k = 0; k < 8; ++k) REQUIRE(got.uniform(k) == want.uniform(k));
    }
  }
}
