#include "sim/phases/settle_filter.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "sim/cpu.hpp"
#include "sim/phases/order_departures.hpp"
#include "sim/phases/resolve_expiries.hpp"
#include "sim/state.hpp"

namespace repatsim {

static_assert(std::is_same_v<std::underlying_type_t<Status>, std::uint8_t>);
static_assert(idx(Status::irregular) == settle_code::irregular);
static_assert(idx(Status::awaiting_exit) == settle_code::first_queued &&
              idx(Status::detained) == settle_code::last_queued);
static_assert(idx(Status::stranded) == settle_code::stranded &&
              idx(Status::detained) == settle_code::detained);
static_assert((settle_code::no_path_bit & (settle_code::orders_bit | 3)) == 0);
static_assert(unlawful(Status::visa_disguised) && unlawful(Status::irregular) &&
              !unlawful(Status::permitted));
static_assert(DepartureOrderRule::kExemptFlags == settle_code::exempt_flags);
static_assert(DepartureOrderRule::kOrders == settle_code::orders_bit);
static_assert(worker_flag::transfer_pending == settle_code::transfer_pending);

namespace {
std::int16_t clamp16(std::int64_t v) {
  return static_cast<std::int16_t>(std::clamp<std::int64_t>(
      v, std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()));
}

// Whether any rule of phases 4-6 could act on row i, as settle_filter.hpp says.
bool may_settle(const SettleFilter& f, std::size_t i) {
  using namespace settle_code;
  const unsigned s = f.status[i];
  // count_queue: counted and listed, unless stranded or detained in a host with no path home.
  if (s - first_queued <= last_queued - first_queued)
    return !((s == stranded || s == detained) && (f.host_bits[f.host[i]] & no_path_bit));
  if (s > irregular) return false;  // exempt or at home
  // ExpiryRule::apply: the tour is over or the permit or visa ends.
  if (f.arrived[i] <= f.tour_arrived_max) return true;
  if (s != irregular && f.expiry[i] <= f.t) return true;
  // count_queue: an irregular worker waiting for a transfer.
  if (s == irregular && (f.flags[i] & transfer_pending)) return true;
  // DepartureOrderRule::apply: a covered status with an exemption flag (without one, in a host
  // that orders now, may_draw_review: the draw decides).
  if (f.ordering && s < irregular) {
    const std::uint8_t bits = f.host_bits[f.host[i]];
    if (((bits >> s) & 1u) && (f.flags[i] & exempt_flags)) return true;
  }
  // DetectionRule::apply: working unlawfully at an inspected employer.
  if (f.inspected_bits != nullptr && s != 0) {
    const std::uint32_t e = f.employer[i];
    if ((f.inspected_bits[e >> 6] >> (e & 63)) & 1u) return true;
  }
  return false;
}

// Whether row i may need phase 5's draw: DepartureOrderRule::apply's test with orders now and
// no exemption flag.
bool may_draw_review(const SettleFilter& f, std::size_t i) {
  using namespace settle_code;
  const unsigned s = f.status[i];
  if (!f.ordering || s >= irregular) return false;
  const std::uint8_t bits = f.host_bits[f.host[i]];
  return ((bits >> s) & 1u) && (bits & orders_bit) && !(f.flags[i] & exempt_flags);
}

// Whether ExpiryRule::resolve draws for row i: a permit or visa ends and the tour goes on.
bool draws_renewal(const SettleFilter& f, std::size_t i) {
  const unsigned s = f.status[i];
  return s < settle_code::irregular && f.expiry[i] <= f.t && f.arrived[i] > f.tour_arrived_max;
}
}  // namespace

SettleFilter settle_filter(const SimulationState& state) {
  SettleFilter f;
  const ConstWorkerColumns w = state.workers.columns();
  f.status = reinterpret_cast<const std::uint8_t*>(w.status);
  f.host = w.host;
  f.flags = w.flags;
  f.expiry = w.expiry;
  f.arrived = w.arrived;
  f.employer = w.employer;
  f.t = clamp16(state.t);
  f.tour_arrived_max = clamp16(std::int64_t{state.t} - ExpiryRule(state).tour_steps());
  const DepartureOrderRule orders(state);
  f.ordering = orders.active();
  const int H = state.host_count();
  for (int h = 0; h < H; ++h)
    f.host_bits[h] = static_cast<std::uint8_t>(
        orders.reviewed(h) | (state.hosts[h].reaches_origin ? 0 : settle_code::no_path_bit));
  f.hosts_fit_vector_table = H <= 16;
  const std::vector<std::uint64_t>& inspected = state.employers.inspected_bits;
  if (std::any_of(inspected.begin(), inspected.end(), [](std::uint64_t word) { return word != 0; }))
    f.inspected_bits = inspected.data();
  return f;
}

void rows_to_settle_scalar(const SettleFilter& filter, std::size_t first, std::size_t blocks,
                           std::uint32_t* masks, std::uint32_t* reviews, std::uint32_t* expiring) {
  for (std::size_t b = 0; b < blocks; ++b) {
    std::uint32_t mask = 0, review = 0, expiry = 0;
    for (unsigned j = 0; j < 32; ++j) {
      const std::size_t i = first + 32 * b + j;
      if (may_settle(filter, i)) mask |= std::uint32_t{1} << j;
      if (may_draw_review(filter, i)) review |= std::uint32_t{1} << j;
      if (draws_renewal(filter, i)) expiry |= std::uint32_t{1} << j;
    }
    masks[b] = mask;
    reviews[b] = review;
    expiring[b] = expiry;
  }
}

std::size_t list_rows_scalar(std::size_t first, std::size_t blocks, const std::uint32_t* bits,
                             std::uint32_t* out) {
  std::size_t n = 0;
  for (std::size_t b = 0; b < blocks; ++b)
    for (std::uint32_t m = bits[b]; m != 0; m &= m - 1)
      out[n++] =
          static_cast<std::uint32_t>(first + 32 * b + static_cast<unsigned>(std::countr_zero(m)));
  return n;
}

std::size_t rows_in_scalar(const std::uint32_t* bits, std::size_t blocks) {
  std::size_t n = 0;
  for (std::size_t b = 0; b < blocks; ++b) n += static_cast<std::size_t>(std::popcount(bits[b]));
  return n;
}

RowsIn best_rows_in() {
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) return rows_in_avx2;
#endif
  return rows_in_scalar;
}

ListRows best_list_rows() {
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) return list_rows_avx2;
#endif
  return list_rows_scalar;
}

RowsToSettle best_rows_to_settle() {
#if defined(REPATSIM_AVX2_KERNELS)
  if (cpu_has_avx2()) return rows_to_settle_avx2;
#endif
  return rows_to_settle_scalar;
}

}  // namespace repatsim
