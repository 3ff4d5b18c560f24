#!/usr/bin/python3
"""The run file as Python sees it (output/SCHEMA.md, schema version 1).

Takes the file from the environment variable REPATSIM_RUN_FILE, so the same checks run against
the synthetic file of tests/output and against a file the engine writes. Run with Debian's
Python: /usr/bin/python3 -m pytest tests/output/test_run_file.py
"""
import os

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")
xr = pytest.importorskip("xarray")

RUN_FILE = os.environ.get("REPATSIM_RUN_FILE")
pytestmark = pytest.mark.skipif(
    not RUN_FILE, reason="set REPATSIM_RUN_FILE to the path of a repatsim run file to check"
)

DIMS = ["month", "host", "status", "flow", "channel", "sector", "route", "report"]


@pytest.fixture(scope="module")
def ds():
    with xr.open_dataset(RUN_FILE, engine="h5netcdf") as dataset:
        yield dataset.load()


def test_h5py_opens_it_and_reads_the_root_attributes():
    with h5py.File(RUN_FILE, "r") as f:
        assert f.attrs["schema_version"] == 1
        assert f.attrs["conventions"].startswith("repatsim run file")
        assert isinstance(f.attrs["scenario_name"], str)  # UTF-8 strings, not bytes
        months = int(f.attrs["months"])
        assert f["stock_true"].shape[0] == months
        assert f["stock_true"].dims[0].label == "month"
        labels = f["month"].asstr()[...]
        assert len(labels) == months
        if months:
            assert labels[0] == f.attrs["start"] and labels[-1] == f.attrs["end"]


def test_xarray_sees_labelled_dimensions(ds):
    for name in ("stock_true", "stock_reported", "status_in", "status_out"):
        assert ds[name].dims == ("month", "host", "status")
    assert ds["flows"].dims == ("month", "host", "flow")
    assert ds["stock_by_sector"].dims == ("month", "host", "sector")
    assert ds["state_revenue_usd"].dims == ("month", "host", "channel")
    assert ds["seats_used"].dims == ("month", "route")
    assert ds["reported_stock"].dims == ("report",)
    assert not [d for d in ds.dims if str(d).startswith("phony_dim")]
    for dim in DIMS:
        assert dim in ds.coords, f"dimension {dim} has no coordinate labels"
    assert {"permitted", "stranded", "repatriated"} <= set(ds["status"].values)
    assert all(isinstance(h, str) for h in ds["host"].values)
    # month labels agree with month_index (months since 1970-01), which stays a plain integer
    assert ds["month_index"].dtype.kind == "i"
    for label, index in zip(ds["month"].values, ds["month_index"].values):
        year, month = int(label[:4]), int(label[5:7])
        assert (year - 1970) * 12 + month - 1 == index


def test_every_data_variable_has_units_and_long_name(ds):
    assert len(ds.data_vars) >= 19
    for name, var in ds.data_vars.items():
        assert var.attrs.get("units"), f"{name} has no units"
        assert var.attrs.get("long_name"), f"{name} has no long_name"
    for name in ds.coords:
        assert ds[name].attrs.get("long_name"), f"coordinate {name} has no long_name"


def test_labels_sit_on_the_axes_they_describe(ds):
    for name in ("route_from", "route_to", "route_capacity"):
        assert ds[name].dims == ("route",)
    for name in ("report_host", "report_kind", "report_month"):
        assert ds[name].dims == ("report",)
    assert set(ds["report_month"].values) <= set(ds["month"].values)
    assert set(ds["report_host"].values) <= set(ds["host"].values)


def test_stock_flow_identity_holds_from_the_file_alone(ds):
    stock = ds["stock_true"].values.astype(np.int64)
    inflow = ds["status_in"].values.astype(np.int64)
    outflow = ds["status_out"].values.astype(np.int64)
    if stock.shape[0] < 2:
        pytest.skip("fewer than two months: no step to check")
    expected = stock[:-1] + inflow[1:] - outflow[1:]
    bad = np.argwhere(stock[1:] != expected)
    assert bad.size == 0, (
        f"{len(bad)} (month, host, status) cells break stock[t] = stock[t-1] + in[t] - out[t]; "
        f"first: month {ds['month'].values[bad[0][0] + 1]}, host {ds['host'].values[bad[0][1]]}, "
        f"status {ds['status'].values[bad[0][2]]}"
    )


def test_money_is_in_whole_cents(ds):
    for name in ("gross_wages_usd", "worker_share_usd", "state_share_usd", "informal_held_usd",
                 "fines_usd", "state_revenue_usd"):
        usd = ds[name].values
        assert usd.dtype == np.float64
        cents = np.round(usd * 100)
        assert np.all(np.abs(usd * 100 - cents) < 1e-3), f"{name} holds fractions of a cent"


def test_observed_figures_sit_on_the_observation_dimension(ds):
    # Every file has the dimension; a scenario without observed figures gives it length 0.
    assert "observation" in ds.dims
    for name in ("observed_id", "observed_host", "observed_date", "observed_quantity",
                 "observed_use", "observed_source"):
        assert ds[name].dims == ("observation",)
        assert all(isinstance(v, str) for v in ds[name].values)
    for name in ("observed_value", "observed_low", "observed_high"):
        assert ds[name].dims == ("observation",) and ds[name].dtype == np.float64
    assert list(ds["observed_id"].values) == [str(v) for v in ds["observation"].values]
    assert set(ds["observed_use"].values) <= {"calibrate", "input"}
