"""The run's figures. Each plot_* takes an opened run (analysis.open_run) and returns a
matplotlib Figure; save_figure writes it as PNG and SVG."""

from analysis.figures.common import save_figure
from analysis.figures.enforcement import plot_enforcement
from analysis.figures.headcount import plot_headcount
from analysis.figures.observed import plot_observed
from analysis.figures.revenue import plot_revenue
from analysis.figures.routes import plot_routes
from analysis.figures.true_vs_reported import plot_true_vs_reported

__all__ = ["plot_enforcement", "plot_headcount", "plot_observed", "plot_revenue", "plot_routes",
           "plot_true_vs_reported", "save_figure", "write_all_figures"]

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
