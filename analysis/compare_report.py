"""A self-contained HTML page comparing several files (runs and sweeps) side by side: what
each is, its headline outcomes in one table, and the scenarios figure (written beside it)."""

from pathlib import Path

import numpy as np

from analysis.figures import write_comparison_figures
from analysis.figures.scenarios import scenarios_of_files
from analysis.file_kind import is_sweep
from analysis.headline import OUTCOMES, headline_outcomes
from analysis.html_page import amount, escape, figure, page, table
from analysis.scenario_dates import deadline_date


def write_comparison_report(datasets, directory):
    """Writes the comparison figure and DIR/report.html for opened files (open_run or
    open_sweep, at least two); returns the report's path."""
    directory = Path(directory)
    figures = write_comparison_figures(datasets, directory)
    labels = [s.label for s in scenarios_of_files(datasets)]
    parts = ["<h2>Files</h2>", _files_table(datasets, labels),
             "<h2>Key numbers side by side</h2>",
             "<p>For a sweep: the median over its successful runs, with the 5-95 % range in brackets.</p>",
             _numbers_table(datasets, labels)]
    parts += [figure("Scenarios side by side", png, svg) for png, svg in figures.values()]
    meta = f"Comparison of {len(datasets)} files: " + ", ".join(escape(d.encoding.get("source", "?")) for d in datasets)
    path = directory / "report.html"
    path.write_text(page("repatsim comparison: " + ", ".join(labels), meta, parts), encoding="utf-8")
    return path


def _files_table(datasets, labels):
    rows = []
    for label, dataset in zip(labels, datasets):
        attrs = dataset.attrs
        if is_sweep(dataset):
            kind = f"sweep: {attrs.get('design', '?')}, {attrs.get('points', '?')} points x {attrs.get('replicates', '?')}"
            seed = f"master {attrs.get('master_seed', '?')}"
            runs = int(dataset["run_ok"].sum())
        else:
            kind, seed, runs = "run", attrs.get("seed", "?"), 1
        months = dataset["month"].values
        rows.append((label, kind, Path(dataset.encoding.get("source", "?")).name, attrs.get("scenario_name", "?"),
                     seed, f"{months[0]} to {months[-1]}", runs))
    return table(("scenario", "kind", "file", "scenario name", "seed", "months", "successful runs"), rows)


def _numbers_table(datasets, labels):
    values = [_outcomes(d) for d in datasets]
    deadline = [deadline_date(d) for d in datasets]
    rows = [["repatriation deadline (month)"] + [d.strftime("%Y-%m") if d is not None else "none" for d in deadline]]
    for outcome, headline in OUTCOMES.items():
        rows.append([f"{headline.title} ({headline.unit})"] + [_cell(v.get(outcome), headline.scale) for v in values])
    return table(["quantity"] + labels, rows)


def _outcomes(dataset):
    """{outcome: values over successful runs} (one value for a run)."""
    outcomes = headline_outcomes(dataset)
    if not is_sweep(dataset):
        return {name: np.array([float(outcomes[name])]) for name in outcomes.data_vars}
    ok = dataset["run_ok"].values.astype(bool)
    return {name: outcomes[name].values.astype(float)[ok] for name in outcomes.data_vars}


def _cell(values, scale):
    if values is None or len(values) == 0:
        return "outside the run" if values is None else "no successful run"
    if len(values) == 1:
        return amount(values[0], scale)
    low, median, high = np.quantile(values, [0.05, 0.5, 0.95])
    return f"{amount(median, scale)} [{amount(low, scale)}-{amount(high, scale)}]"
