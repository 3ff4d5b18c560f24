// Counter-based random numbers (Random123 Philox4x32-10), keyed by what happens: the run's seed
// is the key, and (month, stream, agent, block) is the counter. A draw never depends on which
// thread makes it or on how many draws came before, so runs are bitwise identical on any thread
// or rank count. There is no generator object to share and no state to advance.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

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
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        ctr_{{static_cast<std::uint32_t>(month), static_cast<std::uint32_t>(stream),
              static_cast<std::uint32_t>(agent), static_cast<std::uint32_t>(agent >> 32)}} {}

  // The k-th uniform draw in [0, 1), k = 0, 1, 2, 3 come from one Philox call.
  double uniform(unsigned k) {
    if (k / 4 != block_) refill(k / 4);
    return static_cast<double>(out_.v[k % 4]) * 0x1p-32;
  }

  // Months until an event of monthly probability p, counting from 0 (geometric, p in (0, 1]).
  int geometric(unsigned k, double p) {
    if (p >= 1) return 0;
    if (p <= 0) return 1 << 30;
    double u = 1.0 - uniform(k);  // (0, 1]
    return static_cast<int>(std::floor(std::log(u) / std::log1p(-p)));
  }

  // The same number as geometric(k, p), with log_q = std::log1p(-p) computed by the caller once
  // for the many draws that share p (log1p costs as much as the rest of the draw).
  int geometric(unsigned k, double p, double log_q) {
    if (p >= 1) return 0;
    if (p <= 0) return 1 << 30;
    double u = 1.0 - uniform(k);  // (0, 1]
    return static_cast<int>(std::floor(std::log(u) / log_q));
  }

 private:
  void refill(unsigned block) {
    Philox::ctr_type c = ctr_;
    c.v[1] += block << 24;  // streams use the low 24 bits
    out_ = Philox()(c, key_);
    block_ = block;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type out_{};
  unsigned block_ = ~0u;
};

}  // namespace repatsim
