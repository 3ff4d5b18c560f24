"""The shipped historical scenario stays calibrated: a few replicate seeds of it, each with every
`calibrate` figure of observed.csv inside its low-high range (VALIDATION.md has the full check
with 24 seeds: `python3 -m analysis calibrate ... --replicates-only`)."""

import os
import sys


def test_shipped_historical_scenario_keeps_every_calibrate_figure_in_range(repatsim, source):
    if str(source) not in sys.path:
        sys.path.insert(0, str(source))
    from analysis.calibration import load_design, replicate_seeds, replicate_summary, run_replicates

    design = load_design(source / "scenarios" / "calibration" / "abc.yaml")
    seeds = replicate_seeds(design.seed, 4)     # the first 4 of the design's replicate seeds
    figures, series = run_replicates(repatsim.binary, design.scenario, [], seeds, jobs=2)
    assert sorted(figures["id"].unique()) == ["G6", "G6r", "R7", "R8"]
    assert figures["simulated"].notna().all()
    outside = figures[~figures["within"]]
    assert outside.empty, "outside the observed range:\n" + outside[
        ["id", "seed", "simulated", "low", "high"]].to_string()
    table = replicate_summary(figures)
    # The replicates differ (the seed matters) but stay within a few per cent of each other.
    russia = table.set_index("id").loc["R8"]
    assert russia["max"] > russia["min"]
    assert series["seed"].nunique() == 4


def test_calibrate_command_end_to_end_on_a_small_design(source, tmp_path, repatsim):
    """The whole command on 6 points with priors tight around the fitted values: it accepts
    sets, writes the posterior, the replicate check, the scores and both figures."""
    import json
    import subprocess

    import pandas as pd

    design = tmp_path / "small_abc.yaml"
    design.write_text(f"""
scenario: {source / 'scenarios' / 'historical.yaml'}
points: 6
seed: 5
replicates: 2
identified_below: 0.7
tolerance: {{distance: 0.6}}
parameters:
  - {{name: months, set: [hosts.Russia.contract_months], type: integer, prior: {{low: 30, high: 32}}, shipped: 31}}
  - {{name: target, set: [hosts.Russia.dispatch_target], type: integer, prior: {{low: 36200, high: 36600}}, shipped: 36406}}
  - {{name: seats, scale: {{"routes.Tumangang-Khasan rail.seats_per_month": 300}}, prior: {{low: 0.9, high: 1.1}}, shipped: 1}}
anchors:
  - {{host: Russia, quantity: workers_permitted, date: "2015-12", value: 35600, source: "test"}}
""")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "analysis", "calibrate", str(design), "-o", str(out),
                             "--repatsim", repatsim.binary], capture_output=True, text=True, cwd=source,
                            env={**os.environ, "MPLBACKEND": "Agg"}, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in ("samples.csv", "accepted.csv", "posterior.csv", "replicates.csv", "replicate_summary.csv",
                 "scores_per_figure.csv", "summary.json", "calibration.png", "calibration.svg",
                 "calibration_posterior.png"):
        assert (out / name).is_file(), name
    samples = pd.read_csv(out / "samples.csv")
    assert len(samples) == 6 and (samples["error"].fillna("") == "").all()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["accepted"] == int(samples["accepted"].sum()) >= 1
    assert summary["replicates"] == 2 and summary["all_in_range"]
    assert summary["mase"]["carried_forward"]["workers_permitted"] < 1
    posterior = pd.read_csv(out / "posterior.csv").set_index("parameter")
    assert 30 <= posterior.loc["months", "posterior_median"] <= 32
