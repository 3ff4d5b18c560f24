"""Opens a repatsim sweep file (`repatsim sweep`/`merge`, output/SCHEMA.md "Sweep files") as
xarray Datasets: the runs (by run, or by point and replicate) and the per-point summaries.

    import analysis
    runs = analysis.open_sweep("sweep.h5")            # dims run, month, host, status
    runs.stock_true.where(runs.run_ok == 1)           # failed runs hold zeros
    runs.groupby("point").mean()                      # or by a swept key, e.g. "dprk.state_share"
    grid = analysis.runs_by_point(runs)               # dims point, replicate, month, host, status
                                                      # (or analysis.open_sweep("sweep.h5", by="point"))
    grid.stock_true.sel(point=2).median("replicate")  # failed or absent runs are NaN here
    points = analysis.open_sweep_summary("sweep.h5")  # dims point, quantile, month

Swept parameters are coordinates named by their `--set` key (on `run`, or on `point` in the
by-point view); ds.attrs["parameters"] lists them.
"""

from pathlib import Path

import h5py
import numpy as np
import xarray as xr

from analysis.errors import RunFileError
from analysis.run_file import (
    _attributes, _dimension_names, _first_line, _python_value, _read_values, add_time, open_hdf5_file,
)

SWEEP_CONVENTIONS = "repatsim sweep file; see output/SCHEMA.md"
SWEEP_SCHEMA_VERSION = 1

# What every sweep file holds (output/SCHEMA.md); without them no figure or table can be drawn.
_REQUIRED_RUN_COORDINATES = ("point", "replicate", "run_seed", "run_ok")
_RUN_SERIES = ("stock_true", "state_revenue_usd", "repatriations")
_SERIES_DIMS = {"stock_true": ("run", "month", "host", "status"),
                "state_revenue_usd": ("run", "month", "host"), "repatriations": ("run", "month", "host")}


def open_sweep(path, by="run") -> xr.Dataset:
    """Reads the runs of a sweep (or shard) file: dims run, month, host, status; coordinates
    run, point, replicate, run_seed, run_ok, run_error and one per swept key on `run`, `time`
    (month-start timestamps) on `month`; data stock_true, state_revenue_usd and repatriations.
    With by="point", the same laid out on (point, replicate) by runs_by_point. Raises
    RunFileError for a missing, damaged or foreign file."""
    if by not in ("run", "point"):
        raise ValueError(f"open_sweep: by must be 'run' or 'point', not {by!r}")
    path = Path(path)
    dataset = _open(path, None)
    for name in _REQUIRED_RUN_COORDINATES + tuple(dataset.attrs["parameters"]):
        if name not in dataset.coords:
            raise RunFileError(path, f"sweep file has no '{name}' dataset (output/SCHEMA.md requires it)")
    for name, dims in _SERIES_DIMS.items():
        if name not in dataset.data_vars:
            raise RunFileError(path, f"sweep file has no '{name}' dataset (output/SCHEMA.md requires it)")
        if dataset[name].dims != dims:
            raise RunFileError(path, f"sweep file's '{name}' has dims {dataset[name].dims}, expected {dims}")
    dataset = _add_time(path, dataset)
    return runs_by_point(dataset) if by == "point" else dataset


def open_sweep_summary(path) -> xr.Dataset:
    """Reads the per-point summaries of a whole sweep file: dims point, quantile, month;
    workers_abroad_mean and workers_abroad_quantile, with the swept keys on `point`."""
    path = Path(path)
    return _add_time(path, _open(path, "summary"))


