// Counter-based random numbers (Random123 Philox4x32-10), keyed by what happens: the run's seed
// is the key, and (month, stream, agent, block) is the counter. A draw never depends on which
// thread makes it or on how many draws came before, so runs are bitwise identical on any thread
// or rank count. There is no generator object to share and no state to advance.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "sim/philox_x8.hpp"

namespace repatsim {

// One stream per decision in the month, so adding a draw to one phase never shifts another.
// The numbers are part of every result: never renumber a stream, only add new ones. (The visa
// switch an employer may choose draws from the stream of the phase that asks: renewal or
// departure_order.)
enum class Stream : std::uint32_t {
  build_worker = 1,      // initial workers: expiry, tour, wage, flags, employer
  build_employer = 2,    // generated employers: margin, appetite, front company
  dispatch_channel = 3,  // per dispatch candidate: channel and approvals
  new_worker = 4,        // attributes of a dispatched worker
  renewal = 5,           // committee approval or visa extension at expiry
  departure_order = 7,   // 2397 ordering at the host's pace
  inspection = 8,        // which employers are inspected
  detection = 9,         // which unlawful workers at inspected employers are found
  transfer = 10,         // third-country transfer arrival status
};

class Draws {
 public:
  using Philox = r123::Philox4x32;

  // All draws for one (month, stream, agent). `month` is the step index (may be negative for
  // draws made while building the initial state).
  Draws(std::uint64_t seed, int month, Stream stream, std::uint64_t agent)
      : key_(key_of(seed)), ctr_(counter_of(month, stream, agent)) {}

  // The Philox key and the counter of the first block of draws for (seed, month, stream, agent),
  // for loops that compute the blocks of many agents at once (philox_x8.hpp).
  static Philox::key_type key_of(std::uint64_t seed) {
    return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  }
  static Philox::ctr_type counter_of(int month, Stream stream, std::uint64_t agent) {
    return {{static_cast<std::uint32_t>(month), static_cast<std::uint32_t>(stream),
             static_cast<std::uint32_t>(agent), static_cast<std::uint32_t>(agent >> 32)}};
  }
  // The uniform draw in [0, 1) a 32-bit word of a block gives.
  static double uniform_of(std::uint32_t word) { return static_cast<double>(word) * 0x1p-32; }

  // The words w with uniform_of(w) < p, for testing many draws against one p in integers:
  // w 2^-32 < p exactly when w < p 2^32 (scaling by a power of two is exact), that is when
  // w < ceil(p 2^32). None at p of 0 or less (or not a number), all from 1.
  static std::uint64_t words_below(double p) {
    if (!(p > 0)) return 0;
    if (p >= 1) return kAllWords;
    return static_cast<std::uint64_t>(std::ceil(std::ldexp(p, 32)));
  }
  static constexpr std::uint64_t kAllWords = std::uint64_t{1} << 32;

  // Gives block `block` the words of lane `lane` of `lanes`, computed by blocks_x8 for this
  // agent, so that its draws need no Philox call here.
  void set_block(unsigned block, const PhiloxLanes& lanes, int lane) {
    const unsigned slot = block & 1u;
    for (int w = 0; w < 4; ++w) out_[slot].v[w] = lanes.v[w][lane];
    block_[slot] = block;
  }

  // The k-th 32-bit word: k = 0-3 come from one Philox call (block 0), 4-7 from the next
  // (block 1), and so on. Two blocks are kept, one even and one odd, so that draws taken in any
  // order from blocks 0 and 1 cost two calls.
  std::uint32_t word(unsigned k) {
    const unsigned block = k / 4, slot = block & 1u;
    if (block != block_[slot]) refill(block, slot);
    return out_[slot].v[k % 4];
  }

  // The k-th uniform draw in [0, 1).
  double uniform(unsigned k) { return uniform_of(word(k)); }

  // Months until an event of monthly probability p, counting from 0 (geometric, p in (0, 1]).
  int geometric(unsigned k, double p) {
    if (p >= 1) return 0;
    if (p <= 0) return 1 << 30;
    double u = 1.0 - uniform(k);  // (0, 1]
    return static_cast<int>(std::floor(std::log(u) / std::log1p(-p)));
  }

  // The same number as geometric(k, p), with log_q = std::log1p(-p) computed by the caller once
  // for the many draws that share p (log1p costs as much as the rest of the draw).
  int geometric(unsigned k, double p, double log_q) { return geometric_of(word(k), p, log_q); }

