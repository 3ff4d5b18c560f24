"""Sweep files the engine writes, as labelled data: open_sweep, the (point, replicate) view,
tidy frames, headline outcomes and a sweep's key numbers; and the clear error for a damaged or
foreign sweep file."""

import shutil

import h5py
import numpy as np
import pytest

import analysis
from analysis.sweep_points import representative_points, short_keys

KEYS = ["dprk.state_share", "hosts.Northland.posture.visa_tolerance"]


def abroad(stock):
    """Workers abroad from a stock array whose last axis is status (repatriated is last)."""
    return stock[..., :-1].sum(axis=(-1, -2))


def test_open_sweep_labels_runs_with_their_point_replicate_and_values(grid_sweep):
    ds = grid_sweep
    assert dict(ds.sizes) == {"run": 18, "month": 48, "host": 3, "status": 8}
    assert ds.attrs["parameters"] == KEYS
    assert list(ds["point"].values) == [p for p in range(6) for _ in range(3)]
    assert list(ds["replicate"].values) == [0, 1, 2] * 6
    assert list(ds["dprk.state_share"].values) == [0.5] * 9 + [0.8] * 9  # first key varies slowest
    assert list(ds["run_ok"].values) == [1] * 6 + [0] * 3 + [1] * 6 + [0] * 3
    assert str(ds["month"].values[0]) == "2017-01" and ds["time"].dims == ("month",)
    assert ds["stock_true"].dims == ("run", "month", "host", "status")
    assert list(ds["status"].values)[-1] == "repatriated"


def test_runs_by_point_lays_the_runs_out_on_point_and_replicate(grid_sweep, engine_files):
    grid = analysis.runs_by_point(grid_sweep)
    assert analysis.open_sweep(engine_files.grid, by="point").identical(grid)
    assert dict(grid.sizes) == {"point": 6, "replicate": 3, "month": 48, "host": 3, "status": 8}
    assert grid["stock_true"].dims == ("point", "replicate", "month", "host", "status")
    assert grid["run"].dims == ("point", "replicate")
    np.testing.assert_array_equal(grid["run"].values, np.arange(18).reshape(6, 3))
    assert list(grid["hosts.Northland.posture.visa_tolerance"].values) == [0.1, 0.5, 1.5] * 2
    assert grid["dprk.state_share"].dims == ("point",)
    for run in (0, 4, 17):
        point, replicate = divmod(run, 3)
        values = grid["stock_true"].isel(point=point, replicate=replicate).values
        if grid_sweep["run_ok"].values[run]:
            np.testing.assert_array_equal(values, grid_sweep["stock_true"].isel(run=run).values)
        else:  # a failed run's zeros in the file are not results
            assert np.isnan(values).all()


def test_runs_by_point_of_part_of_the_runs_leaves_the_others_absent(grid_sweep):
    """A shard holds every other run; the view keeps the design's shape with NaN and run -1."""
    grid = analysis.runs_by_point(grid_sweep.isel(run=slice(0, None, 2)))
    assert dict(grid.sizes)["point"] == 6 and dict(grid.sizes)["replicate"] == 3
    assert grid["run"].values[0, 1] == -1 and grid["run_ok"].values[0, 1] == 0
    assert np.isnan(grid["stock_true"].values[0, 1]).all()
    assert not np.isnan(grid["stock_true"].values[0, 0]).any()


def test_sweep_frames_are_tidy_and_agree_with_the_arrays(grid_sweep):
    outcomes = analysis.sweep_outcomes_frame(grid_sweep)
    assert len(outcomes) == 18
    assert list(outcomes.columns[:7]) == ["run", "point", "replicate", "run_ok", "run_seed"] + KEYS
    stock = grid_sweep["stock_true"].values
    ok = grid_sweep["run_ok"].values == 1
    np.testing.assert_array_equal(outcomes["abroad_at_end"][ok], abroad(stock[:, -1])[ok])
    deadline = list(grid_sweep["month"].values).index("2019-12")  # small.yaml: 2397 + 24 months
    np.testing.assert_array_equal(outcomes["abroad_at_deadline"][ok], abroad(stock[:, deadline])[ok])
    np.testing.assert_allclose(outcomes["state_revenue_total"][ok],
                               grid_sweep["state_revenue_usd"].values.sum(axis=(1, 2))[ok])
    assert outcomes.loc[~ok, "abroad_at_end"].isna().all()

    series = analysis.sweep_series_frame(grid_sweep, "repatriations")
    assert len(series) == 18 * 48
    assert list(series.columns[-3:]) == ["month", "time", "repatriations"]
    first = series[series["run"] == 0]
    np.testing.assert_array_equal(first["repatriations"], grid_sweep["repatriations"].values[0].sum(axis=1))


