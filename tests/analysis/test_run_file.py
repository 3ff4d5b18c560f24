"""open_run: labelled dimensions, attributes, time axis, the stock-flow identity, and clear
errors for files it cannot use."""

import h5py
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.vocabulary import STATUSES


def test_stocks_are_labelled_by_month_host_and_status(run):
    assert run["stock_true"].dims == ("month", "host", "status")
    assert run["stock_reported"].dims == ("month", "host", "status")
    assert [str(s) for s in run["status"].values] == list(STATUSES)
    assert run.sizes["host"] >= 1
    assert run["flows"].dims == ("month", "host", "flow")
    assert "repatriations" in [str(f) for f in run["flow"].values]
    assert run["state_revenue_usd"].dims == ("month", "host", "channel")
    assert sorted(str(c) for c in run["channel"].values) == ["formal", "informal"]
    assert run["seats_used"].dims == ("month", "route")


def test_month_labels_time_axis_and_root_attributes_agree(run):
    labels = [str(m) for m in run["month"].values]
    assert run.attrs["schema_version"] == 1
    assert labels[0] == run.attrs["start"] and labels[-1] == run.attrs["end"]
    assert len(labels) == int(run.attrs["months"])
    assert run["time"].dims == ("month",)
    assert list(run["time"].values) == list(pd.to_datetime([m + "-01" for m in labels]))
    expected_index = [(int(m[:4]) - 1970) * 12 + int(m[5:]) - 1 for m in labels]
    assert run["month_index"].values.tolist() == expected_index
    assert isinstance(run.attrs["scenario_yaml"], str)


def test_route_coordinates_name_both_ends(run):
    for label, start, end in zip(run["route"].values, run["route_from"].values, run["route_to"].values):
        assert str(label).endswith(f":{start}>{end}")


def test_stocks_satisfy_the_stock_flow_identity(run):
    stock = run["stock_true"].values
    inflow, outflow = run["status_in"].values, run["status_out"].values
    assert (stock >= 0).all()
    np.testing.assert_array_equal(stock[1:], stock[:-1] + inflow[1:] - outflow[1:])


def test_missing_file_names_the_file(tmp_path):
    missing = tmp_path / "nowhere.h5"
    with pytest.raises(analysis.RunFileError, match="nowhere.h5: no such file"):
        analysis.open_run(missing)


def test_damaged_file_is_refused(damaged_file):
    with pytest.raises(analysis.RunFileError, match="damaged.h5: not a readable HDF5 file"):
        analysis.open_run(damaged_file)


def test_foreign_hdf5_file_is_refused(foreign_file):
    with pytest.raises(analysis.RunFileError, match="not a repatsim run file .*schema_version"):
        analysis.open_run(foreign_file)


def test_other_schema_version_is_refused(tmp_path, run_path):
    copy = tmp_path / "future.h5"
    copy.write_bytes(run_path.read_bytes())
    with h5py.File(copy, "r+") as file:
        file.attrs["schema_version"] = np.int64(2)
    with pytest.raises(analysis.RunFileError, match="unsupported schema_version 2"):
        analysis.open_run(copy)


def test_engine_file_records_its_provenance(engine_run_path):
    ds = analysis.open_run(engine_run_path)
    for key in ("repatsim_version", "git_commit", "scenario_name", "scenario_yaml", "seed", "created"):
        assert key in ds.attrs, f"root attribute {key} missing from {engine_run_path}"
