// Phase 5: hosts bound by the repatriation deadline (UNSCR 2397 op. 8) review covered workers:
// those the host finds to be its nationals or whose repatriation is barred by law become exempt;
// the others are ordered home at the host's compliance pace, and all of them in the deadline
// month if the host complies by the deadline. Covered: permitted workers and minders, and
// visa-disguised workers where the host counts them. An ordered worker's employer still chooses
// by expected value whether to let them go.
// The rule acts on one row at a time; month_passes.cpp applies it with phases 4 and 6 in one
// pass over the table.
#pragma once

#include <array>
#include <cstdint>

#include "sim/employer_choice.hpp"
#include "sim/phases/settle_filter.hpp"
#include "sim/rng.hpp"
#include "sim/state.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

class DepartureOrderRule {
 public:
  explicit DepartureOrderRule(const SimulationState& state) : state_(&state), t_(state.t) {
    for (std::size_t h = 0; h < state.hosts.size(); ++h) {
      const HostState& host = state.hosts[h];
      if (!host.measures.deadline || t_ < host.measures.deadline_adopted) continue;
      active_ = true;
      unsigned bits = 1u << idx(Status::permitted);
      if (host.posture.counts_visa_disguised) bits |= 1u << idx(Status::visa_disguised);
      const bool all_now = host.posture.complies_at_deadline && t_ >= host.measures.deadline_step;
      if (all_now || host.pace_now > 0) bits |= kOrders;
      reviewed_[h] = static_cast<std::uint8_t>(bits);
      order_below_[h] = all_now ? Draws::kAllWords : Draws::words_below(host.pace_now);
    }
  }

  // Whether any host orders departures this month (else apply() would do nothing).
  bool active() const { return active_; }

  // Host h's bits for this month: bit idx(status) for the statuses it reviews, kOrders if it
  // orders anyone now. apply() reviews a row only if its status's bit is set and either kOrders
  // is or the row has an exemption flag (settle_filter.hpp repeats this test).
  std::uint8_t reviewed(int h) const { return reviewed_[static_cast<std::size_t>(h)]; }
  static constexpr std::uint8_t kOrders = 0x80;

  // Whether review() orders a covered worker of host h without an exemption flag whose first
  // draw (word 0 of block 0 of their Draws) is `word`: the test review() makes, in integers, so
  // the pass of phases 4-6 can draw for many rows at once and visit only those ordered.
  bool orders_with(int h, std::uint32_t word) const {
    return word < order_below_[static_cast<std::size_t>(h)];
  }

  // For the pass of phases 4-6: the rows whose bits are set in reviews[0 .. blocks) (block k:
  // rows first + 32 k to first + 32 k + 31) may need review()'s draw. Computes those
  // draws into `draws`, many rows at a time, and sets in `masks` the bits of the rows the draw
  // orders home; for the others review() would change nothing, so the pass can leave them out.
  void draw_ahead(const WorkerColumns& w, std::size_t first, std::size_t blocks,
                  const std::uint32_t* reviews, ListedDraws& draws, std::uint32_t* masks) const {
    draws.compute(32 * blocks,
                  [&](std::uint32_t* out) { return list_rows(first, blocks, reviews, out); });
    for (std::size_t k = 0; k < draws.size(); ++k) {
      const std::size_t i = draws.agent(k), j = i - first;
      if (orders_with(w.host[i], draws.word(k, 0))) masks[j / 32] |= std::uint32_t{1} << (j % 32);
    }
  }

  static constexpr std::uint8_t kExemptFlags =
      worker_flag::host_national | worker_flag::barred_by_law;

  // Orders row i home or exempts it, if covered by a deadline in force. `listed`, if not null,
  // holds the month's draws of this stream for the rows that may need one (rising rows).
  void apply(const WorkerColumns& w, std::size_t i, Ledger& l,
             ListedDraws* listed = nullptr) const {
    static_assert(idx(Status::permitted) == 0 && idx(Status::visa_disguised) == 1);
    const Status s = w.status[i];
    if (idx(s) > idx(Status::visa_disguised)) return;
    // The host's bits for this month decide most rows without the full review: not covered, or
    // covered in a host that orders no one this month (pace 0) and not exempt.
    const std::uint8_t bits = reviewed_[w.host[i]];
    if (!((bits >> idx(s)) & 1u)) return;
    if (!(bits & kOrders) && !(w.flags[i] & kExemptFlags)) return;
    review(w, i, s, l, listed);
  }

 private:
  // Out of line: keeps the loop that calls apply() for every row small.
  [[gnu::noinline]] void review(const WorkerColumns& w, std::size_t i, Status s, Ledger& l,
                                ListedDraws* listed) const {
    const int t = t_;
    const int h = w.host[i];
    const HostState& host = state_->hosts[h];
    if (!host.measures.deadline || t < host.measures.deadline_adopted) return;
    if (s == Status::visa_disguised && !host.posture.counts_visa_disguised) return;
    if (w.flags[i] & kExemptFlags) {
      l.move(h, s, h, Status::exempt);
      l.count(h, Flow::exemptions_granted);
      w.status[i] = Status::exempt;
      w.expiry[i] = kNoExpiry;
      return;
    }
    const bool all_now = host.posture.complies_at_deadline && t >= host.measures.deadline_step;
    // At a pace of 0 no uniform draw is below it: the outcome is known without computing it.
    if (!all_now && host.pace_now <= 0) return;
    const ScenarioSpec& spec = *state_->spec;
    Draws d = listed != nullptr ? listed->draws(i)
                                : Draws(spec.seed, t, Stream::departure_order, i);
    if (!all_now && d.uniform(0) >= host.pace_now) return;
    l.count(h, Flow::departures_ordered);
    const HostSpec& hs = spec.hosts[h];
    ChoiceOptions options;
    options.visa_available = s == Status::permitted && !host.posture.counts_visa_disguised &&
                             d.uniform(1) < host.posture.visa_tolerance;
    options.transfer_available = host.transfer_arc >= 0;
    const Choice c = choose(state_->employers, w.employer[i], host, hs.employers, options);
    carry_out(c, w, i, h, permit_end(t, host, d, 2), l);
  }

  const SimulationState* state_;
  int t_;
  bool active_ = false;
  // [host] bit idx(status) set for the statuses the host reviews this month; kOrders as above.
  std::array<std::uint8_t, 256> reviewed_{};
  // [host] review() orders a worker whose first draw's word is below this (orders_with).
  std::array<std::uint64_t, 256> order_below_{};
};

}  // namespace repatsim
