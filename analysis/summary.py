"""The key numbers of a run, as the report states them."""

from dataclasses import dataclass, field

from analysis.scenario_dates import deadline_date
from analysis.quantities import calendar_year_sum, state_revenue_total, workers_abroad


@dataclass
class KeyNumbers:
    start_month: str
    end_month: str
    abroad_at_start: int            # workers abroad at the end of the first month
    abroad_at_end: int              # ... of the last month
    deadline: str | None            # the repatriation deadline (YYYY-MM-DD), if the scenario has one
    abroad_at_deadline: int | None  # at the end of the deadline's month; None if outside the run
    repatriations: int              # over the whole run, deportations included
    peak_stranded: int
    peak_stranded_month: str
    revenue_per_year_usd: dict = field(default_factory=dict)  # full calendar year -> USD


def key_numbers(dataset) -> KeyNumbers:
    months = [str(m) for m in dataset["month"].values]
    abroad = workers_abroad(dataset).sum("host")
    deadline = deadline_date(dataset)
    at_deadline = None
    if deadline is not None and deadline.strftime("%Y-%m") in months:
        at_deadline = int(abroad.isel(month=months.index(deadline.strftime("%Y-%m"))))
    stranded = dataset["stock_true"].sel(status="stranded").sum("host")
    peak = int(stranded.argmax("month"))
    repatriations = int(dataset["flows"].sel(flow="repatriations").sum()) if "flows" in dataset else 0
    revenue = {}
    if "state_revenue_usd" in dataset:
        yearly = calendar_year_sum(state_revenue_total(dataset).sum("host"))
        revenue = {int(y): float(v) for y, v in zip(yearly["year"].values, yearly.values)}
    return KeyNumbers(
        start_month=months[0], end_month=months[-1],
        abroad_at_start=int(abroad.isel(month=0)), abroad_at_end=int(abroad.isel(month=-1)),
        deadline=deadline.strftime("%Y-%m-%d") if deadline is not None else None,
        abroad_at_deadline=at_deadline, repatriations=repatriations,
        peak_stranded=int(stranded.isel(month=peak)), peak_stranded_month=months[peak],
        revenue_per_year_usd=revenue,
    )
