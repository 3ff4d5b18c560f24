import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("REPATSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def repatsim():
    """Runs the repatsim binary under test; returns the CompletedProcess."""
    binary = os.environ.get("REPATSIM_BIN")
    if not binary:
        pytest.skip("REPATSIM_BIN is not set (ctest sets it)")

    def run(*args, timeout=120, **kwargs):
        return subprocess.run([binary, *map(str, args)], capture_output=True, text=True,
                              timeout=timeout, **kwargs)

    run.binary = binary
    return run


@pytest.fixture(scope="session")
def source():
    return SOURCE
