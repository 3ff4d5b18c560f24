"""Median and quantile bands over replicates, drawn the same way in every sweep figure."""

import numpy as np

# (low, high, opacity): the 90 % band (5-95 %) lighter under the 50 % band (25-75 %).
BANDS = ((0.05, 0.95, 0.15), (0.25, 0.75, 0.35))
BAND_NOTE = ("Line: median over the successful replicates; shaded: the 50 % (25-75 %) and 90 % (5-95 %) "
             "bands of the same, per month (quantiles with linear interpolation).")


def successful_members(values):
    """The rows (members: runs or replicates) of a (member, month) array that hold results;
    failed or absent runs are all-NaN rows."""
    values = np.asarray(values, dtype=float).reshape(-1, np.shape(values)[-1])
    return values[~np.all(np.isnan(values), axis=1)]


def draw_fan(ax, times, members, colour, label):
    """The median of `members` (member, month) as a line labelled `label`, over its 90 % and
    50 % bands in the same colour (gids "band90:<label>" and "band50:<label>"); a single
    member is drawn as a plain line. Returns the median line, or None if no member holds data."""
    members = successful_members(members)
    if len(members) == 0:
        return None
    if len(members) > 1:
        for low, high, alpha in BANDS:
            lower, upper = np.quantile(members, [low, high], axis=0)
            band = ax.fill_between(times, lower, upper, color=colour, alpha=alpha, linewidth=0)
            band.set_gid(f"band{round((high - low) * 100)}:{label}")
    (line,) = ax.plot(times, np.median(members, axis=0), color=colour, linewidth=1.6, label=label,
                      gid=f"median:{label}")
    return line
