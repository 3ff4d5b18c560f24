"""Derived quantities that several figures, tables and the report share, defined once."""

import xarray as xr

from analysis.vocabulary import NOT_ABROAD


def abroad_statuses(dataset):
    """The status labels counted as abroad: all but repatriated."""
    return [str(s) for s in dataset["status"].values if str(s) not in NOT_ABROAD]


def workers_abroad(dataset, stock="stock_true") -> xr.DataArray:
    """Workers abroad per (month, host): the stock summed over every status but repatriated."""
    return dataset[stock].sel(status=abroad_statuses(dataset)).sum("status")


def state_revenue_total(dataset) -> xr.DataArray:
    """The state's revenue reaching the DPRK per (month, host), both channels, in USD."""
    return dataset["state_revenue_usd"].sum("channel")


def calendar_year_sum(series: xr.DataArray) -> xr.DataArray:
    """Sums a monthly series (on `month`, with a `time` coordinate) by calendar year; the
    result's `year` dimension holds only years the run covers in full, so a partial first or
    last year is never mistaken for a whole one."""
    years = series["time"].dt.year
    months_in_year = years.groupby(years).count()
    full_years = months_in_year["year"].values[months_in_year.values == 12]
    summed = series.groupby(years).sum("month")
    return summed.sel(year=full_years)
