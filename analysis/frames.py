"""Tidy pandas frames (one row per observation) of a run, for users who prefer pandas or
want to export CSV. Months are "YYYY-MM" labels with the month-start timestamp beside them."""

import pandas as pd

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
