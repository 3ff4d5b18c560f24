"""The repatsim command line, end to end: real scenarios, real run files, real signals."""
import os
import pathlib
import re
import resource
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest

EXPECT = re.compile(r"^# expect: line (\d+), (\S+)$")


def shipped_scenarios(source):
    return sorted((source / "scenarios").glob("*.yaml")) + sorted((source / "scenarios" / "whatif").glob("*.yaml"))


def bad_scenarios(source):
    return sorted((source / "tests" / "scenarios" / "bad").glob("*.yaml"))


def test_help_and_version(repatsim):
    help_ = repatsim("--help")
    assert help_.returncode == 0
    for command in ("run", "validate", "show", "info"):
        assert command in help_.stdout
    version = repatsim("--version")
    assert version.returncode == 0
    assert re.match(r"repatsim \d+\.\d+\.\d+ \(commit \w+\)", version.stdout)


def test_no_subcommand_is_an_error(repatsim):
    assert repatsim().returncode == 2


def test_every_shipped_scenario_validates(repatsim, source):
    files = shipped_scenarios(source)
    assert len(files) >= 10
    result = repatsim("validate", *files)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(files)


def test_bad_corpus_exits_2_names_line_and_key_and_writes_nothing(repatsim, source, tmp_path):
    files = bad_scenarios(source)
    assert len(files) >= 40
    for bad in files:
        line, key = EXPECT.match(bad.read_text().splitlines()[0]).groups()
        checked = repatsim("validate", bad)
        assert checked.returncode == 2, bad.name
        assert f":{line}:" in checked.stderr, (bad.name, checked.stderr)
        if key != "-":
            assert key in checked.stderr, (bad.name, checked.stderr)
        out = tmp_path / f"{bad.stem}.h5"
        ran = repatsim("run", bad, "-o", out)
        assert ran.returncode == 2, (bad.name, ran.stderr)
        assert list(tmp_path.iterdir()) == [], bad.name


def test_missing_scenario_file(repatsim, tmp_path):
    result = repatsim("run", tmp_path / "nowhere.yaml", "-o", tmp_path / "x.h5")
    assert result.returncode == 2
    assert "nowhere.yaml" in result.stderr
    assert not (tmp_path / "x.h5").exists()


def test_bad_override_is_refused(repatsim, source, tmp_path):
    result = repatsim("run", source / "scenarios" / "small.yaml", "--set", "seed=minus-one", "-o", tmp_path / "x.h5")
    assert result.returncode == 2
    assert "seed" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_override_changes_the_run(repatsim, source, tmp_path):
    out = tmp_path / "short.h5"
    result = repatsim("run", source / "scenarios" / "small.yaml", "--set", "end=2017-06", "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    with h5py.File(out, "r") as f:
        assert f["stock_true"].shape[0] == 6


def test_existing_output_needs_force(repatsim, source, tmp_path):
    out = tmp_path / "small.h5"
    out.write_text("precious")
    result = repatsim("run", source / "scenarios" / "small.yaml", "-o", out)
    assert result.returncode == 2
    assert "--force" in result.stderr
    assert out.read_text() == "precious"
    assert repatsim("run", source / "scenarios" / "small.yaml", "-o", out, "--force", "-q").returncode == 0
    assert h5py.is_hdf5(out)


def _datasets(path):
    with h5py.File(path, "r") as f:
        return {name: f[name][()] for name in f if isinstance(f[name], h5py.Dataset)}


def test_thread_count_does_not_change_the_file(repatsim, source, tmp_path):
    scenario = source / "scenarios" / "small.yaml"
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    assert repatsim("run", scenario, "-o", one, "-t", "1", "-q").returncode == 0
    assert repatsim("run", scenario, "-o", two, "-t", "2", "-q").returncode == 0
    a, b = _datasets(one), _datasets(two)
    assert a.keys() == b.keys()
    for name in a:
        assert np.array_equal(a[name], b[name]), name


def test_show_round_trips(repatsim, source, tmp_path):
    first = repatsim("show", source / "scenarios" / "historical.yaml")
    assert first.returncode == 0, first.stderr
    resolved = tmp_path / "resolved.yaml"
    resolved.write_text(first.stdout)
    second = repatsim("show", resolved)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_sigterm_mid_run_leaves_no_file(repatsim, source, tmp_path):
    out = tmp_path / "big.h5"
    # About 3 million workers: long enough to be interrupted mid-way.
    process = subprocess.Popen([repatsim.binary, "run", source / "scenarios" / "historical.yaml",
                                "--set", "population_scale=30", "-o", out],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "no output written" in stderr
    assert list(tmp_path.iterdir()) == []


def test_unwritable_location_fails_clearly(repatsim, source):
    result = repatsim("run", source / "scenarios" / "small.yaml", "-o", "/proc/repatsim-test.h5", "-q")
    assert result.returncode != 0
    assert "/proc/repatsim-test.h5" in result.stderr
    assert not os.path.exists("/proc/repatsim-test.h5")


def test_full_disk_fails_clearly_and_leaves_nothing(repatsim, source, tmp_path):
    out = tmp_path / "full.h5"

    def small_disk():  # a file may not grow past 64 KiB: writes beyond fail with EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run([repatsim.binary, "run", source / "scenarios" / "historical.yaml", "-o", out, "-q"],
                            capture_output=True, text=True, preexec_fn=small_disk, timeout=120)
    assert result.returncode == 1, result.stderr
    assert str(out) in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_info_summarises_a_run_and_refuses_garbage(repatsim, source, tmp_path):
    out = tmp_path / "small.h5"
    assert repatsim("run", source / "scenarios" / "small.yaml", "-o", out, "-q").returncode == 0
    info = repatsim("info", out)
    assert info.returncode == 0, info.stderr
    assert "small" in info.stdout
    garbage = tmp_path / "garbage.h5"
    garbage.write_bytes(os.urandom(4096))
    refused = repatsim("info", garbage)
    assert refused.returncode == 2
    assert "garbage.h5" in refused.stderr


def test_run_too_large_for_memory_is_refused_before_allocating(repatsim, source, tmp_path):
    # About 1.9e9 workers: over 90 GB of worker table, refused at once with the estimate.
    started = time.monotonic()
    result = repatsim("run", source / "scenarios" / "historical.yaml", "--set", "population_scale=18000",
                      "-o", tmp_path / "huge.h5")
    assert result.returncode == 2, result.stderr
    assert "memory" in result.stderr and "population_scale" in result.stderr
    assert time.monotonic() - started < 10
    assert list(tmp_path.iterdir()) == []
