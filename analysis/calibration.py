"""Calibration of a scenario to the `calibrate` rows of observed.csv by approximate Bayesian
computation (ABC) by rejection, and the replicate check of a scenario (VALIDATION.md).

    python3 -m analysis calibrate scenarios/calibration/abc.yaml -o output/calibration

The design file (scenarios/calibration/abc.yaml) names the scenario, the mechanism parameters
with their priors (uniform on [low, high]; `type: integer` rounds), how each maps onto
`repatsim run --set` keys, the tolerance and the replicate count. The steps:

1. Draw `points` parameter sets from the priors by Latin hypercube (numpy's Philox generator
   keyed by the design's seed, so the same design file gives the same sets) and one run seed
   per set from the same generator's second stream.
2. Run the scenario once per set (`repatsim run --set ... --set seed=S`, one thread each,
   `--jobs` at a time) and read the calibrate figures with analysis.compare_observed, the same
   code that compares any run with the data.
3. Accept a set when every figure lies inside its observed [low, high] range and the distance
   (root mean square of the range-normalised errors, below) is at most `tolerance.distance`.
   The accepted sets approximate the posterior; the report gives its medians and 90 % intervals.
4. The fitted point: for each parameter the accepted sets constrain (its 5-95 % posterior
   interval narrower than `identified_below` times the prior's width), the posterior median
   (integers rounded, others to three significant figures); for the others the value the
   scenario shipped with (from an input figure or an assumption), which the calibrate figures
   cannot overrule. Run it with `replicates` seeds and score the replicates (analysis.scores).

Range-normalised error of a figure: (sim - obs) / (high - obs) above the value,
(sim - obs) / (obs - low) below it, so -1 and 1 are the ends of its observed range whatever its
unit and however lopsided the range.

Nothing pins a trajectory: every swept key is a mechanism parameter of the scenario file.
"""

import csv
import json
import math
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.observed import compare_observed
from analysis.run_file import open_run
from analysis.scores import Anchor, score_table

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Parameter:
    """One swept mechanism parameter: a uniform prior on [low, high]; `set` maps the sampled
    value to `--set` keys directly, `scale` multiplies each key's base value by it (rounded to
    a whole number, for integer keys such as route seats)."""
    name: str
    low: float
    high: float
    integer: bool
    set_keys: tuple
    scale_keys: tuple      # ((key, base value), ...)
    shipped: float         # the scenario's value before calibration: shown in the report, and
                           # kept as the fitted value when the figures do not identify it
    why: str

    def overrides(self, value):
        text = str(int(value)) if self.integer else repr(float(value))
        sets = [f"{key}={text}" for key in self.set_keys]
        sets += [f"{key}={int(round(base * value))}" for key, base in self.scale_keys]
        return sets


@dataclass(frozen=True)
class Design:
    path: Path
    scenario: Path
    points: int
    seed: int
    parameters: tuple
    distance: float
    replicates: int
    identified_below: float
    anchors: tuple = field(default=())


