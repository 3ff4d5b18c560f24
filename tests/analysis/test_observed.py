"""Simulated values are read from the run as observed.csv defines each quantity."""

import math

import analysis
from analysis.quantities import workers_abroad


def test_project_copy_of_observed_figures_has_calibration_rows():
    observed = analysis.read_observed()
    calibrate = observed[observed["use"] == "calibrate"]
    assert set(calibrate["id"]) >= {"R7", "R8", "G6", "G6r"}


def test_each_quantity_reads_the_documented_cells(run):
    comparison = analysis.compare_observed(run).set_index("id")
    months = [str(m) for m in run["month"].values]
    hosts = [str(h) for h in run["host"].values]
    if "Russia" in hosts and "2017-12" in months:
        expected = int(run["stock_true"].sel(month="2017-12", host="Russia", status="permitted"))
        assert comparison.loc["R7", "simulated"] == expected
    else:
        assert math.isnan(comparison.loc["R7", "simulated"]) and comparison.loc["R7", "note"]
    year_2017 = [m for m in months if m.startswith("2017-")]
    if len(year_2017) == 12:
        total = workers_abroad(run).sum("host").sel(month=year_2017).mean()
        assert comparison.loc["G6", "simulated"] == float(total)
        revenue = run["state_share_usd"].sel(month=year_2017).sum()
        assert abs(comparison.loc["G6r", "simulated"] - float(revenue)) < 1e-6
        assert comparison.loc["G6r", "within"] == (3e8 <= float(revenue) <= 7e8)


def test_rows_the_run_cannot_match_are_noted(run, tmp_path):
    csv = tmp_path / "observed.csv"
    csv.write_text(
        "id,host,date,quantity,value,low,high,use,source\n"
        "A,Atlantis,2017-12,workers_total,10,5,15,calibrate,test\n"
        "B,World,1990,workers_total,10,,,calibrate,test\n"
        "C,World,1990,workers_total,10,,,input,test\n"
    )
    comparison = analysis.compare_observed(run, csv).set_index("id")
    assert list(comparison.index) == ["A", "B"]
    assert comparison.loc["A", "note"] == "host Atlantis not in this run"
    assert comparison.loc["B", "note"] == "date 1990 outside this run"
    assert comparison.loc["B", "low"] == comparison.loc["B", "high"] == 10
    assert not comparison["within"].any()
