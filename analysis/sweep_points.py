"""Naming and choosing the points of a sweep, for panel titles, legends and tables."""

import numpy as np

from analysis.headline import headline_series


def short_keys(keys):
    """Each swept key by its shortest dotted suffix that no other key ends with, e.g.
    "hosts.Northland.posture.visa_tolerance" -> "visa_tolerance", or "Northland.posture.
    visa_tolerance" when Eastland's is swept too."""
    keys = [str(k) for k in keys]
    short = {}
    for key in keys:
        parts = key.split(".")
        for take in range(1, len(parts) + 1):
            suffix = ".".join(parts[-take:])
            if not any(other != key and (other == suffix or other.endswith("." + suffix)) for other in keys):
                break
        short[key] = suffix
    return short


def format_value(value):
    """A swept value as the sweep file would write it: 0.65, 12, north."""
    if isinstance(value, (float, np.floating)):
        return "nan" if np.isnan(value) else f"{value:.4g}"
    return str(value)


def point_values(grid, point):
    """{key: value} of one point of the by-point view (analysis.runs_by_point)."""
    return {key: grid[key].values[point] for key in grid.attrs["parameters"]}


def point_label(grid, point, separator=", "):
    """"point 3: state_share=0.65, visa_tolerance=0.1"."""
    short = short_keys(grid.attrs["parameters"])
    values = separator.join(f"{short[k]}={format_value(v)}" for k, v in point_values(grid, point).items())
    return f"point {point}: {values}" if values else f"point {point}"


def representative_points(grid, count):
    """Every point if there are at most `count`; else `count` points spread evenly over the
    range of their median workers abroad at the end (lowest, highest and between), in point
    order. Points without a successful replicate are left out of the choice."""
    points = grid.sizes["point"]
    if points <= count:
        return list(range(points))
    final = headline_series(grid, "workers_abroad").isel(month=-1).values
    with np.errstate(all="ignore"):
        medians = np.array([np.nanmedian(row) if np.isfinite(row).any() else np.nan for row in final])
    ranked = [int(p) for p in np.argsort(medians, kind="stable") if np.isfinite(medians[p])]
    if len(ranked) <= count:
        return sorted(ranked)
    picks = np.unique(np.round(np.linspace(0, len(ranked) - 1, count)).astype(int))
    return sorted(ranked[i] for i in picks)