def load_design(path) -> Design:
    """Reads a calibration design file; raises ValueError naming the file and key on any
    problem."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text())
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise ValueError(f"{path}: expected a map of keys (scenario, points, seed, parameters, ...)")

    def need(mapping, key, kind, where):
        if key not in mapping:
            raise ValueError(f"{path}: {where}{key}: missing")
        value = mapping[key]
        if kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 1 and key != "seed"):
            raise ValueError(f"{path}: {where}{key}: expected a whole number >= 1, got {value!r}")
        if kind is float and (not isinstance(value, (int, float)) or isinstance(value, bool)
                              or not math.isfinite(value)):
            raise ValueError(f"{path}: {where}{key}: expected a number, got {value!r}")
        if kind is str and not isinstance(value, str):
            raise ValueError(f"{path}: {where}{key}: expected text, got {value!r}")
        return value

    scenario = (path.parent / need(document, "scenario", str, "")).resolve()
    if not scenario.is_file():
        raise ValueError(f"{path}: scenario: no such file {scenario}")
    points = need(document, "points", int, "")
    seed = need(document, "seed", int, "")
    if seed < 0:
        raise ValueError(f"{path}: seed: expected a whole number >= 0, got {seed}")
    replicates = need(document, "replicates", int, "")
    parameters = []
    entries = document.get("parameters")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: parameters: expected a non-empty list")
    for i, entry in enumerate(entries):
        where = f"parameters[{i}]."
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: parameters[{i}]: expected a map")
        name = need(entry, "name", str, where)
        prior = entry.get("prior")
        if not isinstance(prior, dict):
            raise ValueError(f"{path}: {where}prior: expected a map with low and high")
        low = float(need(prior, "low", float, where + "prior."))
        high = float(need(prior, "high", float, where + "prior."))
        if not low < high:
            raise ValueError(f"{path}: {where}prior: low {low} must be below high {high}")
        set_keys = entry.get("set", [])
        scale = entry.get("scale", {})
        if not isinstance(set_keys, list) or not all(isinstance(k, str) for k in set_keys):
            raise ValueError(f"{path}: {where}set: expected a list of --set keys")
        if not isinstance(scale, dict) or not all(isinstance(v, (int, float)) for v in scale.values()):
            raise ValueError(f"{path}: {where}scale: expected a map of --set key to its base value")
        if not set_keys and not scale:
            raise ValueError(f"{path}: {where}: needs `set` or `scale` (the keys it changes)")
        parameters.append(Parameter(
            name=name, low=low, high=high, integer=entry.get("type") == "integer",
            set_keys=tuple(set_keys), scale_keys=tuple((k, float(v)) for k, v in scale.items()),
            shipped=float(need(entry, "shipped", float, where)), why=str(entry.get("why", "")).strip()))
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: parameters: names must be unique")
    tolerance = document.get("tolerance")
    if not isinstance(tolerance, dict):
        raise ValueError(f"{path}: tolerance: expected a map with distance")
    anchors = []
    entries = document.get("anchors", []) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: anchors: expected a list")
    for i, entry in enumerate(entries):
        where = f"anchors[{i}]."
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: anchors[{i}]: expected a map with host, quantity, date, value, source")
        anchors.append(Anchor(host=need(entry, "host", str, where), quantity=need(entry, "quantity", str, where),
                              date=str(need(entry, "date", str, where)),
                              value=float(need(entry, "value", float, where)),
                              source=need(entry, "source", str, where)))
    return Design(path=path, scenario=scenario, points=points, seed=seed, parameters=tuple(parameters),
                  distance=float(need(tolerance, "distance", float, "tolerance.")),
                  replicates=replicates, identified_below=float(need(document, "identified_below", float, "")),
                  anchors=tuple(anchors))


def find_repatsim(explicit=None) -> str:
    """The repatsim binary: `explicit`, else $REPATSIM_BIN, else the release build, else PATH."""
    if explicit and not Path(explicit).is_file():
        raise ValueError(f"--repatsim {explicit}: no such file")
    for candidate in (explicit, os.environ.get("REPATSIM_BIN"), REPO / "build/release/sim/app/repatsim"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    found = shutil.which("repatsim")
    if found:
        return found
    raise ValueError("no repatsim binary: build it (cmake --build build/release) or pass --repatsim PATH")


def sample_design(design: Design) -> pd.DataFrame:
    """Latin hypercube over the priors: one row per point with each parameter's value and the
    run seed. Deterministic in the design's seed (Philox; stream 0 the hypercube, 1 the seeds)."""
    n = design.points
    cube = np.random.Generator(np.random.Philox(key=[design.seed, 0]))
    columns = {}
    for p in design.parameters:
        strata = (cube.permutation(n) + cube.random(n)) / n       # one draw per stratum
        if p.integer:
            values = np.floor(p.low + strata * (p.high - p.low + 1)).clip(p.low, p.high)
        else:
            values = p.low + strata * (p.high - p.low)
        columns[p.name] = values
    seeds = np.random.Generator(np.random.Philox(key=[design.seed, 1])).integers(0, 2**62, size=n)
    frame = pd.DataFrame(columns)
    frame.insert(0, "seed", seeds.astype(np.int64))
    frame.insert(0, "point", np.arange(n))
    return frame