def runs_by_point(runs) -> xr.Dataset:
    """The runs of open_sweep laid out on (point, replicate) instead of run: every series gets
    dims (point, replicate, month, ...), as float with NaN where a run failed or is absent (a
    shard holds only some runs); `run`, `run_seed` and `run_ok` become (point, replicate)
    coordinates (run -1 and run_ok 0 where absent) and each swept key a coordinate on `point`."""
    points = int(runs.attrs.get("points", int(runs["point"].max()) + 1 if runs.sizes["run"] else 0))
    replicates = int(runs.attrs.get("replicates", int(runs["replicate"].max()) + 1 if runs.sizes["run"] else 0))
    point = runs["point"].values.astype(int)
    replicate = runs["replicate"].values.astype(int)
    ok = runs["run_ok"].values.astype(bool)

    def grid(values, fill, dtype):
        out = np.full((points, replicates) + values.shape[1:], fill, dtype=dtype)
        out[point, replicate] = values
        return out

    data_vars = {}
    for name in _RUN_SERIES:
        values = runs[name].values.astype(float)
        values[~ok] = np.nan  # a failed run's series are zeros in the file, not results
        data_vars[name] = (("point", "replicate") + runs[name].dims[1:], grid(values, np.nan, float),
                           dict(runs[name].attrs))
    coords = {
        "point": ("point", np.arange(points)),
        "replicate": ("replicate", np.arange(replicates)),
        "run": (("point", "replicate"), grid(runs["run"].values.astype(np.int64), -1, np.int64)),
        "run_seed": (("point", "replicate"), grid(runs["run_seed"].values.astype(np.uint64), 0, np.uint64)),
        "run_ok": (("point", "replicate"), grid(ok.astype(np.uint8), 0, np.uint8)),
    }
    for key in runs.attrs["parameters"]:
        values = runs[key].values
        per_point = np.full(points, np.nan, dtype=float) if values.dtype.kind == "f" \
            else np.full(points, "", dtype=object)
        per_point[point] = values
        coords[key] = ("point", per_point, dict(runs[key].attrs))
    for name in ("month", "host", "status", "time"):
        coords[name] = runs[name]
    out = xr.Dataset(data_vars=data_vars, coords=coords, attrs=dict(runs.attrs))
    out.encoding["source"] = runs.encoding.get("source")
    return out


def _open(path, group):
    with open_hdf5_file(path, "a sweep file") as handle:
        attrs = {name: _python_value(value) for name, value in handle.attrs.items()}
        if attrs.get("conventions") != SWEEP_CONVENTIONS:
            raise RunFileError(path, "not a repatsim sweep file (see output/SCHEMA.md)")
        if attrs.get("schema_version") != SWEEP_SCHEMA_VERSION:
            raise RunFileError(path, f"unsupported sweep schema_version {attrs.get('schema_version')!r} "
                                     f"(this analysis reads version {SWEEP_SCHEMA_VERSION})")
        if "parameter" not in handle:
            raise RunFileError(path, "sweep file has no 'parameter' dataset (output/SCHEMA.md requires it)")
        if group is not None and group not in handle:
            raise RunFileError(path, "a shard: it has no per-point summaries (merge the shards first)")
        try:
            parameters = [str(k) for k in handle["parameter"].asstr()[()]]
            node = handle if group is None else handle[group]
            dataset = _read(node, skip={"parameter"} if group is None else set())
        except (OSError, KeyError, ValueError, TypeError) as error:
            raise RunFileError(path, f"damaged sweep file: {_first_line(error)}") from None
    attrs["parameters"] = parameters
    dataset.attrs.update(attrs)
    dataset.encoding["source"] = str(path)
    return dataset


def _read(node, skip):
    coords, data_vars = {}, {}
    for name, item in node.items():
        if not isinstance(item, h5py.Dataset) or name in skip:
            continue
        values = _read_values(item)
        if h5py.h5ds.is_scale(item.id):
            coords[name] = (name, values, _attributes(item))
            continue
        attrs = _attributes(item)
        role = attrs.pop("sweep_role", None)
        target = coords if role == "coordinate" else data_vars
        target[name] = (_dimension_names(name, item), values, attrs)
    return xr.Dataset(data_vars=data_vars, coords=coords)


def _add_time(path, dataset):
    if "month" not in dataset.coords:
        raise RunFileError(path, "sweep file has no 'month' dimension scale (output/SCHEMA.md requires it)")
    return add_time(path, dataset)
