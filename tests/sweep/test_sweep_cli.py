"""`repatsim sweep` and `repatsim merge` end to end on the small scenario, and open_sweep."""

import h5py
import numpy as np
import pytest

from sweep_support import SMALL, SOURCE, repatsim, same_bytes

LHS = f"""\
base: {SMALL}
parameters:
  - {{key: dprk.state_share, low: 0.5, high: 0.8}}
  - {{key: hosts.Northland.posture.visa_tolerance, low: 0.1, high: 0.6}}
design: latin_hypercube
points: 3
replicates: 2
seed: 2024
"""


def datasets(path):
    """Every dataset of a file, by path, as numpy arrays (attributes left out)."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, node):
            if isinstance(node, h5py.Dataset):
                value = node[()]
                if node.dtype.kind == "O":
                    value = np.array([v.decode() if isinstance(v, bytes) else v for v in value], dtype=object)
                out[name] = value
        f.visititems(visit)
    return out


def assert_same(a, b):
    da, db = datasets(a), datasets(b)
    assert sorted(da) == sorted(db)
    for name in da:
        assert da[name].dtype == db[name].dtype, name
        np.testing.assert_array_equal(da[name], db[name], err_msg=name)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep")
    spec = tmp / "lhs.yaml"
    spec.write_text(LHS)
    one, two = tmp / "one.h5", tmp / "two.h5"
    r1 = repatsim("sweep", spec, "-o", one, "--threads", 1)
    assert r1.returncode == 0, r1.stderr
    r2 = repatsim("sweep", spec, "-o", two, "--threads", 2)
    assert r2.returncode == 0, r2.stderr
    return tmp, spec, one, two, r2


def test_sweep_writes_the_runs_with_their_coordinates(sweep):
    _, _, one, _, result = sweep
    assert "run 6/6 done" in result.stdout
    with h5py.File(one, "r") as f:
        assert f["stock_true"].shape == (6, 48, 3, 8)
        assert f["state_revenue_usd"].shape == (6, 48, 3)
        assert f["repatriations"].shape == (6, 48, 3)
        assert list(f["point"][()]) == [0, 0, 1, 1, 2, 2]
        assert list(f["replicate"][()]) == [0, 1, 0, 1, 0, 1]
        seeds = list(f["run_seed"][()])
        assert len(set(seeds)) == 6
        assert all(f["run_ok"][()] == 1)
        share = f["dprk.state_share"][()]
        assert share[0] == share[1] and 0.5 <= share.min() and share.max() < 0.8
        assert f.attrs["master_seed"] == 2024
        assert "latin_hypercube" in f.attrs["sweep_yaml"]
        assert f["summary/workers_abroad_quantile"].shape == (3, 3, 48)
        assert f["summary/workers_abroad_mean"].shape == (3, 48)
        assert f["stock_true"][()].sum() > 0
        # Replicates differ (their seeds do); the median lies between the 5 and 95 % quantiles.
        assert not np.array_equal(f["stock_true"][0], f["stock_true"][1])
        q = f["summary/workers_abroad_quantile"][()]
        assert np.all(q[:, 0, :] <= q[:, 1, :]) and np.all(q[:, 1, :] <= q[:, 2, :])


def test_results_do_not_depend_on_threads(sweep):
    _, _, one, two, _ = sweep
    assert_same(one, two)
    assert same_bytes(one, two), "the sweep file is byte-identical on 1 and 2 threads"


def test_shards_merge_into_the_single_file(sweep):
    tmp, spec, one, _, _ = sweep
    s1, s2, merged = tmp / "s1.h5", tmp / "s2.h5", tmp / "merged.h5"
    assert repatsim("sweep", spec, "-o", s1, "--shard", "1/2").returncode == 0
    assert repatsim("sweep", spec, "-o", s2, "--shard", "2/2", "--threads", 1).returncode == 0
    with h5py.File(s1, "r") as f:
        assert list(f["run"][()]) == [0, 2, 4]
        assert "summary" not in f
    missing = repatsim("merge", s1, "-o", merged)
    assert missing.returncode == 2 and "shard 2/2 is missing" in missing.stderr
    assert not merged.exists()
    result = repatsim("merge", s2, s1, "-o", merged)
    assert result.returncode == 0, result.stderr
    assert_same(one, merged)
    assert same_bytes(one, merged), "merged shards are byte-identical to the single-process file"
    again = repatsim("merge", s1, s2, "-o", merged)
    assert again.returncode == 2 and "--force" in again.stderr


def test_bad_shard_argument_is_refused(sweep):
    tmp, spec, _, _, _ = sweep
    result = repatsim("sweep", spec, "-o", tmp / "x.h5", "--shard", "3/2")
    assert result.returncode == 2 and "K/N" in result.stderr
    assert not (tmp / "x.h5").exists()


def test_a_failing_point_is_reported_and_the_others_run(tmp_path):
    spec = tmp_path / "grid.yaml"
    spec.write_text(f"""\