def fitted_value(parameter: Parameter, median: float) -> float:
    """The posterior median as it is written into the scenario: integers rounded, others to
    three significant figures."""
    if parameter.integer:
        return float(round(median))
    if median == 0:
        return 0.0
    digits = 2 - int(math.floor(math.log10(abs(median))))
    return round(median, digits)


def run_figures(binary, scenario, sets, seed, workdir, keep_series=False):
    """Runs the scenario once and returns (calibrate figures table, monthly series or None).
    The series (when asked) are Russia's permitted stock and the world's workers abroad, the
    two series the calibration figure plots."""
    handle, name = tempfile.mkstemp(suffix=".h5", dir=workdir)
    os.close(handle)
    out = Path(name)
    command = [binary, "run", str(scenario), "-o", str(out), "--force", "--quiet", "--threads", "1",
               "--set", f"seed={int(seed)}"]
    for item in sets:
        command += ["--set", item]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"repatsim run failed ({result.returncode}): {result.stderr.strip()}")
    try:
        dataset = open_run(out)
        figures = compare_observed(dataset)
        series = None
        if keep_series:
            from analysis.quantities import workers_abroad
            series = pd.DataFrame({
                "month": [str(m) for m in dataset["month"].values],
                "russia_permitted": dataset["stock_true"].sel(status="permitted", host="Russia").values,
                "world_abroad": workers_abroad(dataset).sum("host").values,
            })
        dataset.close()
    finally:
        out.unlink(missing_ok=True)
    return figures, series


def normalised_errors(figures: pd.DataFrame) -> np.ndarray:
    """Range-normalised errors of compare_observed's table (module docstring)."""
    sim, obs = figures["simulated"].to_numpy(float), figures["observed"].to_numpy(float)
    above = (figures["high"].to_numpy(float) - obs)
    below = (obs - figures["low"].to_numpy(float))
    width = np.where(sim >= obs, above, below)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(width > 0, (sim - obs) / width, np.where(sim == obs, 0.0, np.inf))


def run_abc(design: Design, binary, jobs=2, progress=None) -> pd.DataFrame:
    """Runs every point of the design; returns one row per point: the parameters, the seed,
    each figure's simulated value and normalised error, the distance and `accepted`."""
    points = sample_design(design)
    with tempfile.TemporaryDirectory(prefix="repatsim-abc-") as workdir:
        def one(row):
            sets = [s for p in design.parameters for s in p.overrides(row[p.name])]
            try:
                figures, _ = run_figures(binary, design.scenario, sets, row["seed"], workdir)
            except RuntimeError as error:
                return {"error": str(error)}
            errors = normalised_errors(figures)
            result = {"error": ""}
            for fid, sim, err in zip(figures["id"], figures["simulated"], errors):
                result[f"sim_{fid}"] = sim
                result[f"err_{fid}"] = err
            result["in_range"] = bool(np.all(np.abs(errors) <= 1))
            result["distance"] = float(np.sqrt(np.mean(errors ** 2)))
            return result

        rows = [r for _, r in points.iterrows()]
        results = []
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for i, result in enumerate(pool.map(one, rows)):
                results.append(result)
                if progress and (i + 1) % 25 == 0:
                    progress(f"{i + 1}/{len(rows)} runs")
    frame = pd.concat([points, pd.DataFrame(results)], axis=1)
    if (frame["error"] != "").all():
        raise ValueError(f"every run failed; the first: {frame['error'].iloc[0]}")
    frame["accepted"] = (frame["error"] == "") & frame["in_range"].fillna(False).astype(bool) & \
        (frame["distance"] <= design.distance)
    return frame


