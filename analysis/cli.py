"""The command line: `python3 -m analysis plot FILE... -o DIR`, `... report FILE... -o DIR` and
`... calibrate DESIGN -o DIR` (analysis/calibration.py).

One FILE: a run file gets the run's figures (and report), a sweep file the sweep's (fan
charts, points side by side, response to each parameter). Several FILEs (runs and sweeps):
the comparison of them side by side. The kind is read from the file (its `conventions`).

Exit codes: 0 done; 2 a file (or an argument) cannot be used, with one line on stderr naming
the file and what is wrong; nothing is written then.
"""

import argparse
import sys
from pathlib import Path

from analysis.errors import RunFileError

EXIT_BAD_INPUT = 2
_PROG = "python3 -m analysis"


def main(argv=None):
    arguments = _parser().parse_args(argv)
    try:
        return arguments.action(arguments)
    except RunFileError as error:
        print(f"{_PROG}: error: cannot use {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as error:
        print(f"{_PROG}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _parser():
    parser = argparse.ArgumentParser(prog=_PROG, description="Figures and reports from repatsim run and sweep files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, action, text in (
        ("plot", _plot, "write every figure (PNG and SVG) and print their paths"),
        ("report", _report, "write an HTML report with the figures and key numbers"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("files", nargs="+", metavar="FILE",
                             help="a run or sweep file written by repatsim (.h5); several are compared side by side")
        command.add_argument("-o", "--output", metavar="DIR",
                             help="folder to write into (default: output/figures/<FILE's stem>, "
                                  "output/figures/comparison for several files)")
        command.add_argument("--observed", metavar="CSV",
                             help="observed figures to compare a run with (default: the run file's own, "
                                  "else analysis/data/observed.csv)")
        command.set_defaults(action=action)
    calibrate = commands.add_parser(
        "calibrate", help="fit a scenario's mechanism parameters by ABC and check its replicates",
        description="ABC rejection over a calibration design, then replicates of the fitted point "
                    "(analysis/calibration.py, VALIDATION.md)")
    calibrate.add_argument("design", metavar="DESIGN", help="a calibration design, e.g. scenarios/calibration/abc.yaml")
    calibrate.add_argument("-o", "--output", metavar="DIR", default="output/calibration", help="folder to write into")
    calibrate.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    calibrate.add_argument("--repatsim", metavar="PATH", help="the repatsim binary (default: build/release)")
    calibrate.add_argument("--replicates-only", action="store_true",
                           help="skip the ABC: only the replicate check of the scenario as it is")
    calibrate.set_defaults(action=_calibrate)
    return parser


def _open(arguments):
    """Opens every FILE before anything is written, so that a bad one leaves no output."""
    from analysis.file_kind import file_kind, open_results

    datasets = [open_results(path) for path in arguments.files]
    if arguments.observed and (len(datasets) > 1 or file_kind(arguments.files[0]) != "run"):
        raise ValueError("--observed applies to a single run file")
    return datasets


def _calibrate(arguments):
    from analysis.calibration import calibrate

    if arguments.jobs < 1:
        raise ValueError(f"--jobs {arguments.jobs}: expected at least 1")
    progress = lambda text: print(text, file=sys.stderr)  # noqa: E731
    for path in calibrate(arguments.design, arguments.output, arguments.repatsim, arguments.jobs,
                          arguments.replicates_only, progress):
        print(path)
    return 0


def _output_dir(arguments):
    if arguments.output:
        return Path(arguments.output)
    stem = Path(arguments.files[0]).stem if len(arguments.files) == 1 else "comparison"
    return Path("output/figures") / stem


def _plot(arguments):
    from analysis.figures import write_all_figures, write_comparison_figures, write_sweep_figures
    from analysis.file_kind import is_sweep

    datasets = _open(arguments)
    directory = _output_dir(arguments)
    if len(datasets) > 1:
        written = write_comparison_figures(datasets, directory)
    elif is_sweep(datasets[0]):
        written = write_sweep_figures(datasets[0], directory)
    else:
        written = write_all_figures(datasets[0], directory, arguments.observed)
    for paths in written.values():
        for path in paths:
            print(path)
    return 0


def _report(arguments):
    from analysis.compare_report import write_comparison_report
    from analysis.file_kind import is_sweep
    from analysis.report import write_report
    from analysis.sweep_report import write_sweep_report

    datasets = _open(arguments)
    directory = _output_dir(arguments)
    if len(datasets) > 1:
        print(write_comparison_report(datasets, directory))
    elif is_sweep(datasets[0]):
        print(write_sweep_report(datasets[0], directory))
    else:
        print(write_report(datasets[0], directory, arguments.observed))
    return 0
