"""Sweep and comparison figures and reports, on files the engine writes in the test run: each
figure draws the series it promises and renders to a non-empty PNG and SVG; the command line
writes them, and refuses a damaged or foreign file with exit code 2 and one line naming it."""

import shutil
from pathlib import Path

import h5py
import matplotlib.collections as mcoll
import numpy as np
import pandas as pd

import analysis
from analysis.figures.fan import MAX_PANELS
from test_cli import run_cli
from test_figures import assert_renders, key_date_lines, panels


def gids(ax, prefix):
    artists = list(ax.lines) + list(ax.collections)
    return [a for a in artists if str(a.get_gid()).startswith(prefix)]


def test_fan_chart_has_a_median_and_two_bands_per_point(grid_sweep, tmp_path):
    figure = analysis.plot_fan(grid_sweep, "workers_abroad")
    axes = panels(figure)
    assert len(axes) == 6
    marks = len(analysis.key_dates(grid_sweep))
    for point, ax in enumerate(axes):
        assert ax.get_title().startswith(f"point {point}: state_share=")
        assert len(key_date_lines(ax)) == marks == 5
        assert "workers" in ax.get_ylabel() and ax.get_xlabel() == "month"
        if point in (2, 5):  # visa_tolerance 1.5: every replicate failed
            assert not gids(ax, "median:") and "no successful replicate" in [t.get_text() for t in ax.texts]
            continue
        (median,) = gids(ax, "median:")
        assert len(gids(ax, "band90:")) == 1 and len(gids(ax, "band50:")) == 1
        replicates = analysis.runs_by_point(grid_sweep)["stock_true"].isel(point=point).values[..., :-1].sum((-1, -2))
        np.testing.assert_allclose(median.get_ydata(), np.median(replicates, axis=0))
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["90 % band", "50 % band", "median"]
    assert "Sweep file: grid.h5" in figure._supxlabel.get_text()
    assert_renders(figure, tmp_path, "fan")


def test_fan_chart_of_many_points_shows_a_spread_of_them(lhs_sweep, tmp_path):
    figure = analysis.plot_fan(lhs_sweep, "state_revenue")
    axes = panels(figure)
    assert len(axes) == MAX_PANELS < 12
    assert all(len(gids(ax, "median:")) == 1 and not gids(ax, "band") for ax in axes)  # one replicate
    assert axes[0].get_ylabel() == "USD million per month"
    assert f"{MAX_PANELS} of 12 points" in figure._supxlabel.get_text()


def test_scenarios_side_by_side_name_each_file_and_mark_their_own_deadlines(engine_files, grid_sweep, tmp_path):
    runs = [analysis.open_run(engine_files.run), analysis.open_run(engine_files.run12)]
    scenarios = analysis.scenarios_of_files(runs + [grid_sweep])
    figure = analysis.plot_scenarios(scenarios)
    axes = panels(figure)
    assert [ax.get_title() for ax in axes] == ["Workers abroad", "State revenue reaching the DPRK",
                                               "Repatriations (deportations included)"]
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["small", "small_deadline_12", "grid (sweep): median of 12 runs"]
    for ax in axes:
        assert len(gids(ax, "median:")) == 3
        assert [str(c.get_gid()) for c in ax.collections if isinstance(c, mcoll.PolyCollection)] == \
            ["band90:grid (sweep)", "band50:grid (sweep)"]  # bands for the sweep only
    deadlines = sorted(pd.Timestamp(line.get_xdata()[0]).strftime("%Y-%m")
                       for line in key_date_lines(axes[0]) if "deadline" in str(line.get_gid()))
    assert deadlines == ["2018-12", "2019-12"]  # 2397 + 12 months, and + 24 months
    assert_renders(figure, tmp_path, "scenarios")


def test_points_side_by_side_list_every_point_failed_ones_too(grid_sweep):
    figure = analysis.plot_scenarios(analysis.scenarios_of_points(grid_sweep))
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert len(legend) == 6
    assert sum("no successful run" in text for text in legend) == 2
    assert legend[0] == "point 0: state_share=0.5, visa_tolerance=0.1: median of 3 runs"


def test_response_has_a_panel_per_outcome_and_parameter(grid_sweep, lhs_sweep, tmp_path):
    figure = analysis.plot_response(grid_sweep)
    axes = panels(figure)
    assert len(axes) == 4 * 2  # abroad at the deadline and at the end, revenue, repatriations
    for ax in axes:
        (runs,) = gids(ax, "runs")
        assert len(runs.get_offsets()) == 12  # the successful runs
        (medians,) = gids(ax, "point_medians")
        assert len(medians.get_offsets()) == 4
        (trend,) = gids(ax, "trend")
        assert len(trend.get_xdata()) == 2  # two distinct values among successful runs
    assert axes[0].get_xlabel() == "state_share" and axes[1].get_xlabel() == "visa_tolerance"
    assert axes[4].get_ylabel().startswith("State revenue over the run")
    assert axes[4].get_title().startswith("rho = +")
    assert_renders(figure, tmp_path, "response")

    continuous = panels(analysis.plot_response(lhs_sweep, outcomes=["abroad_at_end"]))
    assert len(continuous) == 2
    assert gids(continuous[0], "trend")[0].get_label().startswith("median per bin")


