"""The command line: figures and report on success; exit code 2 and one line naming the file
on stderr for a file it cannot use."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_plot_writes_every_figure_and_prints_the_paths(run_path, tmp_path):
    result = run_cli("plot", run_path, "-o", tmp_path / "figs")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert str(tmp_path / "figs" / "headcount.png") == printed[0]
    assert len(printed) == 12
    assert all(Path(p).is_file() and Path(p).stat().st_size > 0 for p in printed)


def test_report_writes_html_that_references_the_figures(run_path, tmp_path):
    result = run_cli("report", run_path, "-o", tmp_path / "rep")
    assert result.returncode == 0, result.stderr
    page = Path(result.stdout.strip())
    assert page == tmp_path / "rep" / "report.html"
    html = page.read_text()
    for stem in ("headcount", "true_vs_reported", "revenue", "routes", "enforcement", "observed"):
        assert f'src="{stem}.png"' in html
        assert (page.parent / f"{stem}.png").is_file()
    assert "Workers abroad at the start" in html and "Peak stranded" in html
    assert "USD million reaching the DPRK" in html


@pytest.mark.parametrize("kind, expected", [
    ("damaged", "not a readable HDF5 file"),
    ("foreign", "not a repatsim run or sweep file"),
    ("missing", "no such file"),
])
def test_unusable_file_exits_2_with_one_line_naming_it(kind, expected, damaged_file, foreign_file, tmp_path):
    path = {"damaged": damaged_file, "foreign": foreign_file, "missing": tmp_path / "missing.h5"}[kind]
    for command in ("plot", "report"):
        result = run_cli(command, path, "-o", tmp_path / "out")
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert str(path) in lines[0] and expected in lines[0]
        assert not (tmp_path / "out").exists(), "nothing is written for an unusable file"
