"""Simulated values next to the observed calibration figures of data/observed.csv.

Only rows with use == "calibrate" are compared (MODEL.md section 9); the "input" rows set
parameters and are not targets. How each quantity is read from a run:

  workers_permitted           stock_true of status permitted in that host
  workers_total               stock_true summed over every status but repatriated
  state_revenue_usd_per_year  state_share_usd summed over 12 months

The host "World" sums all hosts of the run. Dates: a day or month date ("2017-12-31",
"2017-12") reads the end-of-month stock of that month, and the 12 months ending there for a
yearly sum; a bare year ("2017") reads the mean stock over that year, and that calendar year
for a yearly sum. Rows whose host or date the run does not cover are kept with a note.

The figures come from the run file itself when it carries them (the scenario's `observed` list,
stored as observed_* on dimension `observation`, output/SCHEMA.md), else from the CSV; a CSV
passed explicitly always wins.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.quantities import workers_abroad

DEFAULT_OBSERVED_CSV = Path(__file__).resolve().parent / "data" / "observed.csv"

QUANTITY_UNITS = {
    "workers_permitted": "workers",
    "workers_total": "workers",
    "state_revenue_usd_per_year": "USD per year",
}

_COLUMNS = ("id", "host", "date", "quantity", "value", "low", "high", "use", "source")


def read_observed(path=None) -> pd.DataFrame:
    """The observed figures, all rows; raises ValueError naming the file and the column if the
    file does not have the expected columns."""
    path = Path(path) if path else DEFAULT_OBSERVED_CSV
    frame = pd.read_csv(path, dtype={"date": str, "id": str})
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(_COLUMNS)}")
    return frame


def observed_in_run(dataset):
    """The observed figures a run file carries, as read_observed gives them (NaN where a value,
    low or high is missing), or None when the file has none."""
    if "observed_value" not in dataset.variables or dataset.sizes.get("observation", 0) == 0:
        return None
    columns = {}
    for column in _COLUMNS:
        values = dataset[f"observed_{column}"].values
        if column in ("value", "low", "high"):
            columns[column] = values.astype(float)
        else:
            columns[column] = [str(v) for v in values]
    return pd.DataFrame(columns, columns=list(_COLUMNS))


def compare_observed(dataset, observed_csv=None) -> pd.DataFrame:
    """One row per calibration figure: id, host, date, quantity, unit, observed, low, high,
    simulated, within (simulated inside [low, high]), note, source. The figures are the run
    file's own when it has them and no CSV is given, else the CSV's (default data/observed.csv)."""
    observed = observed_in_run(dataset) if observed_csv is None else None
    if observed is None:
        observed = read_observed(observed_csv)
    rows = []
    for row in observed[observed["use"] == "calibrate"].itertuples(index=False):
        simulated, note = _simulated(dataset, row)
        low = row.low if pd.notna(row.low) else row.value
        high = row.high if pd.notna(row.high) else row.value
        rows.append({
            "id": row.id, "host": row.host, "date": row.date, "quantity": row.quantity,
            "unit": QUANTITY_UNITS.get(row.quantity, ""), "observed": float(row.value),
            "low": float(low), "high": float(high), "simulated": simulated,
            "within": bool(np.isfinite(simulated) and low <= simulated <= high),
            "note": note, "source": row.source,
        })
    return pd.DataFrame(rows, columns=["id", "host", "date", "quantity", "unit", "observed", "low", "high",
                                       "simulated", "within", "note", "source"])


def _simulated(dataset, row):
    if row.quantity not in QUANTITY_UNITS:
        return np.nan, f"unknown quantity {row.quantity!r}"
    hosts = [str(h) for h in dataset["host"].values]
    if row.host != "World" and row.host not in hosts:
        return np.nan, f"host {row.host} not in this run"
    months = _months_for(dataset, str(row.date), yearly_sum=row.quantity.endswith("_per_year"))
    if months is None:
        return np.nan, f"date {row.date} outside this run"
    series = _series(dataset, row.quantity)
    if row.host != "World":
        series = series.sel(host=row.host)
    else:
        series = series.sum("host")
    picked = series.isel(month=months)
    if row.quantity.endswith("_per_year"):
        return float(picked.sum()), ""
    return float(picked.mean()), ""


def _series(dataset, quantity):
    if quantity == "workers_permitted":
        return dataset["stock_true"].sel(status="permitted")
    if quantity == "workers_total":
        return workers_abroad(dataset)
    return dataset["state_share_usd"]


def _months_for(dataset, date, yearly_sum):
    """Positions on the month axis that a figure dated `date` covers, or None if the run does
    not cover all of them."""
    labels = [str(m) for m in dataset["month"].values]
    if len(date) == 4:
        wanted = [f"{date}-{m:02d}" for m in range(1, 13)]
    else:
        end = date[:7]
        if not yearly_sum:
            wanted = [end]
        else:
            last = pd.Period(end, freq="M")
            wanted = [str(last - k) for k in range(11, -1, -1)]
    if not all(w in labels for w in wanted):
        return None
    return [labels.index(w) for w in wanted]
