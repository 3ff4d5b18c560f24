"""repatsim analysis: open run files as xarray, draw figures, compare with observed figures,
write reports. Use Debian's /usr/bin/python3 (SETUP.md).

    import analysis
    ds = analysis.open_run("output/historical.h5")
    analysis.plot_headcount(ds).savefig("headcount.png")

Modules, in dependency order: errors, vocabulary, run_file (open_run), quantities, frames,
scenario_dates (key_dates), observed, figures/ (one file per figure), summary, report, cli.

Sweeps: open_sweep(path) reads the runs of a `repatsim sweep` file (dims run, month, host,
status; the swept keys as coordinates on run) and open_sweep_summary(path) its per-point
summaries. Fan charts (median and quantile bands over time) are a later issue.
"""

from analysis.errors import RunFileError
from analysis.figures import (
    plot_enforcement,
    plot_headcount,
    plot_observed,
    plot_revenue,
    plot_routes,
    plot_true_vs_reported,
    save_figure,
    write_all_figures,
)
from analysis.frames import flows_frame, money_frame, stocks_frame
from analysis.scenario_dates import key_dates
from analysis.observed import compare_observed, read_observed
from analysis.report import write_report
from analysis.run_file import open_run
from analysis.summary import key_numbers
from analysis.sweep_file import open_sweep, open_sweep_summary

__all__ = [
    "RunFileError", "compare_observed", "flows_frame", "key_dates", "key_numbers", "money_frame",
    "open_run", "open_sweep", "open_sweep_summary", "plot_enforcement", "plot_headcount", "plot_observed", "plot_revenue", "plot_routes",
    "plot_true_vs_reported", "read_observed", "save_figure", "stocks_frame", "write_all_figures",
    "write_report",
]
