"""The calibration figures (analysis/calibration.py, VALIDATION.md): simulated against observed
with replicate bands, and the ABC posterior against the prior.

Redraw from a calibration folder without rerunning anything:

    python3 -m analysis.figures.calibration output/calibration
"""

import sys
import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from analysis.figures.common import new_figure, save_figure

_BAND = "#1f77b4"


def plot_calibration(table: pd.DataFrame, series: pd.DataFrame, title_note=""):
    """Top: Russia's permitted stock and the world's workers abroad over 2016-2019, replicate
    median with 50 % and 90 % bands, and the observed figures with their low-high ranges.
    Bottom: every calibrate figure as simulated / observed: the observed range (black bar), the
    replicates' 90 % (thin) and 50 % (thick) bands and median (dot). `table` is
    calibration.replicate_summary's, `series` run_replicates' monthly series."""
    figure = new_figure(12.0, 8.5)
    grid = figure.add_gridspec(2, 2, height_ratios=[1.2, 1])
    months = sorted(series["month"].unique())
    shown = [m for m in months if m <= "2019-12"]
    time = pd.PeriodIndex(shown, freq="M").to_timestamp(how="end")
    replicates = series["seed"].nunique()
    for column, (name, label) in enumerate((("russia_permitted", "Russia: workers with permits"),
                                            ("world_abroad", "World: workers abroad"))):
        ax = figure.add_subplot(grid[0, column])
        wide = series.pivot(index="month", columns="seed", values=name).loc[shown].to_numpy(float)
        q = np.quantile(wide, [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)
        ax.fill_between(time, q[0], q[4], color=_BAND, alpha=0.18, lw=0, label="replicates 90 %")
        ax.fill_between(time, q[1], q[3], color=_BAND, alpha=0.4, lw=0, label="replicates 50 %")
        ax.plot(time, q[2], color=_BAND, lw=1.5, label=f"median of {replicates} replicates")
        host = "Russia" if column == 0 else "World"
        for row in table[table["host"] == host].itertuples():
            if row.quantity.endswith("_per_year"):
                continue
            date = str(row.date)
            if len(date) == 4:   # a yearly mean: a bar across the year
                start, end = pd.Timestamp(f"{date}-01-01"), pd.Timestamp(f"{date}-12-31")
                ax.fill_between([start, end], row.low, row.high, color="black", alpha=0.12, lw=0)
                ax.plot([start, end], [row.observed] * 2, color="black", lw=2)
                ax.annotate(f"{row.id} (mean over {date})", (start, row.high), fontsize=8,
                            xytext=(0, 3), textcoords="offset points")
            else:
                at = pd.Period(date[:7], freq="M").to_timestamp(how="end")
                ax.errorbar([at], [row.observed], yerr=[[row.observed - row.low], [row.high - row.observed]],
                            fmt="o", color="black", capsize=5)
                ax.annotate(row.id, (at, row.high), fontsize=8, xytext=(4, 3), textcoords="offset points")
        ax.errorbar([], [], yerr=[], fmt="o", color="black", capsize=5, label="observed (low-high range)")
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_title(label, fontsize=10)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower left")
    ax = figure.add_subplot(grid[1, :])
    y = np.arange(len(table))[::-1]
    for yi, row in zip(y, table.itertuples()):
        obs = row.observed
        ax.plot([row.low / obs, row.high / obs], [yi, yi], color="black", lw=1.2, marker="|", ms=14)
        ax.plot([row.q05 / obs, row.q95 / obs], [yi - 0.18] * 2, color=_BAND, lw=2, solid_capstyle="butt")
        ax.plot([row.q25 / obs, row.q75 / obs], [yi - 0.18] * 2, color=_BAND, lw=7, solid_capstyle="butt")
        ax.plot([row.median / obs], [yi - 0.18], "o", color="white", mec=_BAND, ms=6)
        ax.annotate(f"median {_number(row.median)} vs {_number(obs)} ({row.median_relative_error:+.1%})\n"
                    f"90 % band {_number(row.q05)}-{_number(row.q95)}; {row.share_in_range:.0%} in range",
                    (row.high / obs, yi), fontsize=8, xytext=(8, -6), textcoords="offset points")
    ax.axvline(1.0, color="black", lw=0.8, ls=":")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{r.id}: {r.host} {r.quantity} {r.date}" for r in table.itertuples()], fontsize=8)
    ax.set_xlabel("simulated / observed (black: observed low-high range; blue: replicates' 50 % and 90 % bands, "
                  "dot: median; bands narrower than the dot are hidden by it)", fontsize=8)
    low = min((table["low"] / table["observed"]).min(), (table["q05"] / table["observed"]).min())
    high = max((table["high"] / table["observed"]).max(), (table["q95"] / table["observed"]).max())
    ax.set_xlim(low - 0.05, high + 0.55)
    ax.set_ylim(-0.8, len(table) - 0.4)
    ax.grid(axis="x", alpha=0.3)
    suffix = f" ({title_note})" if title_note else ""
    figure.suptitle(f"Historical scenario against the calibrate figures of observed.csv{suffix}", fontsize=12)
    notes = ["Observed figures: analysis/data/observed.csv, use = calibrate."]
    notes += [f"{r.id}: {r.source}" for r in table.itertuples()]
    figure.supxlabel("\n".join(line for note in notes for line in textwrap.wrap(note, 170)),
                     fontsize=7, ha="left", x=0.01, color="#333333")
    return figure


def _number(value):
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} million"
    return f"{value:,.0f}"


def plot_posterior(design, samples: pd.DataFrame):
    """One panel per swept parameter: the prior's draws (grey) and the accepted sets (blue),
    with the value the scenario shipped before calibration (dashed)."""
    parameters = design.parameters
    columns = 4
    rows = -(-len(parameters) // columns)
    figure = new_figure(3.2 * columns, 2.6 * rows + 1.0)
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    accepted = samples[samples["accepted"]]
    for ax, p in zip(axes, parameters):
        bins = np.linspace(p.low, p.high + (1 if p.integer else 0), 16)
        ax.hist(samples[p.name], bins=bins, color="#bbbbbb", density=True, label="prior draws")
        ax.hist(accepted[p.name], bins=bins, color=_BAND, alpha=0.7, density=True,
                label=f"accepted ({len(accepted)})")
        ax.axvline(p.shipped, color="black", ls="--", lw=1, label="before calibration")
        ax.set_title(p.name, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    for ax in axes[len(parameters):]:
        ax.set_axis_off()
    axes[0].legend(fontsize=7)
    figure.suptitle(f"ABC rejection: {len(accepted)} of {len(samples)} sets accepted "
                    f"(every figure in range, distance <= {design.distance})", fontsize=11)
    return figure


def redraw(directory):
    """Redraws calibration.png/svg from a calibration folder's CSV files; returns the paths."""
    directory = Path(directory)
    table = pd.read_csv(directory / "replicate_summary.csv", dtype={"date": str})
    series = pd.read_csv(directory / "replicate_series.csv", dtype={"month": str})
    return save_figure(plot_calibration(table, series), directory, "calibration")


if __name__ == "__main__":
    for path in redraw(sys.argv[1] if len(sys.argv) > 1 else "output/calibration"):
        print(path)
