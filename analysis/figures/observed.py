"""Simulated values against the observed calibration figures (data/observed.csv)."""

import numpy as np

from analysis.figures.common import add_caption, new_figure
from analysis.observed import compare_observed

_GROUPS = (("workers", "workers", 1.0), ("USD per year", "USD million per year", 1e6))


def plot_observed(dataset, observed_csv=None):
    """One panel per unit (workers; USD per year). Each calibration figure is a position on the
    x axis: the observed value with its low-high range as an error bar, and the simulated value
    as a cross. Figures the run cannot match (host or date outside it) are listed as such."""
    comparison = compare_observed(dataset, observed_csv)
    groups = [(unit, label, scale) for unit, label, scale in _GROUPS if (comparison["unit"] == unit).any()]
    counts = [max(int((comparison["unit"] == unit).sum()), 1) for unit, _, _ in groups] or [1]
    figure = new_figure(max(6.0, 2.2 * sum(counts) + 1.5), 6.5)
    axes = figure.subplots(1, len(counts), squeeze=False, gridspec_kw={"width_ratios": counts})[0]
    for ax, (unit, label, scale) in zip(axes, groups):
        rows = comparison[comparison["unit"] == unit].reset_index(drop=True)
        x = np.arange(len(rows))
        observed = rows["observed"].to_numpy() / scale
        errors = np.vstack([observed - rows["low"].to_numpy() / scale, rows["high"].to_numpy() / scale - observed])
        ax.errorbar(x, observed, yerr=errors, fmt="o", color="black", capsize=5, label="observed (low-high range)")
        ax.scatter(x, rows["simulated"].to_numpy() / scale, marker="X", s=70, color="#d62728", zorder=3,
                   label="simulated")
        ax.set_xticks(x)
        ax.set_xticklabels([_tick(r) for r in rows.itertuples()], fontsize=8)
        ax.set_xlim(-0.6, len(rows) - 0.4)
        ax.set_ylabel(label)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.grid(axis="y", alpha=0.3)
        if ax is axes[0]:
            ax.legend(fontsize=8, loc="upper left")
    figure.suptitle("Simulated against observed figures", fontsize=12)
    notes = [f"Observed figures from {_display_path(observed_csv)}, use = calibrate:"]
    notes += [f"{r.id}: {r.source}" for r in comparison.itertuples()]
    add_caption(figure, dataset, notes)
    return figure


def _display_path(observed_csv):
    """The project's copy is named relative to the repository; a user's file as given."""
    if observed_csv is None:
        return "analysis/data/observed.csv"
    return str(observed_csv)


def _tick(row):
    quantity = row.quantity.replace("workers_", "").replace("state_revenue_usd_per_year", "state revenue")
    tick = f"{row.id}\n{row.host} {row.date}\n{quantity}"
    if row.note:
        tick += "\n(not in run)"
    return tick
