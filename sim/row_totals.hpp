// The month-end totals that depend on what each worker row holds: wages and loyalty payments by
// host and status (the wage bill of phase 8), workers present by host and sector (the census of
// phase 9) and each employer's DPRK workforce. They are kept up to date as rows change instead of
// recounted over the whole table every month: a month changes a few percent of the rows, so the
// month's work follows the changes, not the table's size. Wherever a row's status, host,
// sector, wage or employer changes, its old contents are removed from the totals and its new
// ones added (RowTotals::replace). check_totals.hpp recounts every row now and then and must
// find the same numbers. The census by status is the running stock (SimulationState::stock),
// which the Ledger's moves keep.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/types.hpp"
#include "sim/workers.hpp"

namespace repatsim {

// What a row contributes to the totals.
struct RowKey {
  Status status;
  std::uint8_t host;
  Sector sector;
  std::uint32_t wage_cents;
  std::uint32_t employer;
  bool operator==(const RowKey&) const = default;
};

template <typename Columns>
RowKey key_of(const Columns& w, std::size_t i) {
  return {w.status[i], w.host[i], w.sector[i], w.wage_cents[i], w.employer[i]};
}

// Totals (or a change in them) in one flat array [host][field].
struct RowTotals {
  static constexpr int kWages = 0;                           // [kStatusCount] wages by status
  static constexpr int kPayments = kWages + kStatusCount;    // [kStatusCount] loyalty payments
  static constexpr int kSectors = kPayments + kStatusCount;  // [kSectorCount] present by sector
  static constexpr int kFields = kSectors + kSectorCount;

  int hosts = 0;
  std::vector<std::int64_t> counts;  // [host][kFields]

  explicit RowTotals(int h = 0) : hosts(h), counts(static_cast<std::size_t>(h) * kFields) {}

  std::int64_t& at(int host, int field) {
    return counts[static_cast<std::size_t>(host) * kFields + field];
  }
  std::int64_t at(int host, int field) const {
    return counts[static_cast<std::size_t>(host) * kFields + field];
  }

  // Adds (sign +1) or removes (-1) a row's wage and loyalty payment by status and, if it is
  // abroad, its place in the census by sector; returns whether it is abroad (and so counts in
  // its employer's workforce). `loyalty_cents` is the fixed payment of the row's host per worker
  // (0 where the state takes a share instead), at most the wage.
  bool add_counts(const RowKey& k, int sign, const std::int64_t* loyalty_cents) {
    std::int64_t* c = counts.data() + static_cast<std::size_t>(k.host) * kFields;
    const std::int64_t wage = k.wage_cents;
    c[kWages + idx(k.status)] += sign * wage;
    c[kPayments + idx(k.status)] += sign * std::min(loyalty_cents[k.host], wage);
    if (k.status == Status::repatriated)
      return false;  // at home: no census by sector, no workforce
    c[kSectors + idx(k.sector)] += sign;
    return true;
  }
  // add_counts, and the row's employer's workforce changes in `workforce_change`, the calling
  // thread's array of SimulationState::workforce_change.
  void add(const RowKey& k, int sign, const std::int64_t* loyalty_cents,
           std::int32_t* workforce_change) {
    if (add_counts(k, sign, loyalty_cents)) workforce_change[k.employer] += sign;
  }
  // A row abroad changed its status only (same host, sector, wage and employer, and neither
  // status is repatriated): only its wage and payment move between statuses.
  void restatus(int host, std::int64_t wage, Status from, Status to,
                const std::int64_t* loyalty_cents) {
    std::int64_t* c = counts.data() + static_cast<std::size_t>(host) * kFields;
    const std::int64_t payment = std::min(loyalty_cents[host], wage);
    c[kWages + idx(from)] -= wage;
    c[kWages + idx(to)] += wage;
    c[kPayments + idx(from)] -= payment;
    c[kPayments + idx(to)] += payment;
  }
  void replace(const RowKey& before, const RowKey& after, const std::int64_t* loyalty_cents,
               std::int32_t* workforce_change) {
    add(before, -1, loyalty_cents, workforce_change);
    add(after, +1, loyalty_cents, workforce_change);
  }

  // Integer sums: the same in any order.
  void merge(const RowTotals& o) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
  }
  bool same_counts(const RowTotals& o) const { return counts == o.counts; }
};

}  // namespace repatsim
