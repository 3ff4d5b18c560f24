#!/usr/bin/python3
"""Regression guard for the engine's speed that does not time anything (issue 8).

Runs `repatsim run` on a small fixed scenario (tests/perf/callgrind_scenario.yaml, one thread)
under valgrind's callgrind and compares the total instructions executed (Ir) with the figure
recorded in tests/perf/callgrind_ir.txt. Fails when the count is more than the stated margin
above it (a slowdown) or below it (a speed-up: record the new figure so the guard stays tight).
Instruction counts do not depend on the machine's load, unlike timings; they do depend on the
compiler and libraries, so the figure is recorded for the CI image (Debian 12, GCC 12).

  callgrind_guard.py REPATSIM           # check
  callgrind_guard.py REPATSIM --record  # measure and write tests/perf/callgrind_ir.txt
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
SCENARIO = HERE / "callgrind_scenario.yaml"
RECORD = HERE / "callgrind_ir.txt"


def measure(repatsim):
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind; README command 1 does)")
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                        repatsim, "run", str(SCENARIO), "-o", str(pathlib.Path(tmp) / "run.h5"),
                        "--threads", "1", "--quiet"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        match = re.search(r"^summary: (\d+)$", out.read_text(), re.MULTILINE)
        if not match:
            sys.exit(f"no 'summary:' line in {out}")
        return int(match.group(1))


def read_record():
    fields = {}
    for line in RECORD.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            fields[key.strip()] = value.strip()
    return int(fields["instructions"]), float(fields["margin_percent"])


def main():
    repatsim = sys.argv[1]
    ir = measure(repatsim)
    if "--record" in sys.argv[2:]:
        margin = read_record()[1] if RECORD.exists() else 5.0
        RECORD.write_text(
            "# Total instructions (callgrind Ir) of `repatsim run tests/perf/callgrind_scenario.yaml\n"
            "# --threads 1`, release build, Debian 12 / GCC 12. Written by\n"
            "# tests/perf/callgrind_guard.py --record; checked by the ctest test perf_callgrind_guard.\n"
            f"instructions = {ir}\nmargin_percent = {margin:g}\n")
        print(f"recorded {ir} instructions in {RECORD}")
        return 0
    recorded, margin = read_record()
    change = 100.0 * (ir - recorded) / recorded
    print(f"instructions: {ir} (recorded {recorded}, {change:+.2f} %, margin +-{margin:g} %)")
    if abs(change) > margin:
        what = "slower: find the hot spot" if change > 0 else "faster: well done"
        print(f"FAIL: the engine executes {change:+.2f} % instructions ({what}). If the change is "
              f"intended, re-record with\n  {sys.argv[0]} {repatsim} --record\nand commit "
              f"{RECORD.relative_to(HERE.parents[1])}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
