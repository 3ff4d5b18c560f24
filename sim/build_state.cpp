#include "sim/build_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/check_totals.hpp"
#include "sim/parallel.hpp"
#include "sim/phases/pay.hpp"
#include "sim/rng.hpp"
#include "sim/worker_attributes.hpp"

namespace repatsim {

namespace {
std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

std::int64_t scaled(std::int64_t count, double scale) {
  return static_cast<std::int64_t>(std::llround(static_cast<double>(count) * scale));
}

void build_hosts(const ScenarioSpec& spec, SimulationState& state) {
  for (const auto& h : spec.hosts) {
    HostState host;
    host.posture = h.posture;
    set_contract_months(host, h.contract_months);
    set_wage_ranges(h, host);
    std::int64_t total = 0;
    for (const auto& e : h.initial_stock) {
      if (e.status == Status::repatriated) continue;
      total += scaled(e.count, spec.population_scale);
      host.sector_weight[idx(e.sector)] += static_cast<double>(e.count);
    }
    // A host that starts empty receives dispatches in the sectors it pays wages for.
    if (total == 0)
      for (const auto& w : h.wages) host.sector_weight[idx(w.sector)] = 1;
    host.dispatch_target =
        h.dispatch_target ? scaled(*h.dispatch_target, spec.population_scale) : total;
    host.bodies.resize(h.enforcement.size());
    state.hosts.push_back(std::move(host));
  }
}

// Generated employers (per sector with workers or wages) and listed ones, with their weights.
void build_employers(const ScenarioSpec& spec, SimulationState& state) {
  for (std::size_t hi = 0; hi < spec.hosts.size(); ++hi) {
    const auto& h = spec.hosts[hi];
    auto& host = state.hosts[hi];
    const auto& es = h.employers;
    std::int64_t sector_total[kSectorCount] = {};
    for (const auto& e : h.initial_stock)
      if (e.status != Status::repatriated)
        sector_total[idx(e.sector)] += scaled(e.count, spec.population_scale);
    for (int k = 0; k < kSectorCount; ++k) {
      if (host.sector_weight[k] <= 0) continue;
      const auto generated = std::max<std::int64_t>(
          1, static_cast<std::int64_t>(
                 std::ceil(static_cast<double>(sector_total[k]) / es.workers_per_employer)));
      for (std::int64_t i = 0; i < generated; ++i) {
        const auto row = static_cast<std::uint32_t>(state.employers.size_count());
        Draws d(spec.seed, -1, Stream::build_employer, row);
        const bool front = d.uniform(2) < es.front_company_share;
        state.employers.push_back(
            static_cast<std::uint8_t>(hi), static_cast<Sector>(k), front,
            static_cast<float>(es.margin_usd.low + d.uniform(0) * (es.margin_usd.high - es.margin_usd.low)),
            static_cast<float>(es.risk_appetite.low +
                               d.uniform(1) * (es.risk_appetite.high - es.risk_appetite.low)),
            static_cast<float>(es.initial_belief));
        host.employers[k].push_back(row);
        host.employer_cum_weight[k].push_back(es.workers_per_employer);
        if (front) host.front_employers.push_back(row);
      }
    }
    for (const auto& l : es.listed) {
      const auto row = static_cast<std::uint32_t>(state.employers.size_count());
      state.employers.push_back(static_cast<std::uint8_t>(hi), l.sector, l.front_company,
                                static_cast<float>(l.margin_usd),
                                static_cast<float>(l.risk_appetite),
                                static_cast<float>(es.initial_belief));
      const int k = idx(l.sector);
      host.employers[k].push_back(row);
      host.employer_cum_weight[k].push_back(static_cast<double>(std::max<std::int64_t>(l.size, 1)));
      if (host.sector_weight[k] <= 0) host.sector_weight[k] = static_cast<double>(l.size);
      if (l.front_company) host.front_employers.push_back(row);
    }
    for (auto& cum : host.employer_cum_weight)
      for (std::size_t i = 1; i < cum.size(); ++i) cum[i] += cum[i - 1];
    for (int k = 0; k < kSectorCount; ++k) {
      host.employer_guide[k] = employer_guide(host.employer_cum_weight[k]);
      host.even_employers[k] = even_employers(host.employers[k], host.employer_cum_weight[k]);
    }
  }
}

struct Block {  // a run of initial rows sharing host, sector and status
  std::size_t begin, end;
  int host;
  Sector sector;
  Status status;
};

void build_workers(const ScenarioSpec& spec, SimulationState& state) {
  std::vector<Block> blocks;
  std::size_t rows = 0;
  for (std::size_t hi = 0; hi < spec.hosts.size(); ++hi)
    for (const auto& e : spec.hosts[hi].initial_stock) {
      const auto n = static_cast<std::size_t>(scaled(e.count, spec.population_scale));
      if (n) blocks.push_back({rows, rows + n, static_cast<int>(hi), e.sector, e.status});
      rows += n;
    }
  auto& w = state.workers;
  // Arrivals add rows as the run goes (11.2 million rows at the end of the historical scenario
  // at 10^7 workers). Growing past the columns' capacity moves every column, 16 bytes a row, in
  // the middle of a month; with room for twice the initial rows most runs never move them. The
  // room is address space, not memory: pages are touched only when rows are used.
  w.reserve(2 * rows);
  w.resize_for_overwrite(rows);  // the loop below writes every column of every row
  const double tour = spec.dprk.tour_months;
  // Rows are independent: fill them in parallel, each from its own keyed draws.
  for_each_range(rows, kChunkRows, [&](std::size_t begin, std::size_t end) {
    auto blk_it = std::upper_bound(blocks.begin(), blocks.end(), begin,
                                   [](std::size_t row, const Block& b) { return row < b.end; });
    // Each row draws from blocks 0 and 1.
    DrawsEightAtATime batch(spec.seed, -1, Stream::build_worker, begin, end,
                            [](std::size_t i) { return static_cast<std::uint32_t>(i); });
    for (std::size_t i = begin; i < end; ++i) {
      while (i >= blk_it->end) ++blk_it;
      const Block& blk = *blk_it;
      const HostSpec& h = spec.hosts[blk.host];
      const HostState& host = state.hosts[blk.host];
      Draws d = batch.draws(i);
      w.status[i] = blk.status;
      w.host[i] = static_cast<std::uint8_t>(blk.host);
      w.sector[i] = blk.sector;
      w.flags[i] = draw_flags(h, d.uniform(3), d.uniform(4), d.uniform(5));
      w.wage_cents[i] = draw_wage_cents(host, blk.sector, d.uniform(2));
      w.employer[i] = pick_employer(host, blk.sector, d.uniform(6));
      // Tours already under way: months abroad uniform over a tour (a stationary rotation).
      w.arrived[i] = static_cast<std::int16_t>(-std::floor(d.uniform(1) * tour));
      // Permits and visas end with a constant monthly hazard 1/contract_months, so a stock left
      // without renewals decays as N0 (1 - 1/L)^t.
      // The hazard 1/contract_months is the host's permit_hazard, 1/max(1, contract_months)
      // (contract_months > 0, check_spec): below a month both give 0 months. So its table
      // (geometric_table.hpp) gives the months without a logarithm.
      if (blk.status == Status::permitted || blk.status == Status::visa_disguised) {
        const int months = host.permit_months.months(d.word(0));
        w.expiry[i] = static_cast<std::int16_t>(std::min(months, int{kNoExpiry - 1}));
      } else if (blk.status == Status::repatriated)
        w.expiry[i] = static_cast<std::int16_t>(-spec.dprk.rest_months);
      else
        w.expiry[i] = kNoExpiry;
    }
  });
  state.stock.assign(spec.hosts.size() * kStatusCount, 0);
  for (const Block& blk : blocks)
    state.stock[blk.host * kStatusCount + idx(blk.status)] += static_cast<std::int64_t>(blk.end - blk.begin);
}
}  // namespace

SpecError::SpecError(std::vector<std::string> problems)
    : std::invalid_argument(join(problems)), problems_(std::move(problems)) {}

std::int64_t initial_worker_count(const ScenarioSpec& spec) {
  std::int64_t n = 0;
  for (const auto& h : spec.hosts)
    for (const auto& e : h.initial_stock) n += scaled(e.count, spec.population_scale);
  return n;
}

std::vector<std::string> check_spec(const ScenarioSpec& spec) {
  std::vector<std::string> problems;
  if (spec.hosts.empty()) problems.push_back("hosts: a scenario needs at least one host");
  if (spec.hosts.size() > kMaxHosts)
    problems.push_back(fmt::format("hosts: {} hosts; the engine supports at most {}",
                                   spec.hosts.size(), kMaxHosts));
  if (spec.months() < 1 || spec.months() > 30000)
    problems.push_back(fmt::format("end: the run has {} months; expected 1 to 30000", spec.months()));
  if (initial_worker_count(spec) > std::int64_t{2'000'000'000})
    problems.push_back("hosts: more than 2e9 initial workers; the worker table holds at most 2^32 rows");
  for (const auto& h : spec.hosts) {
    bool sectors[kSectorCount] = {};
    for (const auto& e : h.initial_stock) sectors[idx(e.sector)] = sectors[idx(e.sector)] || e.count > 0;
    for (const auto& l : h.employers.listed) sectors[idx(l.sector)] = true;
    for (int k = 0; k < kSectorCount; ++k) {
      if (!sectors[k]) continue;
      bool paid = false;
      for (const auto& w : h.wages) paid = paid || idx(w.sector) == k;
      if (!paid)
        problems.push_back(fmt::format("hosts[{}].wages: no wage for sector '{}', which has workers",
                                       h.name, kSectorNames[k]));
    }
    if (h.contract_months <= 0)
      problems.push_back(fmt::format("hosts[{}].contract_months: must be positive", h.name));
    if (h.employers.workers_per_employer <= 0)
      problems.push_back(fmt::format("hosts[{}].employers.workers_per_employer: must be positive", h.name));
  }
  if (spec.dprk.tour_months <= 0) problems.push_back("dprk.tour_months: must be positive");
  return problems;
}

SimulationState build_state(const ScenarioSpec& spec) {
  if (auto problems = check_spec(spec); !problems.empty()) throw SpecError(std::move(problems));
  SimulationState state;
  state.spec = &spec;
  state.network = Network(spec);
  build_hosts(spec, state);
  build_employers(spec, state);
  build_workers(spec, state);
  // The totals the engine keeps up to date from here on start from a count of every row.
  for (const PayRule& rule : pay_rules(spec)) state.loyalty_cents.push_back(rule.loyalty_cents);
  state.returnees_step = 0;
  RowCount count = count_rows(state);
  state.totals = std::move(count.totals);
  state.employers.size = std::move(count.employer_size);
  state.returnees_by_chunk = std::move(count.rested);
  state.resting = std::move(count.resting);
  state.route_closed.assign(spec.routes.size(), 0);
  state.arc_open.assign(state.network.arcs().size(), 1);
  state.arc_remaining.assign(state.network.arcs().size(), 0);
  state.month = Ledger(state.host_count());
  return state;
}

}  // namespace repatsim
