"""The headline series and outcomes that sweep figures, comparisons and their reports share,
computed the same way from a run (open_run) and from the runs of a sweep (open_sweep, or its
by-point view runs_by_point).

A series keeps every leading dim of its source (none for a run; `run`, or `point` and
`replicate`, for a sweep) and `month`. An outcome is one number per run.
"""

from dataclasses import dataclass

import xarray as xr

from analysis.quantities import abroad_statuses
from analysis.scenario_dates import deadline_date


@dataclass(frozen=True)
class Headline:
    title: str    # what it is, for a panel title or a table row
    unit: str     # the unit after `scale` is applied, for an axis label
    scale: float  # divide the values by this to show them in `unit`


SERIES = {
    "workers_abroad": Headline("Workers abroad", "workers (end of month)", 1.0),
    "state_revenue": Headline("State revenue reaching the DPRK", "USD million per month", 1e6),
    "repatriations": Headline("Repatriations (deportations included)", "workers per month", 1.0),
}

OUTCOMES = {
    "abroad_at_deadline": Headline("Workers abroad at the deadline", "workers", 1.0),
    "abroad_at_end": Headline("Workers abroad at the end", "workers", 1.0),
    "state_revenue_total": Headline("State revenue over the run", "USD million", 1e6),
    "repatriations_total": Headline("Repatriations over the run", "workers", 1.0),
}


def headline_series(dataset, name) -> xr.DataArray:
    """One of SERIES, summed over hosts (and statuses, channels), in its natural unit (workers,
    USD per month). NaN stays NaN: a failed run in the by-point view is not a zero."""
    if name == "workers_abroad":
        stock = dataset["stock_true"].sel(status=abroad_statuses(dataset))
        return stock.sum(["host", "status"], skipna=False)
    if name == "state_revenue":
        revenue = dataset["state_revenue_usd"]
        return revenue.sum([d for d in ("host", "channel") if d in revenue.dims], skipna=False)
    if name == "repatriations":
        flows = dataset["repatriations"] if "repatriations" in dataset.data_vars \
            else dataset["flows"].sel(flow="repatriations", drop=True)
        return flows.sum("host", skipna=False)
    raise ValueError(f"unknown headline series {name!r} (known: {', '.join(SERIES)})")


def deadline_month(dataset):
    """The deadline's month label (YYYY-MM) if the scenario has a deadline inside the run."""
    deadline = deadline_date(dataset)
    if deadline is None:
        return None
    label = deadline.strftime("%Y-%m")
    return label if label in [str(m) for m in dataset["month"].values] else None


def headline_outcomes(dataset) -> xr.Dataset:
    """Every outcome of OUTCOMES that the run covers (abroad_at_deadline only when the deadline
    falls inside it), one value per run, in its natural unit."""
    abroad = headline_series(dataset, "workers_abroad")
    outcomes = {}
    month = deadline_month(dataset)
    if month is not None:
        outcomes["abroad_at_deadline"] = abroad.sel(month=month, drop=True)
    outcomes["abroad_at_end"] = abroad.isel(month=-1, drop=True)
    outcomes["state_revenue_total"] = headline_series(dataset, "state_revenue").sum("month", skipna=False)
    outcomes["repatriations_total"] = headline_series(dataset, "repatriations").sum("month", skipna=False)
    result = xr.Dataset(outcomes)
    return result.drop_vars([c for c in ("time",) if c in result.coords])