  // geometric(k, p, log_q) for the k-th word `word`.
  static int geometric_of(std::uint32_t word, double p, double log_q) {
    if (p >= 1) return 0;
    if (p <= 0) return 1 << 30;
    return static_cast<int>(std::floor(geometric_ratio(word, log_q)));
  }
  // What geometric_of rounds down: log(u) / log_q for u = 1 - uniform_of(word), in (0, 1].
  static double geometric_ratio(std::uint32_t word, double log_q) {
    return std::log(1.0 - uniform_of(word)) / log_q;
  }

 private:
  void refill(unsigned block, unsigned slot) {
    Philox::ctr_type c = ctr_;
    c.v[1] += block << 24;  // streams use the low 24 bits
    out_[slot] = Philox()(c, key_);
    block_[slot] = block;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type out_[2]{};
  unsigned block_[2] = {~0u, ~0u};
};

// The Philox counters of block `block` of eight agents, agent_of(0) ... agent_of(7), as Draws
// makes them.
template <typename AgentOf>
void counters_x8(int month, Stream stream, unsigned block, AgentOf&& agent_of,
                 PhiloxLanes& counters) {
  for (int lane = 0; lane < 8; ++lane) {
    Draws::Philox::ctr_type c = Draws::counter_of(month, stream, agent_of(lane));
    c.v[1] += block << 24;  // as Draws::refill
    for (int w = 0; w < 4; ++w) counters.v[w][lane] = c.v[w];
  }
}

// Block `block` of the draws of eight agents at once, agent_of(0) ... agent_of(7): out.v[k][lane]
// is the word Draws(seed, month, stream, agent_of(lane)).uniform(4 * block + k) reads.
template <typename AgentOf>
void blocks_x8(PhiloxX8 philox, std::uint64_t seed, int month, Stream stream, unsigned block,
               AgentOf&& agent_of, PhiloxLanes& out) {
  PhiloxLanes counters;
  counters_x8(month, stream, block, agent_of, counters);
  const Draws::Philox::key_type key = Draws::key_of(seed);
  philox(key.v[0], key.v[1], counters, out);
}

// Blocks of sixteen agents at once, as blocks_x8 for two sets of eight agents: set s holds
// block blocks[s] of the agents (agent_high << 32) + low[s][0] ... low[s][7], where low[s] is
// read from agent_set0 and agent_set1 (philox_x8.hpp says why memory), or, for a set whose
// pointer is null, first[s], first[s] + 1, ... (no wrap past 2^32). out[s].v[k][lane] is the
// word Draws(seed, month, stream, that agent).uniform(4 * blocks[s] + k) reads.
inline void blocks_x16(PhiloxX16 philox, std::uint64_t seed, int month, Stream stream,
                       const unsigned (&blocks)[2], const std::uint32_t* agent_set0,
                       const std::uint32_t* agent_set1, std::uint32_t agent_high,
                       PhiloxLanes* out, const std::uint32_t (&first)[2] = {0, 0}) {
  const Draws::Philox::ctr_type counter = Draws::counter_of(month, stream, 0);
  AgentCounters16 c;
  c.word0 = counter.v[0];
  for (int set = 0; set < 2; ++set) {
    c.word1[set] = counter.v[1] + (blocks[set] << 24);  // as refill
    c.first_agent[set] = first[set];
  }
  c.agents[0] = agent_set0;
  c.agents[1] = agent_set1;
  c.agent_high = agent_high;
  const Draws::Philox::key_type key = Draws::key_of(seed);
  philox(key.v[0], key.v[1], c, out);
}

// The Draws of the agents of a loop over [begin, end), agent_of(j) for item j (a row, below
// 2^32), with their first two blocks computed eight agents at a time (both in one call of
// blocks_x16): the same draws as Draws(seed, month, stream, agent_of(j)), fewer instructions.
// Call draws(j) for every j in rising order; the last, partial group of eight computes its own
// blocks. (Loops that need one block call blocks_x16 for sixteen agents themselves, as
// choose_channels and choose_inspections do.)
template <typename AgentOf>
class DrawsEightAtATime {
  static_assert(std::is_same_v<std::invoke_result_t<AgentOf&, std::size_t>, std::uint32_t>,
                "agents of a DrawsEightAtATime are rows: std::uint32_t");

