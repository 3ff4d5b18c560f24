"""The command line: `python3 -m analysis plot FILE -o DIR`, `... report FILE -o DIR` and
`... calibrate DESIGN -o DIR` (analysis/calibration.py).

Exit codes: 0 done; 2 the run file (or an argument) cannot be used, with one line on stderr
naming the file and what is wrong.
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
        print(f"{_PROG}: error: cannot use run file {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as error:
        print(f"{_PROG}: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _parser():
    parser = argparse.ArgumentParser(prog=_PROG, description="Figures and reports from repatsim run files.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, action, text in (
        ("plot", _plot, "write every figure (PNG and SVG) and print their paths"),
        ("report", _report, "write an HTML report with the figures and key numbers"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("run_file", metavar="FILE", help="a run file written by repatsim (.h5)")
        command.add_argument("-o", "--output", metavar="DIR",
                             help="folder to write into (default: output/figures/<FILE's stem>)")
        command.add_argument("--observed", metavar="CSV",
                             help="observed figures to compare with (default: analysis/data/observed.csv)")
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
    return Path(arguments.output) if arguments.output else Path("output/figures") / Path(arguments.run_file).stem


def _plot(arguments):
    from analysis.figures import write_all_figures
    from analysis.run_file import open_run

    dataset = open_run(arguments.run_file)
    for paths in write_all_figures(dataset, _output_dir(arguments), arguments.observed).values():
        for path in paths:
            print(path)
    return 0


def _report(arguments):
    from analysis.report import write_report
    from analysis.run_file import open_run

    dataset = open_run(arguments.run_file)
    print(write_report(dataset, _output_dir(arguments), arguments.observed))
    return 0
