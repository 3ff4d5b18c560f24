"""Tidy pandas frames (one row per observation) of a run or of a sweep's runs, for users who
prefer pandas or want to export CSV. Months are "YYYY-MM" labels with the month-start timestamp
beside them."""

import numpy as np
import pandas as pd

from analysis.headline import headline_outcomes, headline_series
from analysis.run_file import require

_MONEY_PER_HOST = ("gross_wages_usd", "worker_share_usd", "state_share_usd", "informal_held_usd", "fines_usd")


def stocks_frame(dataset, stock="stock_true") -> pd.DataFrame:
    """Columns month, time, host, status, workers: the end-of-month stock (true by default,
    `stock="stock_reported"` for the host's view)."""
    require(dataset, stock)
    return _tidy(dataset[stock], "workers")


def flows_frame(dataset) -> pd.DataFrame:
    """Columns month, time, host, flow, workers: workers per month in each recorded flow."""
    require(dataset, "flows")
    return _tidy(dataset["flows"], "workers")


def money_frame(dataset) -> pd.DataFrame:
    """Columns month, time, host, quantity, channel, usd. `quantity` is the dataset name without
    "_usd" (gross_wages, worker_share, state_share, informal_held, fines, state_revenue);
    `channel` is formal or informal for state_revenue and empty for the others."""
    parts = []
    for name in _MONEY_PER_HOST:
        if name in dataset:
            frame = _tidy(dataset[name], "usd")
            frame.insert(3, "quantity", name.removesuffix("_usd"))
            frame.insert(4, "channel", "")
            parts.append(frame)
    if "state_revenue_usd" in dataset:
        frame = _tidy(dataset["state_revenue_usd"], "usd")
        frame.insert(3, "quantity", "state_revenue")
        parts.append(frame[["month", "time", "host", "quantity", "channel", "usd"]])
    if not parts:
        require(dataset, "state_revenue_usd")
    return pd.concat(parts, ignore_index=True)


def _tidy(array, value_name):
    frame = array.to_dataframe(name=value_name).reset_index()
    ordered = ["month", "time"] + [d for d in array.dims if d != "month"] + [value_name]
    frame["month"] = frame["month"].astype(str)
    return frame[ordered]


def sweep_outcomes_frame(sweep) -> pd.DataFrame:
    """One row per run of a sweep (open_sweep): run, point, replicate, run_ok, run_seed, each
    swept key, then each headline outcome (analysis.headline.OUTCOMES: workers abroad at the
    deadline and at the end, state revenue and repatriations over the run) in its natural unit
    (workers, USD); NaN for a failed run."""
    outcomes = headline_outcomes(sweep).where(sweep["run_ok"] == 1)
    frame = _run_columns(sweep)
    for name in outcomes.data_vars:
        frame[name] = outcomes[name].values.astype(float)
    return frame


def sweep_series_frame(sweep, quantity="workers_abroad") -> pd.DataFrame:
    """One row per run and month of a sweep (open_sweep): run, point, replicate, run_ok,
    run_seed, each swept key, month, time and `quantity` (a key of analysis.headline.SERIES,
    summed over hosts, in its natural unit); NaN for a failed run."""
    series = headline_series(sweep, quantity).where(sweep["run_ok"] == 1)
    values = series.transpose("run", "month").values
    runs = _run_columns(sweep)
    months = sweep.sizes["month"]
    frame = runs.loc[runs.index.repeat(months)].reset_index(drop=True)
    frame["month"] = np.tile([str(m) for m in sweep["month"].values], len(runs))
    frame["time"] = np.tile(sweep["time"].values, len(runs))
    frame[quantity] = values.reshape(-1).astype(float)
    return frame


def _run_columns(sweep):
    columns = {name: sweep[name].values for name in ("run", "point", "replicate", "run_ok", "run_seed")}
    for key in sweep.attrs["parameters"]:
        columns[key] = sweep[key].values
    return pd.DataFrame(columns)
