"""Opens a repatsim sweep file (`repatsim sweep`/`merge`, output/SCHEMA.md "Sweep files") as
xarray Datasets: one for the runs and one for the per-point summaries.

    import analysis
    runs = analysis.open_sweep("sweep.h5")            # dims run, month, host, status
    runs.stock_true.where(runs.run_ok == 1)           # failed runs hold zeros
    runs.groupby("point").mean()                      # or by a swept key, e.g. "dprk.state_share"
    points = analysis.open_sweep_summary("sweep.h5")  # dims point, quantile, month

Swept parameters are coordinates named by their `--set` key; ds.attrs["parameters"] lists them.
"""

from pathlib import Path

import h5py
import numpy as np
import xarray as xr

from analysis.errors import RunFileError
from analysis.run_file import _attributes, _dimension_names, _open_hdf5, _python_value, _read_values

SWEEP_CONVENTIONS = "repatsim sweep file; see output/SCHEMA.md"
SWEEP_SCHEMA_VERSION = 1


def open_sweep(path) -> xr.Dataset:
    """Reads the runs of a sweep (or shard) file: dims run, month, host, status; coordinates
    run, point, replicate, run_seed, run_ok, run_error and one per swept key on `run`; data
    stock_true, state_revenue_usd and repatriations. Raises RunFileError for anything else."""
    return _open(path, None)


def open_sweep_summary(path) -> xr.Dataset:
    """Reads the per-point summaries of a whole sweep file: dims point, quantile, month;
    workers_abroad_mean and workers_abroad_quantile, with the swept keys on `point`."""
    return _open(path, "summary")


def _open(path, group):
    path = Path(path)
    if not path.is_file():
        raise RunFileError(path, "no such file")
    try:
        handle = _open_hdf5(path)
    except OSError:
        raise RunFileError(path, "not a readable HDF5 file") from None
    with handle:
        attrs = {name: _python_value(value) for name, value in handle.attrs.items()}
        if attrs.get("conventions") != SWEEP_CONVENTIONS:
            raise RunFileError(path, "not a repatsim sweep file (see output/SCHEMA.md)")
        if attrs.get("schema_version") != SWEEP_SCHEMA_VERSION:
            raise RunFileError(path, f"unsupported sweep schema_version {attrs.get('schema_version')!r}")
        parameters = [str(k) for k in handle["parameter"].asstr()[()]]
        node = handle
        if group is not None:
            if group not in handle:
                raise RunFileError(path, "a shard: it has no per-point summaries (merge the shards first)")
            node = handle[group]
        dataset = _read(node, skip={"parameter"} if group is None else set())
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
