"""How the headline outcomes of a sweep respond to each swept parameter."""

import numpy as np

from analysis.figures.common import add_caption, new_figure, thousands_axis
from analysis.frames import sweep_outcomes_frame
from analysis.headline import OUTCOMES
from analysis.sweep_points import short_keys
from analysis.sweep_summary import rank_correlation

# A parameter with at most this many distinct values gets a median per value; one with more
# (random, Latin hypercube, Sobol designs) gets medians over bins of about equal run counts.
MAX_DISTINCT_FOR_PER_VALUE = 10
_RUN_COLOUR, _POINT_COLOUR, _TREND_COLOUR = "#9a9a9a", "#1f5f99", "#d62728"


def plot_response(sweep, outcomes=None):
    """A grid of panels: a row per headline outcome (analysis.headline.OUTCOMES, or the names
    given), a column per swept parameter. Each panel shows every successful run (grey dots),
    each point's median over its replicates (blue diamonds) and the median trend (red line:
    per distinct value, or per bin of values for continuous designs), with Spearman's rank
    correlation over the runs in the title. `sweep` is open_sweep's dataset."""
    frame = sweep_outcomes_frame(sweep)
    ok = frame[frame["run_ok"] == 1]
    keys = list(sweep.attrs["parameters"])
    outcomes = [o for o in (outcomes or OUTCOMES) if o in frame.columns]
    short = short_keys(keys)
    rows, columns = max(len(outcomes), 1), max(len(keys), 1)
    figure = new_figure(max(6.0, 3.5 * columns + 1.0), 2.7 * rows + 1.6)
    axes = figure.subplots(rows, columns, squeeze=False, sharey="row")
    for r, outcome in enumerate(outcomes):
        headline = OUTCOMES[outcome]
        for c, key in enumerate(keys):
            ax = axes[r][c]
            _panel(ax, ok, key, outcome, headline.scale)
            ax.set_xlabel(short[key], fontsize=8)
            if c == 0:
                ax.set_ylabel(f"{headline.title}\n{headline.unit}", fontsize=8)
            if headline.scale == 1:
                thousands_axis(ax)
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3)
    if outcomes and keys:
        axes[0][0].legend(fontsize=7, loc="best")
    figure.suptitle("Headline outcomes against each swept parameter", fontsize=12)
    failed = int((frame["run_ok"] == 0).sum())
    notes = [f"{len(ok)} successful runs" + (f" ({failed} failed runs left out)" if failed else "") +
             "; parameters: " + ", ".join(f"{short[k]} = {k}" for k in keys) +
             ". The other parameters vary between points too: a trend is the median over their values in "
             "the design, not the effect with them held fixed. rho: Spearman's rank correlation over the runs."]
    add_caption(figure, sweep, notes)
    return figure


def _panel(ax, ok, key, outcome, scale):
    values = ok[outcome].to_numpy(dtype=float) / scale
    raw = ok[key].to_numpy()
    numeric = np.issubdtype(raw.dtype, np.number)
    if numeric:
        x = raw.astype(float)
    else:
        categories = sorted({str(v) for v in raw})
        x = np.array([categories.index(str(v)) for v in raw], dtype=float)
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels(categories, fontsize=7, rotation=20)
    ax.scatter(x, values, s=9, color=_RUN_COLOUR, alpha=0.6, linewidths=0, label="runs", gid="runs")
    by_point = ok.assign(_x=x, _y=values).groupby("point")
    ax.scatter(by_point["_x"].first(), by_point["_y"].median(), s=24, marker="D", color=_POINT_COLOUR,
               label="median per point", gid="point_medians", zorder=3)
    trend_x, trend_y, how = _trend(x, values)
    ax.plot(trend_x, trend_y, color=_TREND_COLOUR, linewidth=1.5, label=how, gid="trend", zorder=4)
    rho = rank_correlation(raw, values) if numeric else np.nan
    ax.set_title(f"rho = {rho:+.2f} (n = {len(values)})" if np.isfinite(rho) else "", fontsize=8)


def _trend(x, y):
    """Medians of y per distinct x (few values) or per bin of about equal run counts."""
    distinct = np.unique(x)
    if len(distinct) <= MAX_DISTINCT_FOR_PER_VALUE:
        return distinct, np.array([np.median(y[x == v]) for v in distinct]), "median per value"
    bins = min(8, max(3, len(distinct) // 3))
    order = np.argsort(x, kind="stable")
    groups = [g for g in np.array_split(order, bins) if len(g)]
    return (np.array([np.median(x[g]) for g in groups]), np.array([np.median(y[g]) for g in groups]),
            f"median per bin ({len(groups)} bins)")
