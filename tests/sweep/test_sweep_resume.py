"""Stopping a local sweep at any moment (kill -9, SIGINT, SIGTERM) and resuming it with the same
command: no partial file, every finished run kept, none run twice, the same bytes in the end."""

import signal

import pytest

from sweep_support import (LONG, LONG_RUNS, SMALL, done_lines, journal, records, reference_sweep,
                           repatsim, same_bytes, start, wait_for_records)


@pytest.fixture(scope="module")
def long_sweep(tmp_path_factory):
    return reference_sweep(tmp_path_factory.mktemp("resume"))


@pytest.mark.parametrize("sig, code", [(signal.SIGKILL, -9), (signal.SIGINT, 130),
                                       (signal.SIGTERM, 143)])
def test_a_stopped_sweep_resumes_to_the_same_file(long_sweep, tmp_path, sig, code):
    spec, reference = long_sweep
    out = tmp_path / "out.h5"
    process = start("sweep", spec, "-o", out, "--threads", 2)
    wait_for_records(process, out, 3)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [journal(out)], "nothing but the journal is left"
    kept = len(records(out))
    assert 3 <= kept < LONG_RUNS
    if sig != signal.SIGKILL:
        assert f"{kept} of {LONG_RUNS} runs are kept in {journal(out)}" in stderr
        assert "run the same command again to resume" in stderr

    resumed = repatsim("sweep", spec, "-o", out, "--threads", 2)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming: {kept} of {LONG_RUNS} runs were finished before" in resumed.stdout
    # Only the unfinished runs ran: none lost, none twice.
    assert len(done_lines(resumed.stdout)) == LONG_RUNS - kept
    assert same_bytes(out, reference)
    assert not journal(out).exists()


def test_a_journal_of_another_sweep_is_refused(long_sweep, tmp_path):
    spec, _ = long_sweep
    out = tmp_path / "out.h5"
    process = start("sweep", spec, "-o", out, "--threads", 1)
    wait_for_records(process, out, 2)
    process.kill()
    process.communicate(timeout=60)
    other = tmp_path / "other.yaml"
    other.write_text(LONG.replace("seed: 77", "seed: 78"))
    result = repatsim("sweep", other, "-o", out)
    assert result.returncode == 2
    assert "holds the finished runs of a different sweep" in result.stderr
    assert not out.exists() and len(records(out)) >= 2, "the other sweep's journal is left alone"


def test_a_key_path_typo_is_refused_before_any_run(tmp_path):
    spec = tmp_path / "typo.yaml"
    spec.write_text(f"""\
base: {SMALL}
parameters:
  - {{key: dprk.state_share, values: [0.5, 0.6]}}
  - {{key: hosts.Nrthland.posture.visa_tolerance, values: [0.2, 0.3]}}
seed: 1
""")
    result = repatsim("sweep", spec, "-o", tmp_path / "typo.h5")
    assert result.returncode == 2
    assert f"{spec}:4:" in result.stderr
    assert "parameters[hosts.Nrthland.posture.visa_tolerance].key" in result.stderr
    assert "did you mean 'Northland'" in result.stderr
    assert "done:" not in result.stdout
    assert list(tmp_path.iterdir()) == [spec]


def test_a_sweep_that_cannot_fit_in_memory_is_refused(tmp_path):
    spec = tmp_path / "huge.yaml"
    spec.write_text(f"""\
base: {SMALL}
parameters:
  - {{key: population_scale, values: [9.0e5]}}
replicates: 2
seed: 1
""")
    result = repatsim("sweep", spec, "-o", tmp_path / "huge.h5", "--threads", 2)
    assert result.returncode == 2, result.stderr
    assert "2 runs at a time of" in result.stderr and "this machine has" in result.stderr
    assert list(tmp_path.iterdir()) == [spec]
