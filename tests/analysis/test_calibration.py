"""The calibration machinery without the engine: the design file, the Latin hypercube, the
acceptance distance, the fitted values and the replicate summary."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.calibration import (Parameter, fitted_value, load_design, normalised_errors, posterior_summary,
                                  replicate_seeds, replicate_summary, sample_design)

REPO = Path(__file__).resolve().parents[2]
DESIGN = REPO / "scenarios" / "calibration" / "abc.yaml"


def test_the_shipped_design_reads_and_names_mechanism_keys():
    design = load_design(DESIGN)
    assert design.scenario == (REPO / "scenarios" / "historical.yaml").resolve()
    assert design.replicates >= 20 and design.points >= 200
    keys = [k for p in design.parameters for k in p.set_keys + tuple(k for k, _ in p.scale_keys)]
    assert "hosts.Russia.contract_months" in keys and "dprk.state_share" in keys
    for p in design.parameters:       # every prior covers the value shipped before calibration
        assert p.low <= p.shipped <= p.high, p.name
        assert p.why, p.name
    assert {a.host for a in design.anchors} == {"Russia", "World"}


def test_latin_hypercube_is_deterministic_and_stratified():
    design = load_design(DESIGN)
    first, second = sample_design(design), sample_design(design)
    pd.testing.assert_frame_equal(first, second)
    n = design.points
    assert len(first) == n and first["seed"].nunique() == n
    for p in design.parameters:
        values = first[p.name].to_numpy()
        assert values.min() >= p.low and values.max() <= p.high
        if p.integer and p.high - p.low + 1 <= n:
            assert np.all(values == np.round(values))
            # each whole value of the prior gets its share of the n points, to within one stratum
            counts = pd.Series(values).value_counts()
            assert len(counts) == p.high - p.low + 1
            assert counts.max() - counts.min() <= math.ceil(n / (p.high - p.low + 1)) * 0.2 + 2
        elif p.integer:                                  # more whole values than points
            assert np.all(values == np.round(values)) and len(set(values)) > 0.9 * n
        else:
            strata = np.floor((values - p.low) / (p.high - p.low) * n).astype(int)
            assert sorted(strata) == list(range(n))      # exactly one draw per stratum


def test_overrides_set_and_scale_keys():
    seats = Parameter("routes", 0.5, 1.5, False, (), (("routes.A.seats_per_month", 1300),), 1, "")
    assert seats.overrides(0.8815) == ["routes.A.seats_per_month=1146"]
    months = Parameter("months", 20, 34, True, ("hosts.R.contract_months",), (), 27, "")
    assert months.overrides(28.0) == ["hosts.R.contract_months=28"]
    share = Parameter("share", 0.5, 0.9, False, ("dprk.state_share", "x.y"), (), 0.7, "")
    assert share.overrides(0.75) == ["dprk.state_share=0.75", "x.y=0.75"]


def test_normalised_errors_use_each_side_of_the_range():
    table = pd.DataFrame({"observed": [100.0, 100.0, 100.0, 100.0], "low": [80.0, 80.0, 80.0, 100.0],
                          "high": [140.0, 140.0, 140.0, 100.0], "simulated": [120.0, 90.0, 60.0, 100.0]})
    assert normalised_errors(table).tolist() == pytest.approx([20 / 40, -10 / 20, -40 / 20, 0.0])


def test_fitted_values_are_rounded_for_the_scenario_file():
    months = Parameter("m", 20, 34, True, ("k",), (), 27, "")
    share = Parameter("s", 0, 1, False, ("k",), (), 0.5, "")
    assert fitted_value(months, 27.5) == 28
    assert fitted_value(share, 0.012345) == 0.0123
    assert fitted_value(share, 0.68789) == 0.688
    assert fitted_value(share, 0.0) == 0.0


def test_posterior_summary_over_accepted_sets_only():
    design = load_design(DESIGN)
    samples = sample_design(design)
    samples["accepted"] = False
    samples.loc[:9, "accepted"] = True
    summary = posterior_summary(design, samples).set_index("parameter")
    name = design.parameters[0].name
    accepted = samples.loc[:9, name].to_numpy(float)
    assert summary.loc[name, "accepted"] == 10
    assert summary.loc[name, "posterior_median"] == pytest.approx(np.median(accepted))
    assert summary.loc[name, "posterior_q05"] == pytest.approx(np.quantile(accepted, 0.05))
    for row in summary.itertuples():    # fitted: the median where identified, else the shipped value
        p = next(q for q in design.parameters if q.name == row.Index)
        assert row.identified == (row.interval_share < design.identified_below)
        assert row.fitted == (fitted_value(p, row.posterior_median) if row.identified else p.shipped)


def test_replicate_summary_applies_the_issue_tests():
    rows = []
    for seed, (a, b) in enumerate([(100, 300), (104, 330), (96, 320)]):
        rows.append({"id": "A", "host": "X", "quantity": "q", "date": "2017", "observed": 100.0, "low": 95.0,
                     "high": 105.0, "simulated": float(a), "within": 95 <= a <= 105, "source": "s", "seed": seed})
        rows.append({"id": "B", "host": "X", "quantity": "q", "date": "2018", "observed": 280.0, "low": 200.0,
                     "high": 400.0, "simulated": float(b), "within": True, "source": "s", "seed": seed})
    table = replicate_summary(pd.DataFrame(rows)).set_index("id")
    assert table.loc["A", "median"] == 100 and table.loc["A", "all_in_range"]
    assert table.loc["A", "median_within_10pct"]
    # B: every replicate in range, but the median 320 is 14 % above 280
    assert table.loc["B", "all_in_range"] and not table.loc["B", "median_within_10pct"]


def test_replicate_seeds_are_fixed_and_distinct():
    assert replicate_seeds(7, 24) == replicate_seeds(7, 24)
    assert len(set(replicate_seeds(7, 24))) == 24
    assert replicate_seeds(7, 24) != replicate_seeds(8, 24)


@pytest.mark.parametrize("text, message", [
    ("scenario: ../historical.yaml\npoints: 10\nseed: 1\nreplicates: 3\n", "parameters: expected a non-empty list"),
    ("[1, 2]\n", "expected a map of keys"),
    ("scenario: nowhere.yaml\n", "scenario: no such file"),
    ("scenario: ../historical.yaml\npoints: 10\nseed: 1\nreplicates: 3\ntolerance: {distance: 0.5}\n"
     "parameters:\n  - {name: a, set: [dprk.state_share], prior: {low: 0.9, high: 0.5}, shipped: 0.7}\n",
     "parameters\\[0\\].prior: low 0.9 must be below high 0.5"),
    ("scenario: ../historical.yaml\npoints: 10\nseed: 1\nreplicates: 3\ntolerance: {distance: 0.5}\n"
     "parameters:\n  - {name: a, prior: {low: 0.5, high: 0.9}, shipped: 0.7}\n",
     "needs `set` or `scale`"),
    ("scenario: ../historical.yaml\npoints: ten\n", "points: expected a whole number"),
])
def test_bad_design_files_name_the_file_and_key(tmp_path, text, message):
    folder = tmp_path / "calibration"
    folder.mkdir()
    (tmp_path / "historical.yaml").write_text("name: x\n")
    path = folder / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=message) as error:
        load_design(path)
    assert str(path) in str(error.value)


def test_calibrate_command_refuses_a_bad_design_with_exit_code_2(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "design.yaml"
    bad.write_text("scenario: [not, text]\n")
    result = subprocess.run([sys.executable, "-m", "analysis", "calibrate", str(bad), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2
    assert str(bad) in result.stderr and "scenario: expected text" in result.stderr
    assert not (tmp_path / "out").exists()
