"""The shipped historical scenario stays calibrated: a few replicate seeds of it, each with every
`calibrate` figure of observed.csv inside its low-high range (VALIDATION.md has the full check
with 24 seeds: `python3 -m analysis calibrate ... --replicates-only`)."""

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
