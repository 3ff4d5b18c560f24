"""Tells a run file from a sweep file by its root attribute `conventions` (output/SCHEMA.md),
so that one command line serves both, and opens either."""

from analysis.errors import RunFileError
from analysis.run_file import _python_value, open_hdf5_file, open_run
from analysis.sweep_file import SWEEP_CONVENTIONS, open_sweep

RUN_CONVENTIONS = "repatsim run file; see output/SCHEMA.md"


def file_kind(path) -> str:
    """"run" or "sweep"; raises RunFileError for a missing, unreadable or foreign file. A run
    file written before `conventions` existed is known by its `schema_version` alone."""
    with open_hdf5_file(path, "written by repatsim") as handle:
        conventions = _python_value(handle.attrs.get("conventions", ""))
        has_version = "schema_version" in handle.attrs
    if conventions == SWEEP_CONVENTIONS:
        return "sweep"
    if conventions == RUN_CONVENTIONS or (not conventions and has_version):
        return "run"
    raise RunFileError(path, "not a repatsim run or sweep file (its root attribute 'conventions' is "
                             f"{conventions!r}; output/SCHEMA.md)" if conventions else
                             "not a repatsim run or sweep file (no root attribute 'conventions' or "
                             "'schema_version'; output/SCHEMA.md)")


def open_results(path):
    """open_run or open_sweep, whichever the file is."""
    return open_sweep(path) if file_kind(path) == "sweep" else open_run(path)


def is_sweep(dataset) -> bool:
    """True for the runs of a sweep (open_sweep, or its by-point view), False for one run."""
    return "run" in dataset.dims or "replicate" in dataset.dims
