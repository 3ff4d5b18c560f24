#!/usr/bin/python3
"""Checks that an engine change leaves every shipped scenario's results untouched.

  same_results.py record BINARY DIR   # write each scenario's run file, on 1 and 2 threads, to DIR
  same_results.py check BINARY DIR    # run them again and compare every dataset with DIR

Compares the values of every dataset (not attributes, which carry the wall time and creation
date), and the 1- and 2-thread runs with each other. Used while optimising the engine
(BENCHMARKS.md); exits 1 on any difference.
"""
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = [ROOT / "scenarios/historical.yaml", ROOT / "scenarios/small.yaml"] + sorted(
    (ROOT / "scenarios/whatif").glob("*.yaml"))
THREADS = [1, 2]


def run_all(binary, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    for scenario in SCENARIOS:
        for threads in THREADS:
            out = out_dir / f"{scenario.stem}.t{threads}.h5"
            subprocess.run([binary, "run", str(scenario), "-o", str(out), "--force", "--quiet",
                            "--threads", str(threads)], check=True)


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return found


def differences(a, b):
    da, db = datasets(a), datasets(b)
    problems = [f"only in one file: {n}" for n in sorted(set(da) ^ set(db))]
    for name in sorted(set(da) & set(db)):
        x, y = da[name], db[name]
        same = (x.dtype == y.dtype and np.shape(x) == np.shape(y) and
                (np.array_equal(x, y, equal_nan=True) if x.dtype.kind == "f" else np.array_equal(x, y)))
        if not same:
            problems.append(f"differs: {name}")
    return problems


def main():
    mode, binary, ref = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
    if mode == "record":
        run_all(binary, ref)
        print(f"recorded {len(list(ref.glob('*.h5')))} run files in {ref}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        run_all(binary, pathlib.Path(tmp))
        bad = 0
        for new in sorted(pathlib.Path(tmp).glob("*.h5")):
            problems = differences(ref / new.name, new)
            for p in problems:
                print(f"{new.name}: {p}")
            bad += bool(problems)
        # Runs on 1 and 2 threads must also agree with each other.
        for one in sorted(pathlib.Path(tmp).glob("*.t1.h5")):
            problems = differences(one, one.with_name(one.name.replace(".t1.", ".t2.")))
            for p in problems:
                print(f"{one.name} vs 2 threads: {p}")
            bad += bool(problems)
        print("all identical" if not bad else f"{bad} run files differ")
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
