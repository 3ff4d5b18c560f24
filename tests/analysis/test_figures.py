"""Each figure draws what it promises (one series per host, status, route or channel, the
key dates on every time panel) and renders to a non-empty PNG and SVG."""

import matplotlib.collections as mcoll
import pytest

import analysis
from analysis.figures.routes import used_routes
from analysis.quantities import abroad_statuses

MIN_PNG_BYTES = 20_000  # a blank 11x7 in figure at 120 dpi is under 10 KB


def panels(figure):
    """The axes that hold data (not the legend strip)."""
    return [ax for ax in figure.axes if ax.get_label() != "legend"]


def key_date_lines(ax):
    return [line for line in ax.lines if str(line.get_gid()).startswith("key_date:")]


def data_lines(ax):
    return [line for line in ax.lines if not str(line.get_gid()).startswith("key_date:")]


def stacks(ax):
    return [c for c in ax.collections if isinstance(c, mcoll.PolyCollection)]


def assert_renders(figure, tmp_path, name):
    png, svg = analysis.save_figure(figure, tmp_path, name)
    assert png.stat().st_size > MIN_PNG_BYTES, f"{png} is only {png.stat().st_size} bytes"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.stat().st_size > MIN_PNG_BYTES and b"<svg" in svg.read_bytes()[:1000]


@pytest.fixture(scope="module")
def marks(run):
    return len(analysis.key_dates(run))


def test_headcount_stacks_every_status_abroad_for_all_hosts_and_each_host(run, marks, tmp_path):
    figure = analysis.plot_headcount(run)
    axes = panels(figure)
    assert [ax.get_title() for ax in axes][0] == "All hosts"
    assert sorted(ax.get_title() for ax in axes[1:]) == sorted(str(h) for h in run["host"].values)
    for ax in axes:
        assert len(stacks(ax)) == len(abroad_statuses(run)) == 7
        assert len(key_date_lines(ax)) == marks
        assert ax.get_ylabel() == "workers"
    assert "repatriated" not in [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert "Run file:" in figure._supxlabel.get_text()
    assert_renders(figure, tmp_path, "headcount")


def test_true_vs_reported_draws_two_series_per_host(run, marks, tmp_path):
    figure = analysis.plot_true_vs_reported(run)
    axes = panels(figure)
    assert len(axes) == run.sizes["host"]
    for ax in axes:
        assert len(data_lines(ax)) == 2
        assert len(key_date_lines(ax)) == marks
    reports = sum(len(ax.collections) for ax in axes)
    assert reports == 2 * len({str(h) for h in run["report_host"].values}) if run.sizes.get("report") else reports == 0
    assert_renders(figure, tmp_path, "true_vs_reported")


def test_revenue_by_host_channel_and_year(run, tmp_path):
    figure = analysis.plot_revenue(run)
    by_host, by_channel, per_year = panels(figure)
    assert len(stacks(by_host)) == run.sizes["host"]
    assert len(data_lines(by_channel)) == run.sizes["channel"] + 1  # + informal cash held
    full_years = run.sizes["month"] // 12 if str(run["month"].values[0]).endswith("-01") else None
    if full_years is not None:
        assert len(per_year.patches) == full_years * run.sizes["channel"]
    assert "USD" in by_host.get_ylabel() and "USD" in per_year.get_ylabel()
    assert_renders(figure, tmp_path, "revenue")


def test_routes_show_seats_per_used_route_and_repatriations_per_host(run, tmp_path):
    figure = analysis.plot_routes(run)
    seats, share, repatriations = panels(figure)
    routes = used_routes(run)
    assert routes, "the run has no route with seats"
    assert len(data_lines(seats)) == 2 * len(routes)  # used and offered
    assert len(share.patches) == len(routes)
    assert len(stacks(repatriations)) == run.sizes["host"]
    assert_renders(figure, tmp_path, "routes")


def test_enforcement_has_four_panels_with_a_line_per_active_host(run, tmp_path):
    figure = analysis.plot_enforcement(run)
    axes = panels(figure)
    assert len(axes) == 4
    active = ((run["inspections"].sum("month") + run["flows"].sel(flow="detections").sum("month")) > 0).sum()
    for ax in axes:
        assert len(data_lines(ax)) == int(active)
        assert ax.get_ylabel().endswith("per month")
    assert_renders(figure, tmp_path, "enforcement")


def test_observed_shows_every_calibration_figure_with_its_range(run, tmp_path):
    figure = analysis.plot_observed(run)
    comparison = analysis.compare_observed(run)
    axes = panels(figure)
    assert sum(len(ax.containers) for ax in axes) == len(axes)  # one error-bar series per panel
    assert sum(len(ax.get_xticks()) for ax in axes) == len(comparison)
    assert "observed.csv" in figure._supxlabel.get_text()
    assert_renders(figure, tmp_path, "observed")



def test_a_short_run_without_reports_or_key_dates_still_renders(tmp_path):
    """One year, no 2397 report filed, no key date inside: every figure and the report work."""
    import make_fixture
    short = analysis.open_run(make_fixture.write_run_file(tmp_path / "short.h5", months=12, start=(2016, 1)))
    assert short.sizes["report"] == 0
    assert analysis.key_dates(short) == []
    page = analysis.write_report(short, tmp_path / "report")
    assert "outside the run" in page.read_text()  # the deadline of 2019 is not in 2016
    for png in (tmp_path / "report").glob("*.png"):
        assert png.stat().st_size > MIN_PNG_BYTES
