"""Shared fixtures: the run file under test, and the sweep and run files for the sweep and
comparison tests.

`run_path` is the engine's run file when REPATSIM_RUN_FILE names one (the ctest fixture runs
scenarios/small.yaml and sets it), else a file written by make_fixture.py, so every test
always opens a real HDF5 file. `engine_run_path` is only the engine's file, skipped without it.
`engine_files` runs the engine (REPATSIM_BIN, set by ctest for pytest_analysis_sweeps) to write
two small sweeps and two runs; the tests that use it are skipped without it.
"""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

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


# A grid of 2 x 3 points with 3 replicates; the value 1.5 is not a share, so points 2 and 5 fail
# (their runs are recorded as failed and the sweep exits 1 after writing the file).
GRID_SWEEP = """\
base: {base}
parameters:
  - {{key: dprk.state_share, values: [0.5, 0.8]}}
  - {{key: hosts.Northland.posture.visa_tolerance, values: [0.1, 0.5, 1.5]}}
replicates: 3
seed: 7
"""

# A continuous design: 12 points, one replicate each.
LHS_SWEEP = """\
base: {base}
parameters:
  - {{key: dprk.state_share, low: 0.5, high: 0.8}}
  - {{key: dprk.rest_months, low: 3, high: 12, type: integer}}
design: latin_hypercube
points: 12
replicates: 1
seed: 11
"""


def repatsim(*args):
    binary = os.environ.get("REPATSIM_BIN")
    if not binary:
        pytest.skip("REPATSIM_BIN is unset: no engine to write sweep files (ctest sets it)")
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def engine_files(tmp_path_factory):
    """Paths of files the engine writes now: `grid` and `lhs` sweeps of scenarios/small.yaml,
    and two runs of it, `run` as is and `run12` with a 12-month 2397 deadline."""
    tmp = tmp_path_factory.mktemp("engine")
    small = REPO / "scenarios" / "small.yaml"
    files = SimpleNamespace(grid=tmp / "grid.h5", lhs=tmp / "lhs.h5", run=tmp / "small.h5",
                            run12=tmp / "small_deadline_12.h5")
    for name, text, expected_exit in (("grid", GRID_SWEEP, 1), ("lhs", LHS_SWEEP, 0)):
        spec = tmp / f"{name}.yaml"
        spec.write_text(text.format(base=small))
        result = repatsim("sweep", spec, "-o", getattr(files, name), "--quiet")
        assert result.returncode == expected_exit, result.stderr
    for path, extra in ((files.run, ()), (files.run12, ("--set", "measures.UNSCR 2397.deadline_months=12"))):
        result = repatsim("run", small, "-o", path, "--quiet", *extra)
        assert result.returncode == 0, result.stderr
    return files


@pytest.fixture(scope="session")
def grid_sweep(engine_files):
    import analysis
    return analysis.open_sweep(engine_files.grid)


@pytest.fixture(scope="session")
def lhs_sweep(engine_files):
    import analysis
    return analysis.open_sweep(engine_files.lhs)
