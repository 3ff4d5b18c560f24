"""Fan charts of a sweep: a headline series over time at each point, as the median over the
point's replicates with its 50 % and 90 % bands."""

import textwrap

import numpy as np

from analysis.figures.bands import BAND_NOTE, draw_fan
from analysis.figures.common import (
    add_caption, format_time_axis, legend_and_panels, mark_key_dates, new_figure, shared_legend,
    thousands_axis,
)
from analysis.headline import SERIES, headline_series
from analysis.scenario_dates import key_dates_source
from analysis.sweep_file import runs_by_point
from analysis.sweep_points import point_label, representative_points

MAX_PANELS = 9
_COLOUR = "#1f5f99"


def plot_fan(sweep, quantity="workers_abroad", points=None):
    """One panel per point (all points up to MAX_PANELS, else MAX_PANELS of them spread over the
    range of outcomes; or the `points` given), sharing both axes: the median over the point's
    successful replicates of `quantity` (a key of analysis.headline.SERIES) with its bands, and
    the key dates of the base scenario. `sweep` is open_sweep's dataset or its by-point view."""
    grid = sweep if "replicate" in sweep.dims else runs_by_point(sweep)
    headline = SERIES[quantity]
    values = headline_series(grid, quantity) / headline.scale
    chosen = list(points) if points is not None else representative_points(grid, MAX_PANELS)
    times = grid["time"].values

    figure = new_figure(12, 2.7 * ((len(chosen) + 2) // 3) + 1.6)
    band, axes = legend_and_panels(figure, max(len(chosen), 1), columns=3, band_share=0.22)
    legend_line = None
    for index, (ax, point) in enumerate(zip(axes, chosen)):
        members = values.sel(point=point).values
        ok = int(grid["run_ok"].sel(point=point).sum())
        line = draw_fan(ax, times, members, _COLOUR, "median")
        legend_line = legend_line or line
        if line is None:
            ax.text(0.5, 0.5, "no successful replicate", transform=ax.transAxes, ha="center", color="#b00")
        title = textwrap.wrap(point_label(grid, point), 56) + [f"{ok} successful run{'s' if ok != 1 else ''}"]
        ax.set_title("\n".join(title), fontsize=8)
        mark_key_dates(ax, grid, label=index == 0)
        ax.set_xlim(times[0], times[-1])
        ax.set_ylabel(headline.unit, fontsize=8)
        ax.set_xlabel("month", fontsize=8)
        format_time_axis(ax)
        if headline.scale == 1:
            thousands_axis(ax)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_tick_params(labelbottom=True)
    if axes:
        top = np.nanmax([np.nanmax(v) if np.isfinite(v).any() else 0 for v in
                         [values.sel(point=p).values for p in chosen]] + [0])
        for ax in axes:
            ax.set_ylim(0, top * 1.05 if top > 0 else 1)
    if legend_line is not None:
        shared_legend(band, *_legend_entries(axes), title=f"{headline.title} over replicates")
    figure.suptitle(f"{headline.title}: median and bands over replicates, by point", fontsize=12)
    shown = "every point" if len(chosen) == grid.sizes["point"] else \
        f"{len(chosen)} of {grid.sizes['point']} points, spread over the range of median workers abroad at the end"
    add_caption(figure, grid, [f"Panels: {shown}. {BAND_NOTE} Dates marked: {key_dates_source(grid)}."])
    return figure


def _legend_entries(axes):
    """Median and the two bands, as drawn in the first panel that has them."""
    handles, labels = [], []
    for ax in axes:
        for artist in list(ax.collections) + list(ax.lines):
            gid = str(artist.get_gid())
            for prefix, text in (("median:", "median"), ("band50:", "50 % band"), ("band90:", "90 % band")):
                if gid.startswith(prefix) and text not in labels:
                    handles.append(artist)
                    labels.append(text)
    return handles, labels
