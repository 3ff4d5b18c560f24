"""The key numbers of a sweep, as its report states them: what ran, what failed, and the
headline outcomes over runs, per point and against each parameter."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.frames import sweep_outcomes_frame
from analysis.headline import OUTCOMES

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass
class SweepNumbers:
    design: str
    master_seed: int
    points: int
    replicates: int
    total_runs: int          # runs of the whole sweep
    runs_in_file: int        # fewer than total_runs in a shard
    runs_ok: int
    failed: pd.DataFrame     # run, point, replicate, each swept key, run_error
    parameters: pd.DataFrame  # key, values (count of distinct), low, high
    outcomes: pd.DataFrame   # outcome x quantile (over successful runs), natural units
    per_point: pd.DataFrame  # point, each swept key, runs_ok, median of each outcome
    rank_correlation: pd.DataFrame  # outcome x key: Spearman's rho over runs (NaN if undefined)


def sweep_numbers(sweep) -> SweepNumbers:
    frame = sweep_outcomes_frame(sweep)
    keys = list(sweep.attrs["parameters"])
    ok = frame[frame["run_ok"] == 1]
    outcome_names = [o for o in OUTCOMES if o in frame.columns]

    failed = frame.loc[frame["run_ok"] == 0, ["run", "point", "replicate"] + keys].copy()
    failed["run_error"] = sweep["run_error"].values[frame["run_ok"].to_numpy() == 0] \
        if "run_error" in sweep.coords else ""

    parameters = pd.DataFrame([_parameter_row(key, frame[key]) for key in keys],
                              columns=["key", "values", "low", "high"])
    quantiles = pd.DataFrame({q: [ok[o].quantile(q) if len(ok) else np.nan for o in outcome_names]
                              for q in QUANTILES}, index=outcome_names)
    grouped = frame.groupby("point")
    per_point = grouped[keys].first()
    per_point["runs_ok"] = grouped["run_ok"].sum().astype(int)
    for outcome in outcome_names:
        per_point[outcome] = ok.groupby("point")[outcome].median().reindex(per_point.index)
    correlation = pd.DataFrame({key: [rank_correlation(ok[key], ok[o]) for o in outcome_names] for key in keys},
                               index=outcome_names)
    attrs = sweep.attrs
    return SweepNumbers(
        design=str(attrs.get("design", "?")), master_seed=int(attrs.get("master_seed", -1)),
        points=int(attrs.get("points", frame["point"].nunique())),
        replicates=int(attrs.get("replicates", frame["replicate"].nunique())),
        total_runs=int(attrs.get("total_runs", len(frame))), runs_in_file=len(frame), runs_ok=len(ok),
        failed=failed.reset_index(drop=True), parameters=parameters, outcomes=quantiles,
        per_point=per_point.reset_index(), rank_correlation=correlation,
    )


def _parameter_row(key, values):
    if np.issubdtype(values.dtype, np.number):
        return key, values.nunique(), float(values.min()), float(values.max())
    return key, values.nunique(), "", ""


def rank_correlation(x, y):
    """Spearman's rho between a numeric swept key and an outcome over runs; NaN when either is
    constant or the key is not numeric."""
    x, y = pd.Series(x), pd.Series(y)
    if not np.issubdtype(x.dtype, np.number) or x.nunique() < 2 or y.nunique() < 2:
        return np.nan
    return float(stats.spearmanr(x.to_numpy(dtype=float), y.to_numpy(dtype=float)).correlation)
