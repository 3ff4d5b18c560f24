"""`mpirun -n N repatsim sweep`: the same bytes for N = 1, 2 and 4 ranks as for one process, and
a sweep whose rank is killed fails cleanly (non-zero exit, no file, no hang) and resumes under
mpirun. ctest sets the environment mpirun needs here (root, more ranks than cores)."""

import os
import pathlib
import shutil
import signal

import pytest

from sweep_support import (LONG_RUNS, done_lines, journal, records, reference_sweep, repatsim,
                           same_bytes, start, wait_for_records)

if shutil.which("mpirun") is None:
    pytest.skip("mpirun is not installed", allow_module_level=True)


def mpirun(n):
    return ("mpirun", "-n", str(n))


@pytest.fixture(scope="module")
def long_sweep(tmp_path_factory):
    return reference_sweep(tmp_path_factory.mktemp("mpi"))


@pytest.mark.parametrize("ranks", [1, 2, 4])
def test_any_rank_count_writes_the_same_bytes(long_sweep, tmp_path, ranks):
    spec, reference = long_sweep
    out = tmp_path / "mpi.h5"
    result = repatsim("sweep", spec, "-o", out, launcher=mpirun(ranks), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    if ranks > 1:
        assert f"on {ranks} MPI ranks (rank 0 coordinates)" in result.stdout
        assert len(done_lines(result.stdout)) == LONG_RUNS, "rank 0 alone reports each run once"
    assert same_bytes(out, reference)
    assert list(tmp_path.iterdir()) == [out], "no journal or temporary is left"


def children(pid):
    """The processes whose parent is `pid`, with their MPI rank."""
    out = {}
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            if ppid != pid:
                continue
            environ = (entry / "environ").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        for var in environ:
            if var.startswith(b"OMPI_COMM_WORLD_RANK="):
                out[int(var.split(b"=")[1])] = int(entry.name)
    return out


def test_a_killed_rank_fails_the_sweep_cleanly_and_it_resumes(long_sweep, tmp_path):
    spec, reference = long_sweep
    out = tmp_path / "out.h5"
    process = start("sweep", spec, "-o", out, launcher=mpirun(3))
    wait_for_records(process, out, 3)
    ranks = children(process.pid)
    assert sorted(ranks) == [0, 1, 2], ranks
    os.kill(ranks[2], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)  # no hang: mpirun ends the job
    assert process.returncode != 0
    assert not out.exists()
    kept = len(records(out))
    assert 3 <= kept < LONG_RUNS, stderr

    resumed = repatsim("sweep", spec, "-o", out, launcher=mpirun(2), timeout=300)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert f"resuming: {kept} of {LONG_RUNS} runs were finished before" in resumed.stdout
    assert len(done_lines(resumed.stdout)) == LONG_RUNS - kept
    assert same_bytes(out, reference)
    assert not journal(out).exists()


def test_sigterm_to_the_job_stops_the_sweep_resumably(long_sweep, tmp_path):
    """SIGTERM to mpirun and every rank at once, as Slurm's scancel sends it. (mpirun alone passes
    a SIGTERM or Ctrl-C on to the ranks a second later, with the same outcome.)"""
    spec, reference = long_sweep
    out = tmp_path / "out.h5"
    process = start("sweep", spec, "-o", out, launcher=mpirun(3))
    wait_for_records(process, out, 3)
    for pid in [process.pid, *children(process.pid).values()]:
        os.kill(pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0
    assert not out.exists()
    kept = len(records(out))
    assert 3 <= kept < LONG_RUNS
    assert "interrupted (SIGTERM); no sweep file written" in stderr
    # Resumed by one process: the journal does not care how its runs were made.
    resumed = repatsim("sweep", spec, "-o", out, "--threads", 2)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {kept} of {LONG_RUNS} runs" in resumed.stdout
    assert same_bytes(out, reference)
