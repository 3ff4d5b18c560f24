#include "sim/simulation.hpp"

#include <fmt/format.h>

#include "sim/build_state.hpp"
#include "sim/step_month.hpp"

namespace repatsim {

RunLayout layout_of(const ScenarioSpec& spec) {
  RunLayout layout;
  layout.scenario_name = spec.name;
  layout.seed = spec.seed;
  layout.start = spec.start;
  layout.months = spec.months();
  for (const auto& h : spec.hosts) layout.hosts.push_back(h.name);
  const Network network(spec);
  for (const Arc& a : network.arcs()) {
    layout.routes.push_back(a.label);
    layout.route_from.push_back(network.vertex_name(a.from));
    layout.route_to.push_back(network.vertex_name(a.to));
    layout.route_capacity.push_back(a.capacity);
  }
  return layout;
}

void run_simulation(const ScenarioSpec& spec, Recorder& recorder,
                    const std::function<bool()>& stop_requested, int recount_every_months) {
  SimulationState state = build_state(spec);
  state.recount_every_months = recount_every_months;
  recorder.begin(layout_of(spec));
  for (int m = 0; m < spec.months(); ++m) {
    if (stop_requested && stop_requested())
      throw Interrupted(fmt::format("interrupted before {}", month_label(spec.start + m)));
    step_month(state, recorder);
  }
  recorder.finish();
}

}  // namespace repatsim
