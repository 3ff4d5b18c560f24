"""Hostile input and hostile machines, end to end (RELIABILITY.md): YAML bombs are refused quickly
with exit 2, and a run whose file cannot fit on its file system is refused before it starts."""
import os
import shutil
import subprocess
import time

import pytest

# Generous for a sanitizer build on a loaded machine; a bomb that is expanded takes far longer.
QUICK_S = 20


def refused_quickly(repatsim, path, expected):
    started = time.monotonic()
    result = repatsim("validate", path, timeout=120)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert str(path) in result.stderr
    assert expected in result.stderr, result.stderr
    assert elapsed < QUICK_S, f"took {elapsed:.1f} s"


def test_billion_laughs_is_refused(repatsim, tmp_path):
    # Nine levels of ten aliases: 10^9 nodes once expanded, from under a kilobyte of text.
    lines = ["name: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    refused_quickly(repatsim, path, "more than 100000 YAML nodes")


def test_nesting_a_hundred_thousand_deep_is_refused(repatsim, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("name: deep\ndescription: " + "[" * 100_000 + "]" * 100_000 + "\n")
    refused_quickly(repatsim, path, "deep.yaml")


def test_nested_block_maps_are_refused(repatsim, tmp_path):
    # Block style, not flow: a map 5000 levels deep, one key per level.
    path = tmp_path / "deep_block.yaml"
    path.write_text("".join(" " * i + "k:\n" for i in range(5000)))
    refused_quickly(repatsim, path, "deep_block.yaml")


def test_a_million_keys_are_refused(repatsim, tmp_path):
    path = tmp_path / "keys.yaml"  # about 12 MB: under the 16 MiB file limit
    with path.open("w") as out:
        out.write("name: keys\n")
        out.writelines(f"k{i}: {i}\n" for i in range(1_000_000))
    refused_quickly(repatsim, path, "more than 100000")


def test_a_gigabyte_file_is_refused_unread(repatsim, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:  # sparse: costs no disk
        out.truncate(1 << 30)
    refused_quickly(repatsim, path, "at most 16777216 bytes")


def in_small_filesystem(script, size, mount_point, *args):
    """Runs the shell `script` (its arguments: `args`) with a tmpfs of `size` mounted at
    `mount_point`, in a private mount namespace: the mount disappears with the process, so the
    script itself must look at what was left there. Skips where no namespace can be made."""
    mount = 'mount -t tmpfs -o size="$1" repatsim-test "$2" || exit 99; shift 2; '
    for unshare in (["unshare", "--mount"], ["unshare", "--user", "--map-root-user", "--mount"]):
        if shutil.which(unshare[0]) is None:
            break
        probe = subprocess.run([*unshare, "sh", "-c", mount + "true", "sh", "64k", str(mount_point)],
                               capture_output=True, text=True)
        if probe.returncode == 0:
            return subprocess.run([*unshare, "sh", "-c", mount + script, "sh", size, str(mount_point),
                                   *map(str, args)], capture_output=True, text=True, timeout=300)
    pytest.skip("cannot mount a small tmpfs here (needs root or unprivileged user namespaces)")


def test_run_file_too_large_for_the_disk_is_refused_before_the_run(repatsim, source, tmp_path):
    mount_point = tmp_path / "small_fs"
    mount_point.mkdir()
    started = time.monotonic()
    # The historical run's file is estimated at up to 890 KiB (an uncompressed bound: the file is
    # about 215 KiB); the file system has 256 KiB, so the check refuses, conservatively.
    # After the run, the script lists what is left on the small file system.
    result = in_small_filesystem('"$1" run "$2" -o "$3/historical.h5"; status=$?; '
                                 'echo "left: [$(ls -A "$3")]"; exit $status', "256k", mount_point,
                                 repatsim.binary, source / "scenarios" / "historical.yaml", mount_point)
    assert result.returncode == 2, result.stderr
    assert "may need up to" in result.stderr and "free" in result.stderr, result.stderr
    assert str(mount_point / "historical.h5") in result.stderr
    assert "months in" not in result.stdout  # refused before the run, not after it
    assert "left: []" in result.stdout
    assert time.monotonic() - started < QUICK_S


def test_run_file_that_fits_a_small_disk_is_written_whole(repatsim, source, tmp_path):
    mount_point = tmp_path / "small_fs"
    mount_point.mkdir()
    result = in_small_filesystem('"$1" run "$2" -o "$3/small.h5" -q && "$1" info "$3/small.h5"', "16m",
                                 mount_point, repatsim.binary, source / "scenarios" / "small.yaml", mount_point)
    assert result.returncode == 0, result.stderr
    assert "small" in result.stdout


def test_a_file_larger_than_the_free_space_is_refused_before_writing(repatsim, source, tmp_path):
    # `merge` writes through the same atomic writer as `run`, with no estimate beforehand: the
    # writer itself compares the finished file's size with the free space and writes nothing.
    short = tmp_path / "short.yaml"
    short.write_text(f'extends: {source / "scenarios" / "small.yaml"}\nend: "2017-06"\n')
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(f"base: {short}\nparameters:\n  - {{key: dprk.state_share, values: [0.5, 0.8]}}\n"
                     "design: grid\nreplicates: 1\nseed: 7\n")
    shards = [tmp_path / "s1.h5", tmp_path / "s2.h5"]
    for k, shard in enumerate(shards, start=1):
        made = repatsim("sweep", sweep, "--shard", f"{k}/2", "-o", shard, "-q")
        assert made.returncode == 0, made.stderr
    mount_point = tmp_path / "small_fs"
    mount_point.mkdir()
    # The merged file is about 30 KiB; the file system holds 16 KiB.
    result = in_small_filesystem('"$1" merge "$2" "$3" -o "$4/merged.h5"; status=$?; '
                                 'echo "left: [$(ls -A "$4")]"; exit $status', "16k", mount_point,
                                 repatsim.binary, *shards, mount_point)
    assert result.returncode == 1, result.stderr
    assert "bytes free" in result.stderr and "No space left on device" in result.stderr, result.stderr
    assert "merged.h5" in result.stderr
    assert "left: []" in result.stdout


@pytest.mark.parametrize("command, damaged", [("info", "run_file/claims_1e12_hosts.h5"),
                                              ("merge", "sweep_file/claims_1e12_runs.h5")])
def test_a_file_claiming_more_data_than_it_holds_is_refused(repatsim, source, tmp_path, command, damaged):
    # A dataset declaring 10^12 values with none stored: `merge` used to die of std::bad_alloc.
    path = source / "tests" / "fuzz" / "regressions" / damaged
    args = [command, path] + (["-o", tmp_path / "merged.h5"] if command == "merge" else [])
    result = repatsim(*args)
    assert result.returncode == 2, result.stderr
    assert "the file is damaged" in result.stderr and str(path) in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(bool(os.environ.get("REPATSIM_SANITIZE")),
                    reason="a sanitizer reports libhdf5's out-of-bounds read before it can crash")
def test_a_crash_inside_hdf5_is_reported_as_a_damaged_file(repatsim, source, tmp_path):
    # libhdf5 1.10.8 reads out of bounds on this damaged file and dies of SIGSEGV in `merge`.
    path = source / "tests" / "fuzz" / "libhdf5" / "global_heap_overflow.h5"
    result = repatsim("merge", path, "-o", tmp_path / "merged.h5")
    assert result.returncode == 2, result.stderr
    assert "crashed inside the HDF5 library: the file is damaged" in result.stderr
    assert str(path) in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["info", "merge"])
def test_a_file_that_hangs_hdf5_is_given_up_after_the_read_deadline(repatsim, source, tmp_path, command):
    # libhdf5 1.10.8 never returns from reading this damaged file's first attribute.
    path = source / "tests" / "fuzz" / "libhdf5" / "global_heap_loop.h5"
    args = [command, path] + (["-o", tmp_path / "merged.h5"] if command == "merge" else [])
    started = time.monotonic()
    result = repatsim(*args, env={**os.environ, "REPATSIM_READ_TIMEOUT_S": "2"}, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "given up" in result.stderr and str(path) in result.stderr
    assert time.monotonic() - started < QUICK_S
    assert list(tmp_path.iterdir()) == []
