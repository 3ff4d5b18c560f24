"""The figures. Each plot_* returns a matplotlib Figure; save_figure writes it as PNG and SVG.
A run's figures take an opened run (analysis.open_run); plot_fan and plot_response a sweep
(analysis.open_sweep); plot_scenarios a list of Scenario (runs, sweeps or sweep points)."""

from analysis.figures.common import save_figure
from analysis.figures.enforcement import plot_enforcement
from analysis.figures.fan import plot_fan
from analysis.figures.headcount import plot_headcount
from analysis.figures.observed import plot_observed
from analysis.figures.response import plot_response
from analysis.figures.revenue import plot_revenue
from analysis.figures.routes import plot_routes
from analysis.figures.scenarios import Scenario, plot_scenarios, scenarios_of_files, scenarios_of_points
from analysis.figures.true_vs_reported import plot_true_vs_reported

__all__ = ["Scenario", "plot_enforcement", "plot_fan", "plot_headcount", "plot_observed", "plot_response",
           "plot_revenue", "plot_routes", "plot_scenarios", "plot_true_vs_reported", "save_figure",
           "scenarios_of_files", "scenarios_of_points", "write_all_figures", "write_comparison_figures",
           "write_sweep_figures"]

# File stem -> figure, in the order the report shows them; headcount is the main figure.
_RUN_FIGURES = (
    ("headcount", plot_headcount),
    ("true_vs_reported", plot_true_vs_reported),
    ("revenue", plot_revenue),
    ("routes", plot_routes),
    ("enforcement", plot_enforcement),
)


def write_all_figures(dataset, directory, observed_csv=None):
    """Writes every figure into `directory`; returns {stem: [png, svg]} in report order."""
    written = {}
    for stem, plot in _RUN_FIGURES:
        written[stem] = save_figure(plot(dataset), directory, stem)
    written["observed"] = save_figure(plot_observed(dataset, observed_csv), directory, "observed")
    return written


def write_sweep_figures(sweep, directory):
    """Writes a sweep's figures (open_sweep's dataset) into `directory`: fan charts of workers
    abroad and of state revenue, the points side by side, and the response to each parameter;
    returns {stem: [png, svg]} in report order."""
    return {
        "fan_workers_abroad": save_figure(plot_fan(sweep, "workers_abroad"), directory, "fan_workers_abroad"),
        "fan_state_revenue": save_figure(plot_fan(sweep, "state_revenue"), directory, "fan_state_revenue"),
        "points": save_figure(plot_scenarios(scenarios_of_points(sweep), title="Points of the sweep side by side"),
                              directory, "points"),
        "response": save_figure(plot_response(sweep), directory, "response"),
    }


def write_comparison_figures(datasets, directory):
    """Writes the side-by-side figure of several opened files (runs and sweeps) into
    `directory`; returns {stem: [png, svg]}."""
    figure = plot_scenarios(scenarios_of_files(datasets), title="Scenarios side by side")
    return {"scenarios": save_figure(figure, directory, "scenarios")}
