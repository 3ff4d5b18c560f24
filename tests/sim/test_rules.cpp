// The sanction rules of MODEL.md section 5 and the route rules of section 4, checked on the
// records of whole runs.
#include <catch2/catch.hpp>

#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;
using test::flow;
using test::stock;

namespace {
int step_of(const ScenarioSpec& s, int year, int month) { return make_month(year, month) - s.start; }
}  // namespace

TEST_CASE("after 2375 no new authorizations but approved ones", "[rules][2375]") {
  ScenarioSpec spec = test::mixed_scenario();
  SECTION("no approvals: no permits, no renewals") {
    const RunRecords run = test::run(spec);
    for (int t = step_of(spec, 2017, 9); t < spec.months(); ++t)
      for (int h = 0; h < 3; ++h) {
        INFO(month_label(run.months[t].month) << " host " << h);
        // Arrivals decided before the ban may still land in its month (the dispatch lag).
        if (t > step_of(spec, 2017, 9)) CHECK(flow(run.months[t], h, Flow::arrivals_work_permit) == 0);
        CHECK(flow(run.months[t], h, Flow::renewals) == 0);
        CHECK(flow(run.months[t], h, Flow::committee_approvals) == 0);
      }
  }
  SECTION("with approvals: permits and renewals only as many as approved") {
    spec.measures[1].approval_rate = 0.2;
    const RunRecords run = test::run(spec);
    // Approvals are counted when the Committee decides; dispatched workers land a month later.
    std::int64_t approvals = 0, permits = 0;
    for (int t = step_of(spec, 2017, 9); t < spec.months(); ++t)
      for (int h = 0; h < 3; ++h) {
        const MonthRecord& m = run.months[t];
        approvals += flow(m, h, Flow::committee_approvals);
        permits += flow(m, h, Flow::renewals);
        if (t > step_of(spec, 2017, 9)) permits += flow(m, h, Flow::arrivals_work_permit);
      }
    CHECK(approvals > 0);
    CHECK(permits <= approvals);
  }
  SECTION("renewals go on where the host does not treat them as new") {
    spec.hosts[0].posture.refuses_renewals = false;
    const RunRecords run = test::run(spec);
    CHECK(flow(run.months[step_of(spec, 2018, 1)], 0, Flow::renewals) > 0);
  }
}

TEST_CASE("the 2371 cap holds", "[rules][2371]") {
  ScenarioSpec spec = test::mixed_scenario();
  spec.measures.erase(spec.measures.begin() + 1, spec.measures.end());  // the cap alone
  spec.hosts[0].dispatch_target = 6000;  // the DPRK wants to double the stock
  const RunRecords run = test::run(spec);
  const int adoption = step_of(spec, 2017, 8);
  // The authorizations the host had at adoption: permits held at the end of July and those of
  // workers already on their way, who land in August.
  const std::int64_t cap = stock(run.months[adoption - 1], 0, Status::permitted) +
                           flow(run.months[adoption], 0, Flow::arrivals_work_permit);
  std::int64_t max_after = 0;
  for (int t = adoption; t < spec.months(); ++t) {
    INFO(month_label(run.months[t].month));
    CHECK(stock(run.months[t], 0, Status::permitted) <= cap);
    max_after = std::max(max_after, stock(run.months[t], 0, Status::permitted));
  }
  // The cap binds: dispatch refills what tours and expiries free, so the stock stays near it
  // (within a month's turnover) instead of growing to the DPRK's target of 6,000.
  CHECK(static_cast<double>(max_after) >= 0.9 * static_cast<double>(cap));
  // Beyond the cap, the DPRK turns to visas and front companies.
  std::int64_t disguised = 0;
  for (int t = adoption; t < spec.months(); ++t)
    disguised += flow(run.months[t], 0, Flow::arrivals_non_work_visa) + flow(run.months[t], 0, Flow::arrivals_front_company);
  CHECK(disguised > 0);
}

