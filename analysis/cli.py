"""The command line: `python3 -m analysis plot FILE -o DIR` and `... report FILE -o DIR`.

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
    return parser


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
