"""Several scenarios side by side: runs, sweeps, or points of one sweep, on the same axes, one
panel per headline series, a colour and a legend entry per scenario."""

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import xarray as xr
from matplotlib.lines import Line2D

from analysis.figures.bands import BAND_NOTE, draw_fan
from analysis.figures.common import (
    add_caption, format_time_axis, legend_and_panels, mark_dates, new_figure, shared_legend, thousands_axis,
)
from analysis.file_kind import is_sweep
from analysis.headline import SERIES, headline_series
from analysis.scenario_dates import key_dates
from analysis.sweep_file import runs_by_point
from analysis.sweep_points import point_label, representative_points

MAX_SCENARIOS = 10  # one tab10 colour each


@dataclass(frozen=True)
class Scenario:
    label: str
    dataset: xr.Dataset   # a run (open_run), or a sweep's runs (open_sweep or runs_by_point)
    point: int | None = None  # for a sweep: one point, or None for all its successful runs

    def members(self, quantity):
        """`quantity` as a (member, month) array: one row for a run, one per successful run of
        the sweep (or of its point); failed runs are all-NaN rows."""
        if not is_sweep(self.dataset):
            return headline_series(self.dataset, quantity).values[np.newaxis, :]
        grid = self.dataset if "replicate" in self.dataset.dims else runs_by_point(self.dataset)
        values = headline_series(grid, quantity)
        if self.point is not None:
            values = values.sel(point=self.point)
        return values.values.reshape(-1, values.sizes["month"])

    def runs(self):
        return len([row for row in self.members("workers_abroad") if not np.all(np.isnan(row))])


def scenarios_of_files(datasets):
    """A Scenario per opened file, named by its scenario, or by its file name where two files
    share a scenario name; a sweep pools all its successful runs."""
    names = [str(d.attrs.get("scenario_name") or _stem(d)) for d in datasets]
    labels = [name if names.count(name) == 1 else _stem(d) for name, d in zip(names, datasets)]
    return [Scenario(f"{label} (sweep)", runs_by_point(d) if "run" in d.dims else d) if is_sweep(d)
            else Scenario(label, d) for label, d in zip(labels, datasets)]


def scenarios_of_points(sweep, points=None):
    """A Scenario per point of a sweep (every point up to MAX_SCENARIOS, else that many spread
    over the range of outcomes)."""
    grid = sweep if "replicate" in sweep.dims else runs_by_point(sweep)
    chosen = list(points) if points is not None else representative_points(grid, MAX_SCENARIOS)
    return [Scenario(point_label(grid, p), grid, p) for p in chosen]


def plot_scenarios(scenarios, quantities=tuple(SERIES), title="Scenarios side by side"):
    """One panel per headline series (workers abroad, state revenue, repatriations) with every
    scenario in its own colour: a run as a line, a sweep (or sweep point) as the median over
    its runs with the 50 % and 90 % bands. Key dates that all scenarios share are marked in the
    usual style; one scenario's own in its colour; those of some, with their names."""
    if not 1 <= len(scenarios) <= MAX_SCENARIOS:
        raise ValueError(f"plot_scenarios draws 1 to {MAX_SCENARIOS} scenarios, not {len(scenarios)}")
    colours = [f"C{i}" for i in range(len(scenarios))]
    figure = new_figure(11, 3.0 * len(quantities) + 1.8)
    band, axes = legend_and_panels(figure, len(quantities), columns=1, band_share=0.12 * len(quantities) / 3)
    dates, date_colours = _dates(scenarios, colours)
    first = min(s.dataset["time"].values[0] for s in scenarios)
    last = max(s.dataset["time"].values[-1] for s in scenarios)
    handles, labels = [], []
    for index, (ax, quantity) in enumerate(zip(axes, quantities)):
        headline = SERIES[quantity]
        for scenario, colour in zip(scenarios, colours):
            line = draw_fan(ax, scenario.dataset["time"].values, scenario.members(quantity) / headline.scale,
                            colour, scenario.label)
            if index == 0:
                runs = scenario.runs()
                handles.append(line if line is not None else Line2D([], [], color=colour, linestyle="none"))
                labels.append(scenario.label if not is_sweep(scenario.dataset) else
                              f"{scenario.label}: median of {runs} runs" if runs else
                              f"{scenario.label}: no successful run")
        mark_dates(ax, dates, label=index == 0, colours=date_colours)
        ax.set_title(headline.title, fontsize=10)
        ax.set_ylabel(headline.unit)
        ax.set_xlabel("month")
        ax.set_xlim(first, last)
        ax.set_ylim(bottom=0)
        if headline.scale == 1:
            thousands_axis(ax)
        format_time_axis(ax)
        ax.xaxis.set_tick_params(labelbottom=True)
    shared_legend(band, handles, labels, title="scenario", columns=min(len(labels), 2) or 1)
    figure.suptitle(title, fontsize=12)
    notes = [BAND_NOTE] if any(is_sweep(s.dataset) for s in scenarios) else []
    notes.append("Key dates in grey, red and green belong to every scenario unless their label names some; "
                 "a date in a scenario's colour is that scenario's alone.")
    add_caption(figure, _distinct_files(scenarios), notes)
    return figure


def _dates(scenarios, colours):
    """Every scenario's key dates once. A date of one scenario only is drawn in its colour; a
    date of some but not all names them in its label. Dates match by label and month: a run
    file's scenario holds months (the engine's step), a sweep's base scenario file may give days."""
    def key(date):
        return date.label, date.date.to_period("M")

    per_scenario = [{key(d) for d in key_dates(s.dataset)} for s in scenarios]
    seen, dates, date_colours = set(), [], {}
    for scenario in scenarios:
        for date in key_dates(scenario.dataset):
            if key(date) in seen:
                continue
            seen.add(key(date))
            owners = [i for i, own in enumerate(per_scenario) if key(date) in own]
            if len(owners) == 1:
                date_colours[date] = colours[owners[0]]
            elif len(owners) < len(scenarios):
                date = replace(date, label=f"{date.label} ({', '.join(scenarios[i].label for i in owners)})")
            dates.append(date)
    return sorted(dates, key=lambda d: d.date), date_colours


def _distinct_files(scenarios):
    seen, datasets = set(), []
    for scenario in scenarios:
        if id(scenario.dataset) not in seen:
            seen.add(id(scenario.dataset))
            datasets.append(scenario.dataset)
    return datasets


def _stem(dataset):
    return Path(dataset.encoding.get("source") or "?").stem
