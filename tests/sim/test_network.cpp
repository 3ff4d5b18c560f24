// The route network: max-flow allocation of seats, reachability, closed arcs.
#include <catch2/catch.hpp>

#include "sim/network.hpp"
#include "tests/sim/scenario_builder.hpp"

using namespace repatsim;

namespace {
ScenarioSpec two_hosts_through_a_hub() {
  ScenarioSpec s;
  s.hosts = {test::make_host("A", 10), test::make_host("B", 10)};
  s.states = {{"Hub", StateKind::transit}};
  s.routes = {test::make_route("a_hub", "A", "Hub", 50), test::make_route("b_hub", "B", "Hub", 50),
              test::make_route("hub_home", "Hub", "DPRK", 60), test::make_route("a_home", "A", "DPRK", 5)};
  return s;
}
}  // namespace

TEST_CASE("seats home are a max-flow over the open arcs", "[network]") {
  const ScenarioSpec spec = two_hosts_through_a_hub();
  const Network net(spec);
  REQUIRE(net.arcs().size() == 8);  // two directions per route
  std::vector<char> open(8, 1);
  std::vector<std::int64_t> remaining;
  for (const Arc& a : net.arcs()) remaining.push_back(a.capacity);

  const Allocation alloc = net.to_origin({100, 100}, remaining, open);
  // The hub link (60) and A's direct link (5) bound the total at 65.
  CHECK(alloc.seats[0] + alloc.seats[1] == 65);
  CHECK(alloc.seats[0] >= 5);
  for (std::size_t a = 0; a < net.arcs().size(); ++a) {
    CHECK(alloc.used[a] <= net.arcs()[a].capacity);
    CHECK(remaining[a] == net.arcs()[a].capacity - alloc.used[a]);
  }
  // Dispatch uses the other direction: its seats are untouched by the flow home.
  const Allocation out = net.from_origin({30, 30}, remaining, open);
  CHECK(out.seats[0] + out.seats[1] == 60);
}

TEST_CASE("closed arcs carry nothing and cut reachability", "[network]") {
  const ScenarioSpec spec = two_hosts_through_a_hub();
  const Network net(spec);
  auto allocate = [&](const std::vector<int>& closed_routes) {
    std::vector<char> open(net.arcs().size(), 1);
    for (std::size_t a = 0; a < net.arcs().size(); ++a)
      for (int r : closed_routes)
        if (net.arcs()[a].route == r) open[a] = 0;
    std::vector<std::int64_t> remaining;
    for (const Arc& a : net.arcs()) remaining.push_back(a.capacity);
    const Allocation alloc = net.to_origin({100, 100}, remaining, open);
    for (std::size_t a = 0; a < net.arcs().size(); ++a)
      if (!open[a]) CHECK(alloc.used[a] == 0);
    return std::make_pair(alloc, net.hosts_reaching_origin(open));
  };
  // hub_home closed: B still reaches home through the hub and A, sharing A's 5 seats.
  const auto [via_a, reach_via_a] = allocate({2});
  CHECK(via_a.seats[0] + via_a.seats[1] == 5);
  CHECK(reach_via_a == std::vector<char>{1, 1});
  // a_home closed too: nobody reaches home.
  const auto [none, reach_none] = allocate({2, 3});
  CHECK(none.seats == std::vector<std::int64_t>{0, 0});
  CHECK(reach_none == std::vector<char>{0, 0});
  // only b_hub closed: B is cut off, A is not.
  const auto [a_only, reach_a_only] = allocate({1});
  CHECK(a_only.seats[1] == 0);
  CHECK(reach_a_only == std::vector<char>{1, 0});
}

TEST_CASE("demand below capacity is met in full", "[network]") {
  const ScenarioSpec spec = two_hosts_through_a_hub();
  const Network net(spec);
  std::vector<char> open(8, 1);
  std::vector<std::int64_t> remaining;
  for (const Arc& a : net.arcs()) remaining.push_back(a.capacity);
  const Allocation alloc = net.to_origin({7, 0}, remaining, open);
  CHECK(alloc.seats[0] == 7);
  CHECK(alloc.seats[1] == 0);
}

TEST_CASE("no seats leave the origin when its routes are closed or full", "[network]") {
  const ScenarioSpec spec = two_hosts_through_a_hub();
  const Network net(spec);
  std::vector<char> open(net.arcs().size(), 1);
  std::vector<std::int64_t> remaining;
  for (const Arc& a : net.arcs()) remaining.push_back(a.capacity);
  CHECK(net.seats_leave_origin(remaining, open));
  // Close hub_home: A's direct route still leaves the origin.
  for (std::size_t a = 0; a < net.arcs().size(); ++a)
    if (net.arcs()[a].route == 2) open[a] = 0;
  CHECK(net.seats_leave_origin(remaining, open));
  // Fill a_home's seats out of the DPRK only: its arc toward the DPRK does not count.
  for (std::size_t a = 0; a < net.arcs().size(); ++a)
    if (net.arcs()[a].route == 3 && net.arcs()[a].from == net.origin()) remaining[a] = 0;
  CHECK_FALSE(net.seats_leave_origin(remaining, open));
  // And then no host gets a seat from the origin, whatever the demand.
  const Allocation out = net.from_origin({1000, 1000}, remaining, open);
  CHECK(out.seats == std::vector<std::int64_t>{0, 0});
  // Seats back on a_home's arc out of the DPRK: A can be sent again.
  for (std::size_t a = 0; a < net.arcs().size(); ++a)
    if (net.arcs()[a].route == 3 && net.arcs()[a].from == net.origin()) remaining[a] = 1;
  CHECK(net.seats_leave_origin(remaining, open));
}
