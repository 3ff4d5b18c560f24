"""What every figure shares: page layout, the caption naming the run, key-date markers, host
colours, and saving as PNG and SVG.

Figures are built on matplotlib.figure.Figure directly, never through pyplot: no global figure
registry to leak memory or to need a display, and the Agg canvas is used for saving.
"""

import math
import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
from matplotlib import colormaps
from matplotlib.figure import Figure

from analysis.scenario_dates import key_dates

_KEY_DATE_STYLE = {
    "measure": {"color": "#444444", "linestyle": ":", "linewidth": 1.0},
    "deadline": {"color": "#c00000", "linestyle": "--", "linewidth": 1.2},
    "event": {"color": "#006400", "linestyle": "-.", "linewidth": 1.0},
}


def new_figure(width=11.0, height=7.0):
    return Figure(figsize=(width, height), layout="constrained")


def legend_and_panels(figure, count, columns=3, band_share=0.25):
    """A legend strip across the top (an axes with no frame, labelled "legend") above `count`
    panels in a grid of at most `columns` columns sharing the time axis; returns
    (legend_axes, panels). matplotlib 3.6's constrained layout neither places figure legends
    nor draws stack plots in subfigure legends, hence a plain axes for the legend."""
    columns = min(columns, count)
    rows = math.ceil(count / columns)
    grid = figure.add_gridspec(rows + 1, columns, height_ratios=[band_share] + [1] * rows)
    legend_axes = figure.add_subplot(grid[0, :], label="legend")
    legend_axes.set_axis_off()
    panels = []
    for index in range(count):
        share = panels[0] if panels else None
        panels.append(figure.add_subplot(grid[1 + index // columns, index % columns], sharex=share))
    return legend_axes, panels


def shared_legend(legend_axes, handles, labels, title=None, columns=None):
    legend_axes.legend(handles, labels, loc="center", ncol=columns or max(len(labels), 1), fontsize=8,
                       title=title, title_fontsize=8, frameon=False)


def host_colours(dataset):
    """A fixed colour per host, in the file's host order, shared by all figures of a run."""
    palette = colormaps["tab20"]
    return {str(h): palette(i % 20) for i, h in enumerate(dataset["host"].values)}


def hosts_by_size(dataset, series):
    """Host labels ordered by the peak of `series` (month, host), largest first."""
    peaks = series.max("month")
    order = peaks.argsort().values[::-1]
    return [str(dataset["host"].values[i]) for i in order]


def mark_key_dates(ax, dataset, label=True):
    """Vertical lines at the run's key dates (measures, deadline, border); with `label`, their
    names near the top of the axes. Returns the lines drawn."""
    return mark_dates(ax, key_dates(dataset), label)


def mark_dates(ax, dates, label=True, colours=None):
    """Vertical lines at these KeyDates, styled by kind (or coloured by `colours[date]` where
    given); with `label`, their names near the top of the axes, dates close together stepped
    down a row so they stay legible. Returns the lines drawn."""
    lines = []
    row, previous = 0, None
    for date in dates:
        style = dict(_KEY_DATE_STYLE.get(date.kind, _KEY_DATE_STYLE["event"]))
        if colours and date in colours:
            style["color"] = colours[date]
        lines.append(ax.axvline(date.date, gid=f"key_date:{date.label}", **style))
        if label:
            ax.set_ymargin(0.18)  # room above the data for the labels
            close = previous is not None and (date.date - previous).days < 400
            row = (row + 1) % 4 if close else 0
            previous = date.date
            ax.annotate(date.label, xy=(date.date, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(2, -2 - 9 * row), textcoords="offset points", va="top", fontsize=6.5,
                        color=style["color"])
    return lines


def format_time_axis(ax):
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_minor_locator(mdates.YearLocator(1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def thousands_axis(ax, axis="y"):
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def style_worker_panel(ax, dataset, title, ylabel, times, first):
    """The common look of a per-host panel of workers over time."""
    mark_key_dates(ax, dataset, label=first)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    ax.set_xlim(times[0], times[-1])
    ax.set_ylim(bottom=0)
    thousands_axis(ax)
    format_time_axis(ax)
    ax.tick_params(labelsize=8)
    ax.xaxis.set_tick_params(labelbottom=True)


def run_caption(dataset):
    """One line naming the run (or sweep) file and what produced it."""
    attrs = dataset.attrs
    source = Path(dataset.encoding.get("source") or "?").name
    sweep = "parameters" in attrs
    parts = [f"{'Sweep' if sweep else 'Run'} file: {source}"]
    if attrs.get("scenario_name"):
        parts.append(f"scenario {attrs['scenario_name']}")
    if sweep:
        parts.append(f"{attrs.get('design', '?')} design, {attrs.get('points', '?')} points x "
                     f"{attrs.get('replicates', '?')} replicates, master seed {attrs.get('master_seed', '?')}")
    elif "seed" in attrs:
        parts.append(f"seed {attrs['seed']}")
    if attrs.get("repatsim_version"):
        commit = attrs.get("git_commit")
        parts.append(f"repatsim {attrs['repatsim_version']}" + (f" ({commit})" if commit else ""))
    months = dataset["month"].values
    parts.append(f"{attrs.get('start', months[0] if len(months) else '?')} to "
                 f"{attrs.get('end', months[-1] if len(months) else '?')}")
    return ", ".join(parts) + ". Simulated values."


def add_caption(figure, datasets, notes=()):
    """The footnote under the figure: a caption line per file (a dataset or a list of them),
    then any notes (observed sources, how bands are made)."""
    if not isinstance(datasets, (list, tuple)):
        datasets = [datasets]
    lines = [run_caption(dataset) for dataset in datasets]
    for note in notes:
        lines.extend(textwrap.wrap(note, 180))
    figure.supxlabel("\n".join(lines), fontsize=7, ha="left", x=0.01, color="#333333")


def save_figure(figure, directory, name):
    """Writes DIR/NAME.png and DIR/NAME.svg; returns their paths (PNG first)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.png", directory / f"{name}.svg"]
    figure.savefig(paths[0], dpi=120)
    figure.savefig(paths[1])
    return paths