def test_a_runs_headline_outcomes_are_its_key_numbers(engine_files):
    run = analysis.open_run(engine_files.run)
    outcomes = analysis.headline_outcomes(run)
    numbers = analysis.key_numbers(run)
    assert int(outcomes["abroad_at_deadline"]) == numbers.abroad_at_deadline
    assert int(outcomes["abroad_at_end"]) == numbers.abroad_at_end
    assert int(outcomes["repatriations_total"]) == numbers.repatriations
    assert float(outcomes["state_revenue_total"]) == pytest.approx(float(run["state_revenue_usd"].sum()))


def test_sweep_numbers_count_runs_failures_and_outcomes(grid_sweep):
    numbers = analysis.sweep_numbers(grid_sweep)
    assert (numbers.points, numbers.replicates, numbers.total_runs, numbers.runs_ok) == (6, 3, 18, 12)
    assert list(numbers.failed["point"]) == [2, 2, 2, 5, 5, 5]
    assert all("visa_tolerance" in e and "1.5" in e for e in numbers.failed["run_error"])
    assert list(numbers.parameters["values"]) == [2, 3]
    quantiles = numbers.outcomes.to_numpy()
    assert (np.diff(quantiles, axis=1) >= 0).all()
    medians = np.median(analysis.sweep_outcomes_frame(grid_sweep)["abroad_at_end"].to_numpy()[:3])
    assert numbers.per_point.loc[0, "abroad_at_end"] == medians
    assert numbers.per_point.loc[2, "runs_ok"] == 0 and np.isnan(numbers.per_point.loc[2, "abroad_at_end"])
    # The state's take is state_share of the wages: revenue rises with it in every run pair.
    assert numbers.rank_correlation.loc["state_revenue_total", "dprk.state_share"] > 0.5


def test_a_sweep_marks_its_base_scenarios_dates(grid_sweep):
    labels = [d.label for d in analysis.key_dates(grid_sweep)]
    assert labels == ["2371", "2375", "2397", "2397 deadline", "border closed"]
    from analysis.scenario_dates import key_dates_source
    assert "small.yaml" in key_dates_source(grid_sweep)


def test_short_keys_and_representative_points(lhs_sweep):
    assert short_keys(KEYS) == {KEYS[0]: "state_share", KEYS[1]: "visa_tolerance"}
    assert short_keys(["a.x.share", "b.x.share"]) == {"a.x.share": "a.x.share", "b.x.share": "b.x.share"}
    grid = analysis.runs_by_point(lhs_sweep)
    chosen = representative_points(grid, 5)
    final = analysis.headline_series(grid, "workers_abroad").isel(month=-1, replicate=0).values
    assert len(chosen) == 5 and chosen == sorted(chosen)
    assert int(np.argmin(final)) in chosen and int(np.argmax(final)) in chosen
    assert representative_points(grid, 20) == list(range(12))


@pytest.fixture
def damaged_sweep(engine_files, tmp_path):
    data = engine_files.grid.read_bytes()
    path = tmp_path / "truncated.h5"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.fixture
def sweep_without_series(engine_files, tmp_path):
    path = tmp_path / "no_stock.h5"
    shutil.copy(engine_files.grid, path)
    with h5py.File(path, "a") as file:
        del file["stock_true"]
    return path


def test_a_damaged_or_foreign_sweep_file_is_refused_with_its_name(damaged_sweep, sweep_without_series, engine_files):
    for path, expected in ((damaged_sweep, "not a readable HDF5 file"),
                           (sweep_without_series, "sweep file has no 'stock_true' dataset"),
                           (engine_files.run, "not a repatsim sweep file")):
        with pytest.raises(analysis.RunFileError) as error:
            analysis.open_sweep(path)
        assert str(path) in str(error.value) and expected in str(error.value)
    assert analysis.file_kind(engine_files.grid) == "sweep" and analysis.file_kind(engine_files.run) == "run"
