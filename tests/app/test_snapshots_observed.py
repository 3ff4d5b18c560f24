"""Per-agent snapshots and observed figures in run files the command writes (output/SCHEMA.md).

Run through ctest (pytest_cli), which sets REPATSIM_BIN and REPATSIM_SOURCE_DIR."""
import csv
import sys

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")
xr = pytest.importorskip("xarray")

FIELDS = ["status", "host", "sector", "flags", "expiry", "arrived", "wage_cents", "employer"]


@pytest.fixture(scope="module")
def snapshot_run(repatsim, source, tmp_path_factory):
    out = tmp_path_factory.mktemp("snapshots") / "small.h5"
    result = repatsim("run", source / "scenarios" / "small.yaml", "-o", out, "--quiet",
                      "--set", 'output.snapshots=["2018-01","2019-12"]')
    assert result.returncode == 0, result.stderr
    return out


def test_h5py_reads_a_snapshot(snapshot_run):
    with h5py.File(snapshot_run, "r") as f:
        assert sorted(f["snapshots"].keys()) == ["2018-01", "2019-12"]
        group = f["snapshots/2018-01"]
        assert group.attrs["month"] == "2018-01"
        agents = group["agent"][()]
        assert agents.size > 0 and np.all(np.diff(agents.astype(np.int64)) > 0)
        for name in FIELDS:
            assert group[name].shape == agents.shape, name
            assert group[name].dims[0].label == "agent"
            assert group[name].attrs["units"] and group[name].attrs["long_name"], name
        statuses = list(f["status"].asstr()[()])
        assert statuses.index("repatriated") not in set(group["status"][()])
        # Counted by host and status, the snapshot is that month's stock_true.
        month = list(f["month"].asstr()[()]).index("2018-01")
        stock = f["stock_true"][month]
        counts = np.zeros_like(stock)
        np.add.at(counts, (group["host"][()], group["status"][()]), 1)
        stock[:, statuses.index("repatriated")] = 0
        assert np.array_equal(counts, stock)


def test_xarray_opens_a_snapshot_group(snapshot_run):
    with xr.open_dataset(snapshot_run, group="snapshots/2019-12", engine="h5netcdf") as snap:
        assert snap.sizes["agent"] > 0
        for name in FIELDS:
            assert snap[name].dims == ("agent",)
        assert snap["wage_cents"].attrs["units"] == "US cents/month"
    # The root still opens as before, snapshots or not.
    with xr.open_dataset(snapshot_run, engine="h5netcdf") as ds:
        assert "stock_true" in ds and ds.sizes["observation"] == 0


def test_info_lists_the_snapshots(repatsim, snapshot_run):
    result = repatsim("info", snapshot_run)
    assert result.returncode == 0, result.stderr
    assert "snapshots" in result.stdout and "2019-12 (" in result.stdout


def test_historical_run_carries_every_observed_figure(repatsim, source, tmp_path):
    out = tmp_path / "historical.h5"
    result = repatsim("run", source / "scenarios" / "historical.yaml", "-o", out, "--quiet")
    assert result.returncode == 0, result.stderr
    with open(source / "analysis" / "data" / "observed.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 22
    with h5py.File(out, "r") as f:
        assert f["observation"].shape == (22,)
        columns = {name: list(f[f"observed_{name}"].asstr()[()])
                   for name in ("id", "host", "date", "quantity", "use", "source")}
        numbers = {name: f[f"observed_{name}"][()] for name in ("value", "low", "high")}
    for i, row in enumerate(rows):
        for name, values in columns.items():
            assert values[i] == row[name], (row["id"], name)
        for name, values in numbers.items():
            if row[name] == "":
                assert np.isnan(values[i]), (row["id"], name)
            else:
                assert values[i] == float(row[name]), (row["id"], name)
    # analysis opens the file and compares with the file's own figures, as with the CSV.
    if str(source) not in sys.path:
        sys.path.insert(0, str(source))
    from analysis import compare_observed, open_run
    dataset = open_run(out)
    assert dataset.sizes["observation"] == 22
    from_file = compare_observed(dataset)
    from_csv = compare_observed(dataset, source / "analysis" / "data" / "observed.csv")
    assert list(from_file["id"]) == list(from_csv["id"]) == ["R7", "R8", "G6", "G6r"]
    assert list(from_file["source"]) == list(from_csv["source"])
