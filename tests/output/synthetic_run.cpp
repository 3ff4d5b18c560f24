#include "tests/output/synthetic_run.hpp"

#include <algorithm>
#include <string>

#include "sim/calendar.hpp"
#include "sim/types.hpp"

namespace repatsim::testing {

namespace {

// SplitMix64: a tiny deterministic stream, enough for test data.
class Stream {
 public:
  explicit Stream(std::uint64_t seed) : state_(seed) {}
  std::int64_t below(std::int64_t bound) {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<std::int64_t>(z % static_cast<std::uint64_t>(bound));
  }

 private:
  std::uint64_t state_;
};

std::vector<std::int64_t> draws(Stream& s, std::size_t n, std::int64_t bound) {
  std::vector<std::int64_t> v(n);
  for (auto& x : v) x = s.below(bound);
  return v;
}

}  // namespace

RunRecords make_synthetic_run(const SyntheticShape& shape) {
  Stream stream(shape.seed);
  RunRecords run;
  RunLayout& layout = run.layout;
  layout.scenario_name = "synthetic";
  layout.seed = shape.seed;
  layout.start = make_month(2017, 12);
  layout.months = shape.months;
  for (int h = 0; h < shape.hosts; ++h) layout.hosts.push_back("Host" + std::to_string(h));
  for (int r = 0; r < shape.routes; ++r) {
    const std::string from = layout.hosts.empty()
                                 ? "Nowhere"
                                 : layout.hosts[static_cast<std::size_t>(r) % layout.hosts.size()];
    layout.routes.push_back("rail" + std::to_string(r) + ":" + from + ">DPRK");
    layout.route_from.push_back(from);
    layout.route_to.push_back("DPRK");
    layout.route_capacity.push_back(1000 + 17 * r);
  }

  const auto H = static_cast<std::size_t>(shape.hosts);
  const auto R = static_cast<std::size_t>(shape.routes);
  std::vector<std::int64_t> stock(H * kStatusCount, 0);
  for (auto& x : stock) x = stream.below(5000);
  for (int t = 0; t < shape.months; ++t) {
    MonthRecord m;
    m.month = layout.start + t;
    m.status_in = draws(stream, H * kStatusCount, 300);
    m.status_out.resize(H * kStatusCount);
    for (std::size_t i = 0; i < stock.size(); ++i) {
      m.status_out[i] = stream.below(stock[i] + m.status_in[i] + 1);
      stock[i] += m.status_in[i] - m.status_out[i];
    }
    m.stock_true = stock;
    m.stock_reported = stock;
    for (auto& x : m.stock_reported) x = x / 2;  // hosts under-report
    m.stock_by_sector = draws(stream, H * kSectorCount, 2000);
    m.flows = draws(stream, H * kFlowCount, 400);
    // Odd cents, up to USD 100 billion (1e13 cents): exactness must hold at that scale.
    m.gross_wages_cents = draws(stream, H, 10'000'000'000'000);
    m.worker_share_cents = draws(stream, H, 1'000'000'001);
    m.state_share_cents = draws(stream, H, 7'000'000'003);
    m.state_revenue_cents = draws(stream, H * kRemittanceChannelCount, 5'000'000'007);
    m.informal_held_cents = draws(stream, H, 99'999);
    m.inspections = draws(stream, H, 50);
    m.fines_cents = draws(stream, H, 123'457);
    m.seats_offered = draws(stream, R, 1000);
    m.seats_used.resize(R);
    for (std::size_t r = 0; r < R; ++r) m.seats_used[r] = stream.below(m.seats_offered[r] + 1);
    const bool midterm = t == 1, final_report = t == shape.months - 1 && t != 1;
    if (shape.with_reports && (midterm || final_report))
      for (std::size_t h = 0; h < H; ++h) {
        std::int64_t present = 0;
        for (int s = 0; s < kStatusCount; ++s)
          if (s != idx(Status::repatriated))
            present += stock[h * kStatusCount + static_cast<std::size_t>(s)];
        m.reports.push_back(ReportRecord{layout.hosts[h], midterm ? "midterm" : "final", m.month,
                                         present / 3, present, stream.below(1000),
                                         stream.below(2000)});
      }
    run.months.push_back(std::move(m));
  }
  return run;
}

RunMetadata make_synthetic_metadata() {
  RunMetadata meta;
  meta.scenario_yaml = "name: synthetic\nseed: 20171222\nnote: \"Ünïcode ✓ survives\"\n";
  meta.scenario_source = "tests/output/synthetic.yaml";
  meta.threads = 3;
  meta.wall_time_s = 12.375;
  meta.command_line = "repatsim run tests/output/synthetic.yaml --seed 20171222";
  return meta;
}

}  // namespace repatsim::testing