def test_command_line_reports_a_sweep_with_its_sections_and_figures(engine_files, tmp_path):
    result = run_cli("report", engine_files.grid, "-o", tmp_path / "report")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "report" / "report.html"
    assert result.stdout.strip() == str(page)
    html = page.read_text()
    for section in ("Runs", "Swept parameters", "Failed runs", "Headline outcomes over the successful runs",
                    "Rank correlation", "Points"):
        assert f"<h2>{section}" in html
    for stem in ("fan_workers_abroad", "fan_state_revenue", "points", "response"):
        assert f'src="{stem}.png"' in html and (page.parent / f"{stem}.svg").is_file()
    assert "expected a share in [0, 1]" in html


def test_comparison_report_puts_the_files_side_by_side(engine_files, grid_sweep, tmp_path):
    runs = [analysis.open_run(engine_files.run), analysis.open_run(engine_files.run12)]
    page = analysis.write_comparison_report(runs + [grid_sweep], tmp_path / "compare")
    html = page.read_text()
    assert "<h2>Key numbers side by side" in html and 'src="scenarios.png"' in html
    assert "<th>small_deadline_12</th>" in html and "<th>grid (sweep)</th>" in html
    assert "<td>2018-12</td>" in html and "<td>2019-12</td>" in html


def test_command_line_plots_several_files_side_by_side(engine_files, tmp_path):
    result = run_cli("plot", engine_files.run, engine_files.run12, engine_files.lhs, "-o", tmp_path / "cmp")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert printed == [str(tmp_path / "cmp" / "scenarios.png"), str(tmp_path / "cmp" / "scenarios.svg")]
    assert all(Path(p).stat().st_size > 0 for p in printed)


def test_plot_sends_a_sweep_file_to_the_sweep_figures(engine_files, tmp_path, monkeypatch, capsys):
    """Which figures a file gets depends on its kind (the figures themselves are tested above)."""
    import analysis.cli
    import analysis.figures
    drawn = []
    monkeypatch.setattr(analysis.figures, "write_sweep_figures",
                        lambda sweep, directory: drawn.append(sweep.attrs["design"]) or {"fan": [directory / "fan.png"]})
    assert analysis.cli.main(["plot", str(engine_files.grid), "-o", str(tmp_path)]) == 0
    assert drawn == ["grid"] and capsys.readouterr().out.split() == [str(tmp_path / "fan.png")]


def test_command_line_refuses_a_bad_sweep_file_with_exit_2(engine_files, foreign_file, tmp_path):
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(engine_files.grid.read_bytes()[:4096])
    unlabelled = tmp_path / "unlabelled.h5"
    shutil.copy(engine_files.grid, unlabelled)
    with h5py.File(unlabelled, "a") as file:
        del file["point"]
    cases = (
        (("report", truncated), truncated, "not a readable HDF5 file"),
        (("plot", unlabelled), unlabelled, "sweep file has no 'point' dataset"),
        (("report", engine_files.run, foreign_file), foreign_file, "not a repatsim run or sweep file"),
        (("report", engine_files.grid, "--observed", engine_files.run), None, "--observed applies to a single run"),
    )
    for args, path, expected in cases:
        result = run_cli(*args, "-o", tmp_path / "out")
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], result.stderr
        assert path is None or str(path) in lines[0]
        assert not (tmp_path / "out").exists(), "nothing is written for an unusable file"


def test_the_python_examples_of_analysis_readme_run(engine_files, tmp_path, monkeypatch):
    """analysis/README.md's "In Python" block, on the engine's files, writes its figures."""
    text = (Path(analysis.__file__).parent / "README.md").read_text()
    block = text[text.index("## In Python"):text.index("In `open_sweep`")]
    code = "\n".join(line[4:] for line in block.splitlines() if line.startswith("    "))
    for name, path in (("output/historical.h5", engine_files.run), ("output/deadline_12_months.h5", engine_files.run12),
                       ("output/my_sweep.h5", engine_files.lhs)):
        assert name in code
        code = code.replace(f'"{name}"', repr(str(path)))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "analysis/README.md", "exec"), {})
    for png in ("headcount", "fan", "response", "compare", "points"):
        assert (tmp_path / f"{png}.png").stat().st_size > 20_000
