"""Shared fixtures: the run file under test.

`run_path` is the engine's run file when REPATSIM_RUN_FILE names one (the ctest fixture runs
scenarios/small.yaml and sets it), else a file written by make_fixture.py, so every test
always opens a real HDF5 file. `engine_run_path` is only the engine's file, skipped without it.
"""

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import make_fixture  # noqa: E402  (needs the path above)


@pytest.fixture(scope="session")
def engine_run_path():
    value = os.environ.get("REPATSIM_RUN_FILE")
    if not value:
        pytest.skip("REPATSIM_RUN_FILE is unset: no run file from the engine to check")
    path = Path(value)
    assert path.is_file(), f"REPATSIM_RUN_FILE={value} names no file"
    return path


@pytest.fixture(scope="session")
def run_path(tmp_path_factory):
    value = os.environ.get("REPATSIM_RUN_FILE")
    if value:
        path = Path(value)
        assert path.is_file(), f"REPATSIM_RUN_FILE={value} names no file"
        return path
    return make_fixture.write_run_file(tmp_path_factory.mktemp("run") / "fixture.h5")


@pytest.fixture(scope="session")
def run(run_path):
    import analysis
    return analysis.open_run(run_path)


@pytest.fixture
def damaged_file(tmp_path):
    path = tmp_path / "damaged.h5"
    path.write_bytes(os.urandom(4096))
    return path


@pytest.fixture
def foreign_file(tmp_path):
    """A valid HDF5 file that repatsim did not write: no schema_version attribute."""
    import h5py
    import numpy as np
    path = tmp_path / "foreign.h5"
    with h5py.File(path, "w") as file:
        file.create_dataset("temperature", data=np.arange(12.0))
        file.attrs["title"] = "someone else's data"
    return path