 public:
  DrawsEightAtATime(std::uint64_t seed, int month, Stream stream, std::size_t begin,
                    std::size_t end, AgentOf agent_of)
      : philox16_(best_philox_x16()), seed_(seed), month_(month), stream_(stream),
        begin_(begin), end_(end), agent_of_(agent_of) {}

  Draws draws(std::size_t j) {
    const std::uint32_t agent = agent_of_(j);
    Draws d(seed_, month_, stream_, agent);
    const std::size_t lane = (j - begin_) % 8, first = j - lane;
    if (end_ - first < 8) return d;
    if (lane == 0) {
      for (std::size_t n = 0; n < 8; ++n) agents_[n] = agent_of_(first + n);
      blocks_x16(philox16_, seed_, month_, stream_, {0, 1}, agents_, agents_, 0, lanes_);
    }
    for (unsigned b = 0; b < 2; ++b) d.set_block(b, lanes_[b], static_cast<int>(lane));
    return d;
  }

 private:
  PhiloxX16 philox16_;
  std::uint64_t seed_;
  int month_;
  Stream stream_;
  std::size_t begin_, end_;
  AgentOf agent_of_;
  std::uint32_t agents_[8];  // the group's agents, for blocks 0 and 1
  PhiloxLanes lanes_[2];
};

// Block 0 of the draws of a list of agents, computed sixteen at a time (philox_x8.hpp) before a
// loop that visits some of them in rising order: for a loop over the rows a vector test picked
// out, each of which needs one Philox block. draws(agent) is Draws(seed, month, stream, agent)
// with block 0 already computed where the agent is on the list, and computed as usual where it
// is not, so the list may hold agents the loop never asks for and miss some it does; the
// numbers are the same either way.
class ListedDraws {
 public:
  ListedDraws(std::uint64_t seed, int month, Stream stream)
      : philox_(best_philox_x8()), philox16_(best_philox_x16()), seed_(seed), month_(month),
        stream_(stream) {}

  // Lists the agents (below 2^32, rising): fill(out) writes at most `most` of them to out[0],
  // out[1], ... and returns how many it wrote. Then computes their blocks. The storage is kept
  // from one call to the next.
  template <typename Fill>
  void compute(std::size_t most, Fill&& fill) {
    if (room_ < most + 8) {  // not value-initialized: fill() writes what is read
      room_ = most + 8;
      agents_ = std::make_unique_for_overwrite<std::uint32_t[]>(room_);
    }
    const std::size_t n = fill(agents_.get());
    const std::size_t groups = (n + 7) / 8;
    for (std::size_t j = n; j < groups * 8; ++j) agents_[j] = agents_[n - 1];  // unused lanes
    lanes_.resize(groups);
    std::size_t g = 0;
    for (; g + 2 <= groups; g += 2) {  // sixteen agents a call
      const std::uint32_t* sixteen = agents_.get() + 8 * g;
      blocks_x16(philox16_, seed_, month_, stream_, {0, 0}, sixteen, sixteen + 8, 0,
                 lanes_.data() + g);
    }
    if (g < groups)
      blocks_x8(philox_, seed_, month_, stream_, 0,
                [&](int lane) { return agents_[8 * g + static_cast<std::size_t>(lane)]; },
                lanes_[g]);
    count_ = n;
    next_ = 0;
  }

  // The listed agents (rising) and word w of the block 0 of each.
  std::size_t size() const { return count_; }
  std::uint32_t agent(std::size_t k) const { return agents_[k]; }
  std::uint32_t word(std::size_t k, int w) const { return lanes_[k / 8].v[w][k % 8]; }

  // Draws(seed, month, stream, agent); call in rising order of agent.
  Draws draws(std::uint64_t agent) {
    Draws d(seed_, month_, stream_, agent);
    while (next_ < count_ && agents_[next_] < agent) ++next_;
    if (next_ < count_ && agents_[next_] == agent)
      d.set_block(0, lanes_[next_ / 8], static_cast<int>(next_ % 8));
    return d;
  }

 private:
  PhiloxX8 philox_;
  PhiloxX16 philox16_;
  std::uint64_t seed_;
  int month_;
  Stream stream_;
  // The list, then copies of its last agent to a multiple of eight, then unused room.
  std::unique_ptr<std::uint32_t[]> agents_;
  std::size_t room_ = 0;
  std::vector<PhiloxLanes> lanes_;     // [agent / 8] block 0 of eight agents
  std::size_t count_ = 0, next_ = 0;
};

}  // namespace repatsim