TEST_CASE("a fully compliant host has nobody covered earning after the deadline", "[rules][2397]") {
  ScenarioSpec spec = test::mixed_scenario();
  spec.events.clear();  // routes stay open: nobody is stranded
  spec.routes.pop_back();  // and nobody is smuggled in from Alpha (unknown to the host)
  HostSpec& beta = spec.hosts[1];
  beta.posture.complies_at_deadline = true;
  beta.posture.counts_visa_disguised = true;
  beta.posture.visa_tolerance = 0;
  beta.employers.margin_usd = {10, 20};       // keeping a worker is not worth the fine
  beta.enforcement[0].employer_fine_usd = 1e6;
  beta.employers.transfer_margin_share = 0;
  beta.employers.front_company_share = 0;  // no fronts for the DPRK to send workers to
  const RunRecords run = test::run(spec);
  const int deadline = step_of(spec, 2019, 12);
  bool some_exempt = false;
  for (int t = deadline; t < spec.months(); ++t) {
    const MonthRecord& m = run.months[t];
    INFO(month_label(m.month));
    CHECK(stock(m, 1, Status::permitted) == 0);
    CHECK(stock(m, 1, Status::visa_disguised) == 0);
    CHECK(stock(m, 1, Status::irregular) == 0);
    some_exempt = some_exempt || stock(m, 1, Status::exempt) > 0;
  }
  CHECK(some_exempt);  // 2 % barred by law stay
}

TEST_CASE("exempt workers stay", "[rules][2397]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  for (int h = 0; h < 3; ++h)
    for (std::size_t t = 1; t < run.months.size(); ++t)
      CHECK(stock(run.months[t], h, Status::exempt) >= stock(run.months[t - 1], h, Status::exempt));
  CHECK(stock(run.months.back(), 1, Status::exempt) > 0);
}

TEST_CASE("stranded only where no path home is open", "[rules][routes]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  const int closure = step_of(spec, 2020, 1);
  for (int t = 0; t < spec.months(); ++t)
    for (int h = 0; h < 3; ++h) {
      INFO(month_label(run.months[t].month) << " host " << h);
      if (t < closure) CHECK(stock(run.months[t], h, Status::stranded) == 0);
      else CHECK(stock(run.months[t], h, Status::awaiting_exit) == 0);
    }
  CHECK(stock(run.months.back(), 0, Status::stranded) > 0);
}

TEST_CASE("a reopened border frees the stranded", "[rules][routes]") {
  ScenarioSpec spec = test::mixed_scenario();
  EventSpec reopening;
  reopening.type = EventType::border_reopening;
  reopening.date = make_month(2020, 10);
  spec.events.push_back(reopening);
  const RunRecords run = test::run(spec);
  const MonthRecord& m = run.months[step_of(spec, 2020, 10)];
  CHECK(flow(m, 0, Flow::repatriations) > 0);
  CHECK(stock(run.months.back(), 0, Status::stranded) == 0);
}

TEST_CASE("closed routes carry nobody and seats used never exceed capacity", "[rules][routes]") {
  const ScenarioSpec spec = test::mixed_scenario();
  const RunRecords run = test::run(spec);
  const int closure = step_of(spec, 2020, 1);
  bool some_full = false;
  for (int t = 0; t < spec.months(); ++t) {
    const MonthRecord& m = run.months[t];
    for (std::size_t a = 0; a < m.seats_used.size(); ++a) {
      INFO(month_label(m.month) << " " << run.layout.routes[a]);
      CHECK(m.seats_used[a] <= m.seats_offered[a]);
      CHECK(m.seats_used[a] >= 0);
      const bool touches_dprk = run.layout.route_from[a] == "DPRK" || run.layout.route_to[a] == "DPRK";
      if (t >= closure && touches_dprk) CHECK(m.seats_offered[a] == 0);
      some_full = some_full || (m.seats_offered[a] > 0 && m.seats_used[a] == m.seats_offered[a]);
    }
  }
  CHECK(some_full);  // capacity binds somewhere, so the check above has teeth
}

TEST_CASE("2397 reports are filed with reported next to true figures", "[rules][reports]") {
  ScenarioSpec spec = test::mixed_scenario();
  spec.hosts[0].posture.reporting_honesty = 0.5;
  const RunRecords run = test::run(spec);
  const MonthRecord& midterm = run.months[step_of(spec, 2019, 3)];
  const MonthRecord& final_report = run.months[step_of(spec, 2020, 3)];
  REQUIRE(midterm.reports.size() == 3);
  REQUIRE(final_report.reports.size() == 3);
  CHECK(midterm.reports[0].kind == "midterm");
  CHECK(final_report.reports[0].kind == "final");
  CHECK(midterm.reports[0].reported_stock < midterm.reports[0].true_stock);
  CHECK(midterm.reports[0].true_repatriated > 0);
  CHECK(final_report.reports[0].true_repatriated >= midterm.reports[0].true_repatriated);
}
