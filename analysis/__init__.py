"""repatsim analysis: open run and sweep files as xarray, draw figures, compare with observed
figures, write reports. Use Debian's /usr/bin/python3 (SETUP.md).

    import analysis
    ds = analysis.open_run("output/historical.h5")
    analysis.plot_headcount(ds).savefig("headcount.png")
    sweep = analysis.open_sweep("output/sweep.h5")     # dims run, month, host, status
    analysis.runs_by_point(sweep)                      # dims point, replicate, month, ...
    analysis.plot_fan(sweep).savefig("fan.png")

Modules, in dependency order: errors, vocabulary, run_file (open_run), sweep_file (open_sweep,
runs_by_point), file_kind, quantities, scenario_dates (key_dates), headline, frames, observed,
sweep_points, summary, sweep_summary, figures/ (one file per figure), html_page, report,
sweep_report, compare_report, cli.
"""

from analysis.errors import RunFileError
from analysis.figures import (
    Scenario,
    plot_enforcement,
    plot_fan,
    plot_headcount,
    plot_observed,
    plot_response,
    plot_revenue,
    plot_routes,
    plot_scenarios,
    plot_true_vs_reported,
    save_figure,
    scenarios_of_files,
    scenarios_of_points,
    write_all_figures,
    write_comparison_figures,
    write_sweep_figures,
)
from analysis.compare_report import write_comparison_report
from analysis.file_kind import file_kind, open_results
from analysis.frames import flows_frame, money_frame, stocks_frame, sweep_outcomes_frame, sweep_series_frame
from analysis.headline import headline_outcomes, headline_series
from analysis.scenario_dates import key_dates
from analysis.observed import compare_observed, read_observed
from analysis.report import write_report
from analysis.run_file import open_run
from analysis.summary import key_numbers
from analysis.sweep_file import open_sweep, open_sweep_summary, runs_by_point
from analysis.sweep_report import write_sweep_report
from analysis.sweep_summary import sweep_numbers

__all__ = [
    "RunFileError", "Scenario", "compare_observed", "file_kind", "flows_frame", "headline_outcomes",
    "headline_series", "key_dates", "key_numbers", "money_frame", "open_results", "open_run", "open_sweep",
    "open_sweep_summary", "plot_enforcement", "plot_fan", "plot_headcount", "plot_observed", "plot_response",
    "plot_revenue", "plot_routes", "plot_scenarios", "plot_true_vs_reported", "read_observed", "runs_by_point",
    "save_figure", "scenarios_of_files", "scenarios_of_points", "stocks_frame", "sweep_numbers",
    "sweep_outcomes_frame", "sweep_series_frame", "write_all_figures", "write_comparison_figures",
    "write_comparison_report", "write_report", "write_sweep_figures", "write_sweep_report",
]
