#include "sim/network.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include <cmath>
#include <deque>
#include <stdexcept>

namespace repatsim {

namespace {
using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, long,
                    boost::property<boost::edge_residual_capacity_t, long,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
using Edge = Traits::edge_descriptor;

// Adds u->v with capacity c and its zero-capacity reverse, as Boost's max-flow algorithms need.
Edge add_arc(FlowGraph& g, int u, int v, long c) {
  auto cap = boost::get(boost::edge_capacity, g);
  auto rev = boost::get(boost::edge_reverse, g);
  Edge e = boost::add_edge(u, v, g).first;
  Edge r = boost::add_edge(v, u, g).first;
  cap[e] = c;
  cap[r] = 0;
  rev[e] = r;
  rev[r] = e;
  return e;
}

int find_vertex(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  throw std::invalid_argument("network: unknown state '" + name + "'");
}

// Whether arc a carries travellers this month: open, with seats left. The max-flow has only these
// arcs.
bool carries(std::size_t a, const std::vector<std::int64_t>& remaining,
             const std::vector<char>& open) {
  return open[a] && remaining[a] > 0;
}

void add_if_missing(std::vector<std::string>& names, const std::string& name) {
  for (const auto& n : names)
    if (n == name) return;
  names.push_back(name);
}
}  // namespace

Network::Network(const ScenarioSpec& spec) {
  for (const auto& s : spec.states) names_.push_back(s.name);
  add_if_missing(names_, "DPRK");
  for (const auto& h : spec.hosts) add_if_missing(names_, h.name);
  origin_ = find_vertex(names_, "DPRK");
  for (const auto& h : spec.hosts) host_vertex_.push_back(find_vertex(names_, h.name));
  for (std::size_t r = 0; r < spec.routes.size(); ++r) {
    const auto& route = spec.routes[r];
    const int a = find_vertex(names_, route.from), b = find_vertex(names_, route.to);
    const auto seats = static_cast<std::int64_t>(
        std::llround(static_cast<double>(route.seats_per_month) * spec.population_scale));
    arcs_.push_back({static_cast<int>(r), a, b, seats, route.name + ":" + route.from + ">" + route.to});
    arcs_.push_back({static_cast<int>(r), b, a, seats, route.name + ":" + route.to + ">" + route.from});
  }
}

Allocation Network::flow(const std::vector<std::int64_t>& demand,
                         std::vector<std::int64_t>& remaining, const std::vector<char>& open,
                         bool toward_origin) const {
  const int n = vertex_count();
  const int terminal = n;  // super source (toward origin) or super sink (from origin)
  FlowGraph g(n + 1);
  std::vector<Edge> arc_edges(arcs_.size());
  std::vector<char> arc_added(arcs_.size(), 0);
  for (std::size_t a = 0; a < arcs_.size(); ++a) {
    if (!carries(a, remaining, open)) continue;
    arc_edges[a] = add_arc(g, arcs_[a].from, arcs_[a].to, static_cast<long>(remaining[a]));
    arc_added[a] = 1;
  }
  std::vector<Edge> host_edges(host_vertex_.size());
  for (std::size_t h = 0; h < host_vertex_.size(); ++h) {
    host_edges[h] = toward_origin ? add_arc(g, terminal, host_vertex_[h], static_cast<long>(demand[h]))
                                  : add_arc(g, host_vertex_[h], terminal, static_cast<long>(demand[h]));
  }
  const int source = toward_origin ? terminal : origin_;
  const int sink = toward_origin ? origin_ : terminal;
  boost::push_relabel_max_flow(g, source, sink);

  auto cap = boost::get(boost::edge_capacity, g);
  auto res = boost::get(boost::edge_residual_capacity, g);
  Allocation out;
  out.seats.resize(host_vertex_.size());
  out.used.assign(arcs_.size(), 0);
  for (std::size_t h = 0; h < host_edges.size(); ++h)
    out.seats[h] = cap[host_edges[h]] - res[host_edges[h]];
  for (std::size_t a = 0; a < arcs_.size(); ++a) {
    if (!arc_added[a]) continue;
    out.used[a] = cap[arc_edges[a]] - res[arc_edges[a]];
    remaining[a] -= out.used[a];
  }
  return out;
}

Allocation Network::to_origin(const std::vector<std::int64_t>& demand,
                              std::vector<std::int64_t>& remaining,
                              const std::vector<char>& open) const {
  return flow(demand, remaining, open, true);
}

Allocation Network::from_origin(const std::vector<std::int64_t>& demand,
                                std::vector<std::int64_t>& remaining,
                                const std::vector<char>& open) const {
  return flow(demand, remaining, open, false);
}

bool Network::seats_leave_origin(const std::vector<std::int64_t>& remaining,
                                 const std::vector<char>& open) const {
  for (std::size_t a = 0; a < arcs_.size(); ++a)
    if (arcs_[a].from == origin_ && carries(a, remaining, open)) return true;
  return false;
}

std::vector<char> Network::hosts_reaching_origin(const std::vector<char>& open) const {
  // Breadth-first search backwards from the origin over open arcs with seats.
  std::vector<char> reach(names_.size(), 0);
  std::deque<int> frontier{origin_};
  reach[origin_] = 1;
  while (!frontier.empty()) {
    const int v = frontier.front();
    frontier.pop_front();
    for (std::size_t a = 0; a < arcs_.size(); ++a) {
      if (!open[a] || arcs_[a].capacity <= 0 || arcs_[a].to != v || reach[arcs_[a].from]) continue;
      reach[arcs_[a].from] = 1;
      frontier.push_back(arcs_[a].from);
    }
  }
  std::vector<char> hosts(host_vertex_.size());
  for (std::size_t h = 0; h < hosts.size(); ++h) hosts[h] = reach[host_vertex_[h]];
  return hosts;
}

}  // namespace repatsim
