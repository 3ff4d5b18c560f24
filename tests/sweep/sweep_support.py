"""Shared by the sweep tests: the binary, sweep files, and starting, watching and killing sweeps."""

import filecmp
import os
import pathlib
import subprocess
import time

import pytest

SOURCE = pathlib.Path(os.environ.get("REPATSIM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SMALL = SOURCE / "scenarios" / "small.yaml"

# Long enough (40 runs of the small scenario) to be stopped in the middle, short enough for CI.
LONG = f"""\
base: {SMALL}
parameters:
  - {{key: dprk.state_share, low: 0.5, high: 0.8}}
  - {{key: hosts.Eastland.posture.visa_tolerance, values: [0.2, 0.4]}}
design: random
points: 20
replicates: 2
seed: 77
"""
LONG_RUNS = 40


def binary():
    path = os.environ.get("REPATSIM_BIN")
    if not path:
        pytest.skip("REPATSIM_BIN is not set (ctest sets it)")
    return path


def repatsim(*args, timeout=120, launcher=()):
    return subprocess.run([*launcher, binary(), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def start(*args, launcher=()):
    """Starts a sweep in the background (its own process group); returns the Popen."""
    return subprocess.Popen([*launcher, binary(), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def journal(output):
    return pathlib.Path(str(output) + ".runs")


def records(output):
    """The runs recorded in a sweep's journal so far."""
    return sorted(journal(output).glob("run-*.rec")) if journal(output).is_dir() else []


def wait_for_records(process, output, count, timeout=60):
    """Waits until the journal holds `count` runs (the sweep is then in the middle)."""
    deadline = time.monotonic() + timeout
    while len(records(output)) < count:
        assert process.poll() is None, f"the sweep ended early: {process.communicate()}"
        assert time.monotonic() < deadline, "the sweep recorded no runs in time"
        time.sleep(0.005)


def same_bytes(a, b):
    return filecmp.cmp(a, b, shallow=False)


def done_lines(stdout):
    return [line for line in stdout.splitlines() if " done: run " in line]


def reference_sweep(tmp):
    """Writes the long sweep file into `tmp` and sweeps it once, uninterrupted, on 2 threads;
    returns (sweep file, reference output) for the interrupted sweeps to be compared with."""
    spec = tmp / "long.yaml"
    spec.write_text(LONG)
    reference = tmp / "reference.h5"
    result = repatsim("sweep", spec, "-o", reference, "--threads", 2)
    assert result.returncode == 0, result.stderr
    assert not journal(reference).exists(), "a finished sweep leaves no journal"
    return spec, reference
