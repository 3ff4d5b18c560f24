// `repatsim info` names the run, its dimensions and datasets, and headline figures that agree
// with the records; the size estimate bounds the real file.
#include <catch2/catch.hpp>

#include "output/run_file.hpp"
#include "sim/types.hpp"
#include "tests/output/synthetic_run.hpp"
#include "tests/output/temp_dir.hpp"

using namespace repatsim;
using Catch::Matchers::Contains;
using repatsim::testing::make_synthetic_metadata;
using repatsim::testing::make_synthetic_run;
using repatsim::testing::TempDir;

namespace {

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

TEST_CASE("describe_run_file summarises the run", "[output][describe]") {
  TempDir dir;
  RunRecords run = make_synthetic_run({.hosts = 3, .routes = 2, .months = 5});
  // Make the headline figures known: 2 stranded in Host1 in 2018-02, the peak.
  for (auto& m : run.months)
    for (std::size_t h = 0; h < 3; ++h) m.stock_true[h * kStatusCount + idx(Status::stranded)] = 0;
  run.months[2].stock_true[1 * kStatusCount + idx(Status::stranded)] = 2;
  std::int64_t repatriations = 0, revenue_cents = 0;
  for (const auto& m : run.months) {
    for (std::size_t h = 0; h < 3; ++h)
      repatriations += m.flows[h * kFlowCount + idx(Flow::repatriations)];
    for (auto c : m.state_revenue_cents) revenue_cents += c;
  }
  const auto file = dir / "run.h5";
  write_run_file(file, run, make_synthetic_metadata(), false);

  const std::string text = describe_run_file(file);
  INFO(text);
  CHECK_THAT(text, Contains("synthetic") && Contains("tests/output/synthetic.yaml"));
  CHECK_THAT(text, Contains("20171222"));  // the seed
  CHECK_THAT(text, Contains("2017-12 to 2018-04 (5 months)"));
  CHECK_THAT(text, Contains("month 5, host 3, status " + std::to_string(kStatusCount) + ", flow " +
                            std::to_string(kFlowCount) + ", channel " +
                            std::to_string(kRemittanceChannelCount) + ", sector " +
                            std::to_string(kSectorCount) + ", route 2, report 6"));
  CHECK_THAT(text,
             Contains("stock_true") && Contains("(month, host, status)") && Contains("(5, 3, 8)"));
  CHECK_THAT(text, Contains("state_revenue_usd") && Contains("(month, host, channel)") &&
                       Contains("USD/month"));
  CHECK_THAT(text, Contains("seats_used") && Contains("(month, route)") && Contains("seats/month"));
  CHECK_THAT(text, Contains("reported_stock") && Contains("(report)"));
  CHECK_THAT(text, Contains(grouped(repatriations) + " workers"));
  CHECK_THAT(text,
             Contains("USD " + grouped(revenue_cents / 100) + "." +
                      (revenue_cents % 100 < 10 ? "0" : "") + std::to_string(revenue_cents % 100)));
  CHECK_THAT(text, Contains("2 workers at the end of 2018-02"));
}

TEST_CASE("the size estimate bounds the file and grows with the run", "[output][describe]") {
  TempDir dir;
  const RunRecords small = make_synthetic_run({.hosts = 3, .routes = 2, .months = 12});
  const RunRecords large = make_synthetic_run({.hosts = 12, .routes = 10, .months = 120});
  write_run_file(dir / "small.h5", small, make_synthetic_metadata(), false);
  write_run_file(dir / "large.h5", large, make_synthetic_metadata(), false);
  const auto small_estimate = estimate_run_file_bytes(small.layout);
  const auto large_estimate = estimate_run_file_bytes(large.layout);
  CHECK(small_estimate >= std::filesystem::file_size(dir / "small.h5"));
  CHECK(large_estimate >= std::filesystem::file_size(dir / "large.h5"));
  CHECK(large_estimate > small_estimate);
  // Uncompressed record bytes alone: 120 months x 8 bytes x the values of one month (12 hosts:
  // 4 status arrays, sectors, flows, 5 money fields, channels, inspections; 10 routes: 2 arrays).
  const std::uint64_t per_host =
      4 * kStatusCount + kSectorCount + kFlowCount + 5 + kRemittanceChannelCount + 1;
  CHECK(large_estimate >= 120u * 8u * (12u * per_host + 2u * 10u));
}
