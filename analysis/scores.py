"""Scores of simulated figures against observed ones: relative error, ARD, and MASE-style
scores against two naive forecasts (VALIDATION.md, "Scores").

Definitions (obs_i the observed value of figure i, sim_i the simulated one):

  relative error   (sim_i - obs_i) / obs_i, signed.
  ARD              averaged relative difference over the figures of one kind (one quantity,
                   e.g. workers_permitted): sum_i |sim_i - obs_i| / sum_i obs_i. This is the
                   error measure of the Flee model (Suleimenova, Bell and Groen 2017, Sci.
                   Rep. 7: 13377); figures of different units are never pooled.
  MASE-style score for a naive baseline b: sum_i |sim_i - obs_i| / sum_i |naive_b,i - obs_i|,
                   over the figures i the baseline can forecast (below). Below 1 the model beats
                   the baseline; 1 ties; it is NaN where the baseline forecasts nothing.

The naive forecasts. Figures are grouped into series, one per (host, quantity), in date
order. A series may start with an anchor: a value known before its first figure (an `input`
row of observed.csv, or the stock a scenario starts from, named and labelled as an assumption
where it comes from the scenario; see scenarios/calibration/abc.yaml). Writing the series as
points p_0, p_1, ... (the anchor first, when there is one) at times t_k in months:

  carried forward  the forecast of p_k (k >= 1) is p_{k-1}: the last value observed before it.
                   p_0 has no forecast.
  constant hazard  a constant monthly hazard h fitted to the first two points,
                   p_1 = p_0 (1 - h)^(t_1 - t_0); the forecast of p_k (k >= 2) is
                   p_0 (1 - h)^(t_k - t_0). p_0 and p_1 have none: they are the fit itself.

So for the Russia permits series (anchor: the stock the historical scenario starts from, end of
2015; R7 end-2017; R8 end-2018) the carried-forward baseline forecasts R7 by the anchor and R8
by R7, and the hazard baseline forecasts R8 by extending the anchor-to-R7 decline twelve more
months. A series of one figure without an anchor has no naive forecast at all.

Times: a date "YYYY-MM" or "YYYY-MM-DD" stands for the end of that month, 12 * YYYY + MM months;
a bare year "YYYY" (a yearly mean or total) for the middle of that year, 12 * YYYY + 6.
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

BASELINES = ("carried_forward", "constant_hazard")


@dataclass(frozen=True)
class Anchor:
    """A value of a series known before its first figure (see the module docstring)."""
    host: str
    quantity: str
    date: str
    value: float
    source: str


def month_index(date: str) -> float:
    """The time of a figure's date in months (module docstring); raises ValueError naming the
    date when it is not YYYY, YYYY-MM or YYYY-MM-DD."""
    text = str(date).strip()
    parts = text.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return 12 * int(parts[0]) + 6
        if len(parts) in (2, 3) and len(parts[0]) == 4:
            month = int(parts[1])
            if 1 <= month <= 12:
                return 12 * int(parts[0]) + month
    except ValueError:
        pass
    raise ValueError(f"date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")


def relative_error(simulated, observed):
    """(simulated - observed) / observed, element-wise."""
    simulated = np.asarray(simulated, dtype=float)
    observed = np.asarray(observed, dtype=float)
    return (simulated - observed) / observed


def ard(simulated, observed) -> float:
    """Averaged relative difference: sum |simulated - observed| / sum observed (one kind of
    figure only; the caller groups by quantity)."""
    simulated = np.asarray(simulated, dtype=float)
    observed = np.asarray(observed, dtype=float)
    return float(np.abs(simulated - observed).sum() / observed.sum())


def naive_forecasts(figures: pd.DataFrame, anchors=()) -> pd.DataFrame:
    """The two naive forecasts of every figure: `figures` has columns id, host, quantity, date,
    observed; the result is `figures` with columns carried_forward and constant_hazard added
    (NaN where a baseline has no forecast; module docstring)."""
    result = figures.copy()
    result["carried_forward"] = np.nan
    result["constant_hazard"] = np.nan
    by_series = {(a.host, a.quantity): a for a in anchors}
    for (host, quantity), group in figures.groupby(["host", "quantity"], sort=False):
        order = sorted(group.index, key=lambda i: month_index(figures.at[i, "date"]))
        times = [month_index(figures.at[i, "date"]) for i in order]
        values = [float(figures.at[i, "observed"]) for i in order]
        labels = list(order)
        anchor = by_series.get((host, quantity))
        if anchor is not None:
            times.insert(0, month_index(anchor.date))
            values.insert(0, float(anchor.value))
            labels.insert(0, None)
        for k in range(1, len(values)):
            if labels[k] is not None:
                result.at[labels[k], "carried_forward"] = values[k - 1]
        if len(values) >= 3 and values[0] > 0 and values[1] > 0 and times[1] > times[0]:
            survival = (values[1] / values[0]) ** (1.0 / (times[1] - times[0]))  # 1 - h
            for k in range(2, len(values)):
                if labels[k] is not None:
                    result.at[labels[k], "constant_hazard"] = values[0] * survival ** (times[k] - times[0])
    return result


def mase(simulated, observed, naive) -> float:
    """MASE-style score: sum |simulated - observed| / sum |naive - observed| over the figures
    where `naive` is a number; NaN where none is, or where the baseline is exact."""
    simulated = np.asarray(simulated, dtype=float)
    observed = np.asarray(observed, dtype=float)
    naive = np.asarray(naive, dtype=float)
    usable = np.isfinite(naive)
    baseline_error = np.abs(naive[usable] - observed[usable]).sum()
    if not usable.any() or baseline_error == 0:
        return math.nan
    return float(np.abs(simulated[usable] - observed[usable]).sum() / baseline_error)


def score_table(figures: pd.DataFrame, anchors=()) -> dict:
    """Every score of one set of simulated figures. `figures`: columns id, host, quantity, date,
    observed, simulated (e.g. analysis.compare_observed's table). Returns a dict:

      per_figure  figures with relative_error and both naive forecasts and their relative errors
      ard         {quantity: ARD of the model}, and ard_<baseline> {quantity: ARD of the
                  baseline over the figures it forecasts}
      mase        {baseline: {quantity: MASE-style score over the figures of that quantity the
                  baseline forecasts}}; quantities are never pooled, their units differ
    """
    table = naive_forecasts(figures, anchors)
    table["relative_error"] = relative_error(table["simulated"], table["observed"])
    for baseline in BASELINES:
        table[f"{baseline}_relative_error"] = relative_error(table[baseline], table["observed"])
    scores = {"per_figure": table, "ard": {}, "mase": {}}
    for quantity, group in table.groupby("quantity", sort=False):
        scores["ard"][quantity] = ard(group["simulated"], group["observed"])
    for baseline in BASELINES:
        scores[f"ard_{baseline}"] = {}
        for quantity, group in table.groupby("quantity", sort=False):
            usable = group[group[baseline].notna()]
            if len(usable):
                scores[f"ard_{baseline}"][quantity] = ard(usable[baseline], usable["observed"])
        scores["mase"][baseline] = {}
        for quantity, group in table.groupby("quantity", sort=False):
            if group[baseline].notna().any():
                scores["mase"][baseline][quantity] = mase(group["simulated"], group["observed"], group[baseline])
    return scores
