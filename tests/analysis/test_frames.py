"""The tidy frames hold the same numbers as the dataset, one row per observation."""

import analysis


def test_stocks_frame_has_one_row_per_month_host_and_status(run):
    frame = analysis.stocks_frame(run)
    assert list(frame.columns) == ["month", "time", "host", "status", "workers"]
    assert len(frame) == run.sizes["month"] * run.sizes["host"] * run.sizes["status"]
    assert frame["workers"].sum() == int(run["stock_true"].sum())
    last = frame[(frame["month"] == run.attrs["end"]) & (frame["status"] == "permitted")]
    assert last["workers"].sum() == int(run["stock_true"].isel(month=-1).sel(status="permitted").sum())


def test_flows_frame_matches_flows(run):
    frame = analysis.flows_frame(run)
    assert list(frame.columns) == ["month", "time", "host", "flow", "workers"]
    repatriated = frame.loc[frame["flow"] == "repatriations", "workers"].sum()
    assert repatriated == int(run["flows"].sel(flow="repatriations").sum())


def test_money_frame_splits_revenue_by_channel(run):
    frame = analysis.money_frame(run)
    assert list(frame.columns) == ["month", "time", "host", "quantity", "channel", "usd"]
    assert set(frame["quantity"]) >= {"gross_wages", "state_share", "state_revenue", "fines"}
    revenue = frame[frame["quantity"] == "state_revenue"]
    assert set(revenue["channel"]) == {"formal", "informal"}
    assert abs(revenue["usd"].sum() - float(run["state_revenue_usd"].sum())) < 0.01
    assert (frame.loc[frame["quantity"] != "state_revenue", "channel"] == "").all()
