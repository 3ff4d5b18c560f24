"""A self-contained HTML page for one sweep: what ran and what failed, the swept parameters,
the headline outcomes over runs and per point, their rank correlation with each parameter,
and the sweep figures (written beside it)."""

from pathlib import Path

import numpy as np

from analysis.figures import write_sweep_figures
from analysis.headline import OUTCOMES
from analysis.html_page import amount, count, escape, figure, page, table
from analysis.sweep_points import format_value
from analysis.sweep_summary import QUANTILES, sweep_numbers

MAX_POINT_ROWS = 200  # a larger design lists its first points only; the figures show them all

_TITLES = {
    "fan_workers_abroad": "Workers abroad over replicates, by point",
    "fan_state_revenue": "State revenue over replicates, by point",
    "points": "Points side by side",
    "response": "Headline outcomes against each swept parameter",
}


def write_sweep_report(sweep, directory):
    """Writes the sweep figures and DIR/report.html for open_sweep's dataset; returns the
    report's path."""
    directory = Path(directory)
    figures = write_sweep_figures(sweep, directory)
    numbers = sweep_numbers(sweep)
    path = directory / "report.html"
    path.write_text(_page(sweep, numbers, figures), encoding="utf-8")
    return path


def _page(sweep, numbers, figures):
    attrs = sweep.attrs
    source = sweep.encoding.get("source", "?")
    title = f"repatsim sweep: {attrs.get('scenario_name', Path(source).stem)}"
    meta = (f"Sweep file {escape(source)}; base scenario {escape(attrs.get('base_scenario', '?'))}; "
            f"{escape(numbers.design)} design, master seed {numbers.master_seed}; "
            f"{escape(sweep['month'].values[0])} to {escape(sweep['month'].values[-1])}; "
            f"repatsim {escape(attrs.get('repatsim_version', '?'))} ({escape(attrs.get('git_commit', '?'))}).")
    parts = ["<h2>Runs</h2>", _runs_table(numbers),
             "<h2>Swept parameters</h2>", _parameters_table(numbers)]
    if len(numbers.failed):
        parts += ["<h2>Failed runs</h2>", _failed_table(numbers, sweep)]
    parts += ["<h2>Headline outcomes over the successful runs</h2>", _outcomes_table(numbers),
              "<h2>Rank correlation of each outcome with each parameter</h2>",
              "<p>Spearman's rho over the successful runs (blank where a key or an outcome does not vary). "
              "The other keys vary between points too: rho measures how the outcome moves with one key "
              "over the design, not its effect with the others held fixed.</p>", _correlation_table(numbers, sweep),
              "<h2>Points</h2>", _points_table(numbers, sweep)]
    parts += [figure(_TITLES.get(stem, stem), png, svg) for stem, (png, svg) in figures.items()]
    return page(title, meta, parts)


def _runs_table(numbers):
    rows = [("points", count(numbers.points)), ("replicates per point", count(numbers.replicates)),
            ("runs in the sweep", count(numbers.total_runs))]
    if numbers.runs_in_file != numbers.total_runs:
        rows.append(("runs in this file (a shard)", count(numbers.runs_in_file)))
    rows += [("successful runs", count(numbers.runs_ok)), ("failed runs", count(len(numbers.failed)))]
    return table(("", "runs"), rows)


def _parameters_table(numbers):
    rows = [(r.key, r.values, format_value(r.low), format_value(r.high)) for r in numbers.parameters.itertuples()]
    return table(("swept key", "distinct values", "lowest", "highest"), rows)


def _failed_table(numbers, sweep):
    """A row per point with failed runs: its values, how many failed and the first error."""
    keys = list(sweep.attrs["parameters"])
    rows = []
    for point, runs in numbers.failed.groupby("point", sort=True):
        first = runs.iloc[0]
        rows.append([int(point)] + [format_value(first[k]) for k in keys] +
                    [", ".join(str(int(r)) for r in runs["run"]), first["run_error"]])
    return table(["point"] + keys + ["failed runs", "error (of the first)"], rows)


def _outcomes_table(numbers):
    rows = []
    for outcome, values in numbers.outcomes.iterrows():
        headline = OUTCOMES[outcome]
        rows.append([f"{headline.title} ({headline.unit})"] + [amount(v, headline.scale) for v in values])
    return table(["outcome"] + [f"{round(q * 100)} %" for q in QUANTILES], rows)


def _correlation_table(numbers, sweep):
    keys = list(sweep.attrs["parameters"])
    rows = [[OUTCOMES[o].title] + ["" if np.isnan(v) else f"{v:+.2f}" for v in values]
            for o, values in numbers.rank_correlation.iterrows()]
    return table(["outcome"] + keys, rows)


def _points_table(numbers, sweep):
    keys = list(sweep.attrs["parameters"])
    outcomes = [o for o in OUTCOMES if o in numbers.per_point.columns]
    shown = numbers.per_point.head(MAX_POINT_ROWS)
    rows = [[int(r["point"])] + [format_value(r[k]) for k in keys] + [int(r["runs_ok"])] +
            [amount(r[o], OUTCOMES[o].scale) for o in outcomes] for _, r in shown.iterrows()]
    header = ["point"] + keys + ["successful runs"] + \
             [f"median {OUTCOMES[o].title.lower()} ({OUTCOMES[o].unit})" for o in outcomes]
    note = "" if len(shown) == len(numbers.per_point) else \
        f"<p>The first {MAX_POINT_ROWS} of {len(numbers.per_point)} points.</p>"
    return table(header, rows) + note
