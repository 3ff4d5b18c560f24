// The network of states (MODEL.md section 4): states are vertices, each route gives two directed
// arcs with a monthly seat capacity. Each month the seats toward the DPRK (repatriation) and
// away from it (dispatch) are a max-flow over the open arcs (Boost.Graph). The graph is read-only
// during the parallel phases.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/spec.hpp"

namespace repatsim {

struct Arc {  // one direction of a route
  int route = 0;          // index into the spec's routes
  int from = 0, to = 0;   // vertex indices
  std::int64_t capacity = 0;
  std::string label;      // "<route>:<from>><to>"
};

// The result of one allocation: seats per host and per arc.
struct Allocation {
  std::vector<std::int64_t> seats;  // [host] seats granted this month
  std::vector<std::int64_t> used;   // [arc] seats used
};

class Network {
 public:
  // Vertices: the spec's states, plus the origin "DPRK" and every host where the spec leaves
  // them implied; host_vertex(h) maps the spec's host h to its vertex.
  Network() = default;
  explicit Network(const ScenarioSpec& spec);

  const std::vector<Arc>& arcs() const { return arcs_; }
  int origin() const { return origin_; }
  int host_vertex(int host) const { return host_vertex_[host]; }
  int vertex_count() const { return static_cast<int>(names_.size()); }
  const std::string& vertex_name(int v) const { return names_[v]; }

  // Max-flow from the hosts (each offering demand[h] travellers) to the origin over the arcs
  // open this month, with `remaining[a]` seats left on each arc. Used seats are subtracted.
  Allocation to_origin(const std::vector<std::int64_t>& demand,
                       std::vector<std::int64_t>& remaining, const std::vector<char>& open) const;
  // The same from the origin to the hosts (dispatch).
  Allocation from_origin(const std::vector<std::int64_t>& demand,
                         std::vector<std::int64_t>& remaining,
                         const std::vector<char>& open) const;
  // Whether an arc out of the origin is open with seats left. If none is, from_origin gives
  // every host 0 seats whatever the demand (the flow's source has no arc).
  bool seats_leave_origin(const std::vector<std::int64_t>& remaining,
                          const std::vector<char>& open) const;
  // Whether host h can reach the origin over open arcs (whatever their remaining seats).
  std::vector<char> hosts_reaching_origin(const std::vector<char>& open) const;

 private:
  Allocation flow(const std::vector<std::int64_t>& demand, std::vector<std::int64_t>& remaining,
                  const std::vector<char>& open, bool toward_origin) const;

  std::vector<std::string> names_;
  std::vector<int> host_vertex_;
  int origin_ = 0;
  std::vector<Arc> arcs_;
};

}  // namespace repatsim