base: {SMALL}
parameters:
  - {{key: hosts.Northland.posture.visa_tolerance, values: [0.2, 1.5, 0.4]}}
replicates: 2
seed: 3
""")
    out = tmp_path / "grid.h5"
    result = repatsim("sweep", spec, "-o", out)
    assert result.returncode == 1
    assert "point 1 (hosts.Northland.posture.visa_tolerance=1.5)" in result.stderr
    assert "2 of 6 runs failed" in result.stderr
    with h5py.File(out, "r") as f:
        assert list(f["run_ok"][()]) == [1, 1, 0, 0, 1, 1]
        assert "visa_tolerance" in f["run_error"].asstr()[2]
        assert f["run_error"].asstr()[0] == ""
        assert f["stock_true"][4].sum() > 0
        assert list(f["summary/replicates_ok"][()]) == [2, 0, 2]
        assert np.isnan(f["summary/workers_abroad_mean"][1]).all()


def test_a_bad_sweep_file_exits_2_naming_line_and_key(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text(f"""\
base: {SMALL}
parameters:
  - {{key: dprk.state_share, values: [0.5]}}
  - {{key: dprk.rest_months, low: 2, hihg: 9}}
design: random
points: 2
seed: 1
""")
    out = tmp_path / "bad.h5"
    result = repatsim("sweep", spec, "-o", out)
    assert result.returncode == 2
    assert f"{spec}:4:" in result.stderr
    assert "parameters[dprk.rest_months].hihg" in result.stderr
    assert "did you mean 'high'" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [spec]


def test_open_sweep(sweep):
    import analysis

    _, _, one, _, _ = sweep
    ds = analysis.open_sweep(one)
    assert dict(ds.sizes) == {"run": 6, "month": 48, "host": 3, "status": 8}
    for name in ("point", "replicate", "run_seed", "run_ok", "dprk.state_share",
                 "hosts.Northland.posture.visa_tolerance"):
        assert name in ds.coords and ds[name].dims == ("run",)
    assert ds.attrs["parameters"] == ["dprk.state_share", "hosts.Northland.posture.visa_tolerance"]
    assert set(ds.data_vars) == {"stock_true", "state_revenue_usd", "repatriations"}
    by_point = ds.stock_true.groupby("point").mean()
    assert by_point.sizes["point"] == 3
    summary = analysis.open_sweep_summary(one)
    assert dict(summary.sizes) == {"point": 3, "month": 48, "quantile": 3}
    assert summary["dprk.state_share"].dims == ("point",)
    abroad = ds.stock_true.drop_sel(status="repatriated").sum(["host", "status"])
    np.testing.assert_allclose(abroad.groupby("point").mean().values, summary.workers_abroad_mean.values)
    with pytest.raises(analysis.RunFileError):
        analysis.open_sweep(SMALL)


def test_schema_md_documents_every_sweep_dataset(sweep):
    _, _, one, _, _ = sweep
    doc = (SOURCE / "output" / "SCHEMA.md").read_text()
    section = doc[doc.index("## Sweep files"):]
    with h5py.File(one, "r") as f:
        keys = set(f["parameter"].asstr()[()])
        names = set()
        f.visititems(lambda name, node: names.add(name.rsplit("/", 1)[-1]))
        attributes = set(f.attrs)
    for name in (names - keys) | attributes:
        assert f"`{name}`" in section, name


def test_the_readme_sweep_example_runs(tmp_path):
    import re

    readme = (SOURCE / "README.md").read_text()
    section = readme[readme.index("## Sweeps"):readme.index("## Module map")]
    text = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    text = text.replace("base: scenarios/small.yaml", f"base: {SMALL}").replace("points: 20", "points: 3")
    text = text.replace("replicates: 10", "replicates: 2")
    spec = tmp_path / "readme.yaml"
    spec.write_text(text)
    result = repatsim("sweep", spec, "-o", tmp_path / "readme.h5", "--quiet")
    assert result.returncode == 0, result.stderr
    with h5py.File(tmp_path / "readme.h5", "r") as f:
        months = f["dprk.rest_months"][()]
        assert np.all(months == np.round(months)) and months.min() >= 3 and months.max() <= 12
        assert set(f["hosts.Northland.posture.visa_tolerance"][()]) <= {0.1, 0.3, 0.5}
