"""Global sensitivity through the sweep engine: Sobol' indices of the Ishigami function against their closed form,
Morris screening of an inactive input, failed points, resume, bad input; the cell with a tiny sample (slow)."""
import math

import numpy as np
import pandas as pd
import pytest

from cellsim.cli import main
from cellsim.errors import ParameterError
from cellsim.sweep.sensitivity import SensitivityError, load_problem, sensitivity

TWO_PI = 2 * math.pi


def ishigami_spec(**options):
    """A sweep whose three axes carry the Ishigami inputs (tests/sweep/fake_evaluators.py: x_i = value - pi)."""
    return {"name": "ishigami", "cell": "default", "evaluator": "tests_sweep_helpers.fake_evaluators:ishigami",
            "evaluator_options": options, "metrics": ["capacity"],
            "axis": [{"parameter": "protocol.lower_voltage", "min": 0.0, "max": TWO_PI, "unit": "V"},
                     {"parameter": "protocol.upper_voltage", "min": 0.0, "max": TWO_PI, "unit": "V"},
                     {"parameter": "protocol.rest", "min": 0.0, "max": TWO_PI, "unit": "s"}]}


def ishigami_indices(a=7.0, b=0.1):
    """Closed-form Sobol' indices of the Ishigami function on [-pi, pi]^3 (Ishigami & Homma 1990; Saltelli et al.,
    Global Sensitivity Analysis: The Primer, Wiley 2008, section 4.7; Sobol' & Levitan 1999):
    V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13."""
    v1 = 0.5 * (1 + b * math.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * math.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return (v1 / v, v2 / v, 0.0), ((v1 + v13) / v, v2 / v, v13 / v)


def test_ishigami_closed_form_is_the_published_one():
    s1, st = ishigami_indices()
    assert s1 == pytest.approx((0.3139, 0.4424, 0.0), abs=1e-4)  # Saltelli et al. 2008, Table 4.x / SALib docs
    assert st == pytest.approx((0.5576, 0.4424, 0.2437), abs=1e-4)


def test_sobol_indices_of_ishigami_match_the_closed_form_within_their_intervals(tmp_path):
    df = sensitivity(ishigami_spec(), tmp_path / "out", "sobol", samples=1024, seed=1, workers=1, figures=False)
    s1, st = ishigami_indices()
    assert list(df.columns) == ["metric", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert df.attrs["points"] == 1024 * 5
    for i, r in df.reset_index(drop=True).iterrows():
        assert abs(r.S1 - s1[i]) <= r.S1_conf, (r.parameter, r.S1, s1[i], r.S1_conf)
        assert abs(r.ST - st[i]) <= r.ST_conf, (r.parameter, r.ST, st[i], r.ST_conf)
        assert r.S1_conf < 0.1 and r.ST_conf < 0.1  # intervals narrow enough for the check to mean something
    written = pd.read_csv(tmp_path / "out" / "sensitivity.csv")
    assert written[["S1", "ST"]].to_numpy() == pytest.approx(df[["S1", "ST"]].to_numpy())


def test_morris_finds_the_inactive_input(tmp_path):
    # b = 0: f = sin x1 + a sin^2 x2, x3 has no effect at all
    df = sensitivity(ishigami_spec(b=0.0), tmp_path / "m", "morris", samples=20, seed=3, workers=1, figures=False)
    mu = df.set_index("parameter").mu_star
    assert mu["protocol.rest"] == pytest.approx(0.0, abs=1e-9)
    assert mu["protocol.lower_voltage"] > 0.5 and mu["protocol.upper_voltage"] > 0.5
    assert list(df.columns) == ["metric", "parameter", "mu_star", "mu_star_conf", "sigma", "mu"]


def test_rerun_computes_nothing_and_gives_the_same_indices(tmp_path):
    log = tmp_path / "calls.log"
    spec = ishigami_spec()
    spec["evaluator"] = "sleep"  # the sleep evaluator logs each call
    spec["evaluator_options"] = {"sleep_s": 0.0, "log": str(log)}
    first = sensitivity(spec, tmp_path / "o", "sobol", samples=8, seed=2, workers=1)
    n = len(log.read_text().split())
    assert n == 8 * 5 and first.attrs["computed"] == n
    again = sensitivity(spec, tmp_path / "o", "sobol", samples=8, seed=2, workers=1)
    assert again.attrs["computed"] == 0 and len(log.read_text().split()) == n
    assert again[["S1", "ST"]].to_numpy() == pytest.approx(first[["S1", "ST"]].to_numpy())
    assert (tmp_path / "o" / "sensitivity_capacity.png").stat().st_size > 1000


def test_failed_points_drop_their_block_or_refuse(tmp_path):
    spec = ishigami_spec()
    spec["evaluator"] = "sleep"
    x = load_problem(spec)
    from cellsim.sweep.sensitivity import sample

    X, block = sample(x, "sobol", 8, seed=0)
    bad = dict(zip(x.names, x.values(X)[0]))  # the first point of the first base sample fails
    spec["evaluator_options"] = {"sleep_s": 0.0, "fail_if": bad}
    df = sensitivity(spec, tmp_path / "a", "sobol", samples=8, seed=0, workers=1, max_failed=0.2, figures=False)
    assert df.attrs["failed_points"] == 1 and df.attrs["dropped_blocks"] == 1 and df.attrs["blocks"] == 8
    with pytest.raises(SensitivityError, match="1 of 8 Sobol base samples have a failed point"):
        sensitivity(spec, tmp_path / "a", "sobol", samples=8, seed=0, workers=1, max_failed=0.1, figures=False)


@pytest.mark.parametrize("args, message", [
    (["--method", "fast"], "method.*'fast'.*one of \\['morris', 'sobol'\\]"),
    (["--samples", "100"], "a power of 2.*e.g. 64 or 128"),
    (["--samples", "2"], "a power of 2 >= 4"),
    (["--method", "morris", "--samples", "1"], "an integer >= 2 for method 'morris'"),
])
def test_bad_method_and_samples_are_one_line_and_exit_2(tmp_path, capsys, args, message):
    import re

    f = tmp_path / "s.toml"
    f.write_text('metrics = ["capacity"]\n[[axis]]\nparameter = "temperature"\nmin = "60 degC"\nmax = "100 degC"\n')
    out = tmp_path / "out"
    assert main(["sensitivity", str(f), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and re.search(message, err), err
    assert not out.exists()


def test_axes_without_range_are_listed_and_nothing_is_written(tmp_path, capsys):
    f = tmp_path / "s.toml"
    f.write_text('metrics = ["capacity"]\n'
                 '[[axis]]\nparameter = "temperature"\nvalues = [60, 80]\nunit = "degC"\n'
                 '[[axis]]\nparameter = "cathode.thickness"\nmin = "30 um"\nmax = "60 um"\n'
                 '[[axis]]\nparameter = "coating.material"\nvalues = ["none", "LiNbO3"]\n')
    out = tmp_path / "out"
    assert main(["sensitivity", str(f), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "these axes give values instead: temperature, coating.material" in err and len(err.splitlines()) == 1
    assert not out.exists()
    file_out = tmp_path / "file.txt"
    file_out.write_text("x")
    f.write_text('metrics = ["capacity"]\n[[axis]]\nparameter = "temperature"\nmin = "60 degC"\nmax = "100 degC"\n')
    assert main(["sensitivity", str(f), "--out", str(file_out)]) == 2
    assert "this is an existing file" in capsys.readouterr().err


def test_log_scale_when_the_file_says_so_or_the_range_spans_decades():
    p = load_problem({"metrics": ["capacity"], "axis": [
        {"parameter": "electrolyte_conductivity_factor", "min": 0.5, "max": 2},
        {"parameter": "interphase.exchange_current_density", "min": "1e-12 A.m-2", "max": "1e-9 A.m-2"},
        {"parameter": "coating.thickness", "min": "1 nm", "max": "5 nm", "scale": "log"},
        {"parameter": "temperature", "min": "60 degC", "max": "100 degC", "num": 5}]})  # num is ignored
    assert p.log == (False, True, True, False)
    assert p.bounds[1] == pytest.approx([-12, -9])
    values = p.values([[1.0, -10.0, math.log10(2e-9), 350.0]])[0]
    assert values == pytest.approx((1.0, 1e-10, 2e-9, 350.0))
    with pytest.raises(ParameterError, match="integer parameters"):
        load_problem({"metrics": ["capacity"], "axis": [{"parameter": "protocol.cycles", "min": 1, "max": 5}]})


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::cellsim.errors.StoichiometryRangeWarning")  # thick cathodes, high sigma
def test_cell_sensitivity_with_a_tiny_sample(tmp_path):
    """The study file on the cell (SPMe), N = 4: 20 points, every one solved, every index finite. (At N = 4 the
    indices are too noisy to rank the inputs; the numbers at N = 256 are in the study file's note.)"""
    from cellsim.parameters import studies_dir

    df = sensitivity(studies_dir() / "sweeps" / "sensitivity_cell.toml", tmp_path / "c", "sobol", samples=4,
                     seed=0, workers=1, figures=False)
    assert df.attrs["failed_points"] == 0 and len(df) == 6
    assert np.isfinite(df[["S1", "S1_conf", "ST", "ST_conf"]].to_numpy()).all()
    assert set(df.metric) == {"capacity", "hysteresis"}
