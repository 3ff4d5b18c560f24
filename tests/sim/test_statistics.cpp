// Statistical checks of the mechanisms, with fixed seeds and tolerances of 4 standard errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;
using test::flow;
using test::stock;

namespace {
// One host, everything switched off but what the test turns on.
ScenarioSpec quiet_host(std::int64_t workers) {
  ScenarioSpec s;
  s.name = "quiet";
  s.seed = 2024;
  s.start = make_month(2017, 1);
  s.end = make_month(2018, 12);
  HostSpec h = test::make_host("Host", workers);
  h.dispatch_max_per_month = 0;
  h.posture.compliance_pace = 0;
  h.posture.visa_tolerance = 0;
  h.employers.front_company_share = 0;
  h.employers.margin_usd = {0, 0};  // keeping a worker is worth nothing: employers comply
  h.enforcement.clear();
  s.hosts = {h};
  s.dprk.tour_months = 30000;  // tours practically never end (the expiry test accounts for it)
  s.routes = {test::make_route("air", "DPRK", "Host", 1000000)};
  return s;
}

void check_within(double observed, double expected, double sd, const char* what) {
  INFO(what << ": expected " << expected << ", observed " << observed << ", 4 SE = " << 4 * sd);
  CHECK(std::abs(observed - expected) <= 4 * sd);
}
}  // namespace

TEST_CASE("with only contract expiry, the permitted stock decays as N0 (1 - 1/L)^t", "[statistics]") {
  const std::int64_t n0 = 100000;
  ScenarioSpec spec = quiet_host(n0);
  MeasureSpec ban = test::make_measure(MeasureType::new_authorization_ban, spec.start);
  spec.measures = {ban};
  const double L = spec.hosts[0].contract_months;
  const RunRecords run = test::run(spec);
  for (int t : {0, 5, 11, 23}) {
    // Stock at the end of step t: each permit survived t + 1 monthly hazards of 1/L, and its
    // holder's tour (begun uniformly over the last T months) has not ended: a share t / T has.
    const double T = spec.dprk.tour_months;
    const double q = std::pow(1 - 1 / L, t + 1) * (1 - t / T);
    const double sd = std::sqrt(static_cast<double>(n0) * q * (1 - q));
    check_within(static_cast<double>(stock(run.months[t], 0, Status::permitted)), static_cast<double>(n0) * q, sd,
                 "permitted stock");
  }
}

TEST_CASE("detections match inspected unlawful workers times the detection probability", "[statistics]") {
  ScenarioSpec spec = quiet_host(0);
  spec.end = spec.start;
  HostSpec& h = spec.hosts[0];
  h.initial_stock = {{Sector::construction, Status::irregular, 50000}};
  EnforcementBodySpec body;
  body.name = "inspectorate";
  body.capacity = 1e9;  // every employer is inspected
  body.detection_probability = 0.3;
  body.employer_fine_usd = 100;
  h.enforcement = {body};
  const RunRecords run = test::run(spec);
  const double n = 50000, p = 0.3;
  const MonthRecord& m = run.months[0];
  check_within(static_cast<double>(flow(m, 0, Flow::detections)), n * p, std::sqrt(n * p * (1 - p)), "detections");
  CHECK(m.inspections[0] == static_cast<std::int64_t>(std::ceil(50000 / h.employers.workers_per_employer)));
  CHECK(m.fines_cents[0] == flow(m, 0, Flow::detections) * 100 * 100);

  SECTION("inspections follow capacity under random targeting") {
    spec.hosts[0].enforcement[0].capacity = 500;
    const RunRecords partial = test::run(spec);
    const double employers = 2500, share = 500 / employers;
    const MonthRecord& pm = partial.months[0];
    check_within(static_cast<double>(pm.inspections[0]), 500, std::sqrt(employers * share * (1 - share)), "inspections");
    // Detections: about share * n * p (binomial mixture; the employer-level variance dominates).
    const double per_employer = n / employers;
    const double sd = std::sqrt(employers * share * (1 - share)) * per_employer * p +
                      std::sqrt(share * n * p * (1 - p));
    check_within(static_cast<double>(flow(pm, 0, Flow::detections)), share * n * p, sd, "detections at partial inspection");
  }
}

TEST_CASE("employers' choices follow expected value as the fine and detection change", "[statistics]") {
  // All permits expire in the first month under a ban that refuses renewals; employers with
  // heterogeneous margins and risk appetites choose to comply or keep workers irregular.
  auto share_kept = [](double fine, double detection) {
    ScenarioSpec spec = quiet_host(40000);
    spec.end = spec.start;
    HostSpec& h = spec.hosts[0];
    h.contract_months = 1;  // hazard 1: every permit ends at step 0
    h.employers.margin_usd = {0, 400};
    h.employers.workers_per_employer = 1;  // one worker each: independent choices
    h.employers.initial_belief = 0.2;
    EnforcementBodySpec body;
    body.name = "inspectorate";
    body.capacity = 0.000001;  // inspections are believed in, almost never made
    body.detection_probability = detection;
    body.employer_fine_usd = fine;
    h.enforcement = {body};
    spec.measures = {test::make_measure(MeasureType::new_authorization_ban, spec.start)};
    const MonthRecord m = test::run(spec).months[0];
    const double expired = static_cast<double>(flow(m, 0, Flow::permit_expiries));
    REQUIRE(expired == 40000);
    return static_cast<double>(flow(m, 0, Flow::switched_to_irregular)) / expired;
  };
  // Workers pick their employer at random, so employers hold Poisson(1) workers each and a
  // share p has variance p (2 - p) / n rather than the binomial p (1 - p) / n.
  const double n = 40000;
  auto var = [&](double p) { return p * (2 - p) / n; };
  auto se = [&](double a, double b) { return std::sqrt(var(a) + var(b)); };
  const double base = share_kept(2000, 0.3);
  const double higher_fine = share_kept(4000, 0.3);
  const double higher_detection = share_kept(2000, 0.6);
  INFO("kept irregular: base " << base << ", fine doubled " << higher_fine << ", detection doubled "
                               << higher_detection);
  CHECK(base - higher_fine > 4 * se(base, higher_fine));
  CHECK(base - higher_detection > 4 * se(base, higher_detection));
  // Expected value: margin m kept iff m > belief * detection * fine * 2(1 - appetite). With
  // margin ~ U(0, 400), appetite ~ U(0.2, 0.8): the share kept is E[max(0, 1 - c/400)], c the cost.
  auto predicted = [](double fine, double detection) {
    double sum = 0;
    const int k = 2000;
    for (int i = 0; i < k; ++i) {
      const double appetite = 0.2 + 0.6 * (i + 0.5) / k;
      const double cost = 0.2 * detection * fine * 2 * (1 - appetite);
      sum += std::max(0.0, 1 - cost / 400);
    }
    return sum / k;
  };
  check_within(base, predicted(2000, 0.3), std::sqrt(var(base)), "share kept at base");
  check_within(higher_fine, predicted(4000, 0.3), std::sqrt(var(higher_fine)), "share kept, fine doubled");
}