def posterior_summary(design: Design, samples: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: prior, shipped value, posterior median and 5-95 % interval over the
    accepted sets, how much the interval narrowed the prior (interval_share: the posterior
    5-95 % width over the prior's width; ~0.9 when the calibrate figures say nothing about the
    parameter), `identified` (interval_share below the design's identified_below) and the
    fitted value: the rounded posterior median if identified, else the shipped value, which
    came from an input figure or an assumption that the calibrate figures cannot overrule."""
    accepted = samples[samples["accepted"]]
    rows = []
    for p in design.parameters:
        values = accepted[p.name].to_numpy(float)
        if len(values):
            q05, median, q95 = np.quantile(values, [0.05, 0.5, 0.95])
        else:
            q05 = median = q95 = math.nan
        share = (q95 - q05) / (p.high - p.low) if len(values) else math.nan
        identified = bool(share < design.identified_below)
        rows.append({
            "parameter": p.name, "keys": " ".join(list(p.set_keys) + [k for k, _ in p.scale_keys]),
            "prior_low": p.low, "prior_high": p.high, "shipped": p.shipped,
            "posterior_q05": q05, "posterior_median": median, "posterior_q95": q95,
            "interval_share": share, "identified": identified,
            "fitted": fitted_value(p, median) if identified else p.shipped,
            "accepted": len(values),
        })
    return pd.DataFrame(rows)


def replicate_seeds(master_seed, count):
    """`count` run seeds for the replicate check: Philox keyed by (master seed, 2)."""
    generator = np.random.Generator(np.random.Philox(key=[master_seed, 2]))
    return [int(s) for s in generator.integers(0, 2**62, size=count)]


def run_replicates(binary, scenario, sets, seeds, jobs=2):
    """Runs the scenario with each seed; returns (figures: one row per (seed, figure),
    series: one row per (seed, month))."""
    with tempfile.TemporaryDirectory(prefix="repatsim-replicates-") as workdir:
        def one(seed):
            return run_figures(binary, scenario, sets, seed, workdir, keep_series=True)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            try:
                results = list(pool.map(one, seeds))
            except RuntimeError as error:
                raise ValueError(f"{scenario}: a replicate failed: {error}") from None
    figures = pd.concat([f.assign(seed=s) for s, (f, _) in zip(seeds, results)], ignore_index=True)
    series = pd.concat([t.assign(seed=s) for s, (_, t) in zip(seeds, results)], ignore_index=True)
    return figures, series


def replicate_summary(figures: pd.DataFrame) -> pd.DataFrame:
    """Per figure over the replicates: observed value and range, the median and the 5/25/75/95 %
    quantiles, the share in range, and whether every replicate is in range and the median within
    10 % of the value (the issue's acceptance test)."""
    rows = []
    for fid, group in figures.groupby("id", sort=False):
        sim = group["simulated"].to_numpy(float)
        first = group.iloc[0]
        median = float(np.median(sim))
        rows.append({
            "id": fid, "quantity": first["quantity"], "date": first["date"], "host": first["host"],
            "observed": first["observed"], "low": first["low"], "high": first["high"],
            "replicates": len(sim), "median": median,
            "q05": float(np.quantile(sim, 0.05)), "q25": float(np.quantile(sim, 0.25)),
            "q75": float(np.quantile(sim, 0.75)), "q95": float(np.quantile(sim, 0.95)),
            "min": float(sim.min()), "max": float(sim.max()),
            "share_in_range": float(group["within"].mean()),
            "median_relative_error": (median - first["observed"]) / first["observed"],
            "all_in_range": bool(group["within"].all()),
            "median_within_10pct": abs(median - first["observed"]) <= 0.1 * first["observed"],
            "source": first["source"],
        })
    return pd.DataFrame(rows)


def replicate_scores(figures: pd.DataFrame, anchors) -> dict:
    """Scores of the replicates' median figures, and the range of each score over replicates."""
    median = figures.groupby("id", sort=False).agg(
        host=("host", "first"), quantity=("quantity", "first"), date=("date", "first"),
        observed=("observed", "first"), simulated=("simulated", "median")).reset_index()
    scores = score_table(median, anchors)
    per_replicate = [score_table(group.reset_index(drop=True), anchors) for _, group in figures.groupby("seed")]
    spread = {}
    for baseline, by_quantity in scores["mase"].items():
        spread[baseline] = {}
        for quantity in by_quantity:
            values = [s["mase"][baseline][quantity] for s in per_replicate]
            spread[baseline][quantity] = [float(np.min(values)), float(np.max(values))]
    return {"median": scores, "mase_range_over_replicates": spread}


def calibrate(design_path, output_dir, binary=None, jobs=2, skip_abc=False, progress=print):
    """The whole calibration (module docstring); writes into output_dir and returns the paths.
    With skip_abc, only the replicate check of the scenario as it is (no --set)."""
    from analysis.figures.calibration import plot_calibration, plot_posterior
    from analysis.figures.common import save_figure

    design = load_design(design_path)
    binary = find_repatsim(binary)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    fitted_sets = []
    posterior = None
    summary = {"design": str(design.path), "scenario": str(design.scenario), "repatsim": binary}
    if not skip_abc:
        progress(f"ABC: {design.points} runs of {design.scenario.name}, {jobs} at a time")
        samples = run_abc(design, binary, jobs, progress)
        samples.to_csv(out / "samples.csv", index=False)
        samples[samples["accepted"]].to_csv(out / "accepted.csv", index=False)
        posterior = posterior_summary(design, samples)
        posterior.to_csv(out / "posterior.csv", index=False)
        written += [out / "samples.csv", out / "accepted.csv", out / "posterior.csv"]
        accepted = int(samples["accepted"].sum())
        summary.update({"points": design.points, "failed_runs": int((samples["error"] != "").sum()),
                        "in_range": int(samples["in_range"].fillna(False).astype(bool).sum()),
                        "accepted": accepted, "accepted_fraction": accepted / design.points,
                        "tolerance_distance": design.distance})
        if accepted == 0:
            raise ValueError("no parameter set accepted: widen the priors or the tolerance")
        for p, row in zip(design.parameters, posterior.itertuples()):
            fitted_sets += p.overrides(row.fitted)
        figure = plot_posterior(design, samples)
        written += save_figure(figure, out, "calibration_posterior")
    seeds = replicate_seeds(design.seed, design.replicates)
    progress(f"replicates: {len(seeds)} seeds of the {'fitted point' if fitted_sets else 'scenario as it is'}")
    figures, series = run_replicates(binary, design.scenario, fitted_sets, seeds, jobs)
    figures.to_csv(out / "replicates.csv", index=False)
    series.to_csv(out / "replicate_series.csv", index=False)
    table = replicate_summary(figures)
    table.to_csv(out / "replicate_summary.csv", index=False)
    scores = replicate_scores(figures, design.anchors)
    scores["median"]["per_figure"].to_csv(out / "scores_per_figure.csv", index=False)
    summary.update({
        "replicate_sets": fitted_sets, "replicates": len(seeds),
        "all_in_range": bool(table["all_in_range"].all()),
        "all_medians_within_10pct": bool(table["median_within_10pct"].all()),
        "ard": scores["median"]["ard"],
        "ard_carried_forward": scores["median"]["ard_carried_forward"],
        "ard_constant_hazard": scores["median"]["ard_constant_hazard"],
        "mase": scores["median"]["mase"],
        "mase_range_over_replicates": scores["mase_range_over_replicates"],
        "beats_both_baselines": all(v < 1 for by_quantity in scores["median"]["mase"].values()
                                    for v in by_quantity.values()),
        "anchors": [a.__dict__ for a in design.anchors],
    })
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=float) + "\n")
    written += [out / "replicates.csv", out / "replicate_series.csv", out / "replicate_summary.csv",
                out / "scores_per_figure.csv", out / "summary.json"]
    figure = plot_calibration(table, series, title_note="fitted point" if fitted_sets else design.scenario.name)
    written += save_figure(figure, out, "calibration")
    return written

