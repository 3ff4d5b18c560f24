"""Opens a repatsim run file (HDF5, output/SCHEMA.md) as a labelled xarray.Dataset.

The file is read with h5py rather than xarray's h5netcdf engine: the writer makes plain HDF5
dimension scales, not netCDF-4, so reading the attached scales directly is both simpler and
exact. Everything is loaded into memory and the file is closed at once, so a run that is still
being written elsewhere is held open only for the moment of reading.
"""

from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from analysis.errors import RunFileError
from analysis.vocabulary import (
    COORDINATE_NAMES,
    REQUIRED_DIMENSIONS,
    REQUIRED_VARIABLES,
    SCHEMA_VERSION,
)


def open_run(path) -> xr.Dataset:
    """Reads a run file. Dimensions carry their labels (month "YYYY-MM", host, status, flow,
    channel, sector, route, report), the root attributes are in ds.attrs, a `time` coordinate
    on `month` holds month-start timestamps, and ds.encoding["source"] is the file's path.
    Raises RunFileError for a missing, damaged or foreign file."""
    path = Path(path)
    with open_hdf5_file(path, "a run file") as handle:
        attrs = {name: _python_value(value) for name, value in handle.attrs.items()}
        _check_ours(path, attrs)
        try:
            dataset = _read_datasets(handle)
        except (OSError, KeyError, ValueError, TypeError) as error:
            raise RunFileError(path, f"damaged run file: {_first_line(error)}") from None
    dataset.attrs.update(attrs)
    _check_contents(path, dataset)
    dataset = add_time(path, dataset)
    dataset.encoding["source"] = str(path)
    return dataset


def open_hdf5_file(path, expected):
    """Opens `path` for reading with h5py, or raises RunFileError saying it is missing, not a
    regular file, or not readable HDF5 (damaged or not `expected`, e.g. "a run file")."""
    path = Path(path)
    if not path.exists():
        raise RunFileError(path, "no such file")
    if not path.is_file():
        raise RunFileError(path, "not a regular file")
    try:
        return _open_hdf5(path)
    except OSError as error:
        raise RunFileError(path, f"not a readable HDF5 file (damaged or not {expected}: {_first_line(error)})") \
            from None


def _open_hdf5(path):
    # A reader must not be locked out by a writer that holds the file (SETUP.md); `locking`
    # exists only where HDF5 supports it, so fall back to the default there.
    try:
        return h5py.File(path, "r", locking=False)
    except (TypeError, ValueError):
        return h5py.File(path, "r")


def _check_ours(path, attrs):
    if "schema_version" not in attrs:
        raise RunFileError(path, "not a repatsim run file (no root attribute 'schema_version')")
    version = attrs["schema_version"]
    if not isinstance(version, (int, np.integer)) or int(version) != SCHEMA_VERSION:
        raise RunFileError(
            path, f"unsupported schema_version {version!r} (this analysis reads version {SCHEMA_VERSION})"
        )


def _read_datasets(handle) -> xr.Dataset:
    scales, variables = {}, {}
    for name, node in handle.items():
        if not isinstance(node, h5py.Dataset):
            continue  # groups (per-agent snapshots) are not part of the labelled dataset
        (scales if h5py.h5ds.is_scale(node.id) else variables)[name] = node
    # Non-scale labels are coordinates when a variable names them in its CF `coordinates`
    # attribute (as the writer does) or when the schema lists them as such.
    coordinate_names = set(COORDINATE_NAMES)
    for node in variables.values():
        coordinate_names.update(str(_python_value(node.attrs.get("coordinates", ""))).split())
    coords = {name: (name, _read_values(node), _attributes(node)) for name, node in scales.items()}
    data_vars = {}
    for name, node in variables.items():
        target = coords if name in coordinate_names else data_vars
        target[name] = (_dimension_names(name, node), _read_values(node), _attributes(node))
    return xr.Dataset(data_vars=data_vars, coords=coords)


# HDF5's own bookkeeping of dimension scales, and the CF link that xarray expresses itself.
_INTERNAL_ATTRIBUTES = ("DIMENSION_LIST", "DIMENSION_LABELS", "REFERENCE_LIST", "CLASS", "NAME", "coordinates")


def _attributes(node):
    return {key: _python_value(value) for key, value in node.attrs.items() if key not in _INTERNAL_ATTRIBUTES}


def _dimension_names(name, node):
    names = []
    for axis, dimension in enumerate(node.dims):
        if len(dimension) > 0:
            names.append(dimension[0].name.rsplit("/", 1)[-1])
        elif dimension.label:
            names.append(dimension.label)
        else:
            names.append(f"{name}_axis{axis}")
    return tuple(names)


def _read_values(node):
    if node.dtype.kind in ("S", "O", "U"):
        return np.array(node.asstr()[()], dtype=object)
    return node[()]


def _python_value(value):
    """Root and dataset attributes as plain Python: strings, ints, floats."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray):
        if value.size == 1:
            return _python_value(value.reshape(-1)[0])
        return [_python_value(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _check_contents(path, dataset):
    for dim in REQUIRED_DIMENSIONS:
        if dim not in dataset.dims:
            raise RunFileError(path, f"run file has no '{dim}' dimension scale (schema {SCHEMA_VERSION} requires it)")
    for var in REQUIRED_VARIABLES:
        if var not in dataset:
            raise RunFileError(path, f"run file has no '{var}' dataset (schema {SCHEMA_VERSION} requires it)")


def add_time(path, dataset):
    """A `time` coordinate on `month`: the month-start timestamp of each YYYY-MM label."""
    labels = [str(label) for label in dataset["month"].values]
    try:
        times = pd.to_datetime([label + "-01" for label in labels], format="%Y-%m-%d")
    except ValueError:
        raise RunFileError(path, "month labels are not 'YYYY-MM'") from None
    return dataset.assign_coords(time=("month", times))


def _first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def require(dataset, *names):
    """Raises RunFileError naming the file if the dataset lacks one of these variables; figures
    call it so that a partial file fails with a message, not a KeyError."""
    for name in names:
        if name not in dataset.variables:
            source = dataset.encoding.get("source", "<run>")
            raise RunFileError(source, f"run file has no '{name}' dataset, which this figure needs")
