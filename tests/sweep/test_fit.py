"""cellsim fit: parameters fitted back from synthetic data within their 95 % intervals, identifiability flags,
bad data and bad bounds, the fitted parameter set."""
import dataclasses
import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from cellsim.api import load_cell
from cellsim.cell.model import CellModel, default_protocol
from cellsim.cli import main
from cellsim.errors import ParameterError, StoichiometryRangeWarning
from cellsim.sweep.fit import Dataset, fit, parse_fit_parameter, read_dataset, write_outputs

K_B = 8.617333262e-5  # eV/K


def _bulk():
    """The default cell without a grain size: its electrolyte is one bulk Arrhenius branch, the closed form these
    tests compare with (a cell with grain boundaries is fitted through its brick layer: see the last test)."""
    return dataclasses.replace(load_cell(), grain_size=None)


def _bare():
    return dataclasses.replace(_bulk(), coating=None)


#: the reference temperature of Li1.9(OH)Cl0.9's bulk branch (50 degC, the cubic Li2(OH)Cl anchor, review section 3):
#: electrolyte.conductivity_ref is fitted at it
T_REF = 323.15


def _arrhenius(sigma_ref, ea_eV, T, T_ref=T_REF):
    """The library's branch form (review eq. 1): sigma_ref (T_ref / T) exp(-Ea/kB (1/T - 1/T_ref)) [S/m]."""
    return sigma_ref * T_ref / T * math.exp(-ea_eV / K_B * (1 / T - 1 / T_ref))


def _synthetic(design, T, sigma_ref, ea, j0, noise_V, seed, cycles=1):
    """A 'measured' time series: the SPMe at known parameters plus Gaussian voltage noise (seeded)."""
    truth = dataclasses.replace(design, interphase=dataclasses.replace(design.interphase, exchange_current_density=j0))
    protocol = default_protocol(truth, cycles=cycles)
    with warnings.catch_warnings():  # the bare cathode's interphase returns Li beyond the OCP fit (warned by cellsim)
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        run = CellModel(truth, "SPMe").solve(protocol, T, inputs={"electrolyte_conductivity_S_m":
                                                                  _arrhenius(sigma_ref, ea, T)})
    ts = run.result().timeseries.copy()
    ts["voltage_V"] += np.random.default_rng(seed).normal(0.0, noise_V, len(ts))
    return Dataset(path=__import__("pathlib").Path(f"synthetic_{T:.0f}K.csv"), kind="timeseries", frame=ts,
                   temperature_K=T, protocol=protocol)


# -- parsing -----------------------------------------------------------------------------------------------------
def test_parse_fit_parameter_units_and_scale():
    p = parse_fit_parameter("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm")
    assert (p.unit, p.log) == ("S.m-1", True)
    assert p.lo == pytest.approx(1e-3) and p.hi == pytest.approx(1.0)
    assert p.from_z(p.to_z(0.03)) == pytest.approx(0.03, rel=1e-12)
    assert p.from_z(0.5) == pytest.approx(math.sqrt(1e-3 * 1.0), rel=1e-12)  # log middle
    e = parse_fit_parameter("electrolyte.activation_energy=0.1eV:0.6eV")
    assert (e.unit, e.log, e.lo, e.hi) == ("eV", False, 0.1, 0.6)
    t = parse_fit_parameter("separator.thickness=50um:200um")
    assert t.lo == pytest.approx(5e-5) and not t.log


@pytest.mark.parametrize("text, words", [
    ("separator.thickness=200um:50um", "LO < HI"),
    ("separator.thickness=50um:50um", "LO < HI"),
    ("separator.thicknes=50um:200um", "did you mean 'separator.thickness'"),
    ("model=1:2", "numeric"),
    ("separator.thickness=50:200", "unit"),
    ("separator.thickness", "NAME=LO:HI"),
])
def test_parse_fit_parameter_bad(text, words):
    with pytest.raises(ParameterError, match=None) as exc:
        parse_fit_parameter(text)
    assert words in str(exc.value)


# -- data ----------------------------------------------------------------------------------------------------------
def _write(tmp_path, frame, name="data.csv"):
    p = tmp_path / name
    frame.to_csv(p, index=False)
    return p


def _series():
    return pd.DataFrame({"cycle": [1, 1, 1, 1], "time_s": [0.0, 1.0, 2.0, 3.0], "current_A": [-1e-3, -1e-3, 1e-3, 1e-3],
                         "voltage_V": [2.0, 2.1, 2.0, 1.9], "charge_stored_mAh_per_g": [0.0, 1.0, 1.0, 0.0]})


@pytest.mark.parametrize("change, words", [
    (lambda f: f.drop(columns="charge_stored_mAh_per_g"), "no capacity column"),
    (lambda f: f.assign(time_s=[0.0, 2.0, 1.0, 3.0]), "goes back in time"),
    (lambda f: f.assign(voltage_V=[2.0, float("nan"), 2.0, 1.9]), "row 3"),
    (lambda f: f[["cycle"]].assign(foo=1), "any of"),
])
def test_bad_data_files(tmp_path, change, words):
    p = _write(tmp_path, change(_series()))
    with pytest.raises(ParameterError) as exc:
        read_dataset(p, "100C", "25mA/g", load_cell())
    assert words in str(exc.value)


def test_conditions_from_run_json_or_required(tmp_path):
    p = _write(tmp_path, _series(), "timeseries.csv")
    with pytest.raises(ParameterError, match="--temperature"):
        read_dataset(p, None, "25mA/g", load_cell())
    (tmp_path / "run.json").write_text(json.dumps({"temperature_K": 333.15, "protocol": {
        "specific_current_A_kg": 25.0, "c_rate": None, "lower_voltage_V": 1.0, "upper_voltage_V": 2.71, "cycles": 3,
        "rest_s": 0.0, "cv_hold_current_fraction": None}}))
    d = read_dataset(tmp_path, None, None, load_cell())
    assert d.temperature_K == 333.15 and d.protocol.cycles == 1 and d.protocol.specific_current_A_kg == 25.0


def test_cli_bad_fit_is_exit_2_without_output(tmp_path, capsys):
    p = _write(tmp_path, _series())
    out = tmp_path / "out"
    code = main(["fit", str(p), "--temperature", "100C", "--rate", "25mA/g", "--fit",
                 "separator.thickness=200um:50um", "--out", str(out)])
    assert code == 2 and not out.exists()
    assert capsys.readouterr().err.count("\n") == 1


# -- fits ----------------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_three_parameters_fitted_back_within_intervals_which_shrink_with_noise(tmp_path):
    """Identifiability: bare bulk-only cell, SPMe, one cycle at 100 and 60 degC; truth sigma_ref 0.8e-4 S/cm at
    50 degC, Ea 0.30 eV, interphase j0 3e-10 A/m2 (not the defaults 1e-4 S/cm, 0.326 eV, 6.34e-11); 3 mV then 0.75 mV
    of noise."""
    design = _bare()
    truth = {"electrolyte.conductivity_ref": 0.008, "electrolyte.activation_energy": 0.30,
             "interphase.exchange_current_density": 3e-10}
    params = [parse_fit_parameter("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm"),
              parse_fit_parameter("electrolyte.activation_energy=0.1eV:0.6eV"),
              parse_fit_parameter("interphase.exchange_current_density=1e-11A/m2:1e-8A/m2")]
    widths = []
    for noise, seed in ((3e-3, 5), (0.75e-3, 6)):  # fixed seeds: a 95 % interval misses 1 time in 20
        data = [_synthetic(design, T, 0.008, 0.30, 3e-10, noise, seed) for T in (373.15, 333.15)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StoichiometryRangeWarning)
            res = fit(data, params, design, model="SPMe", max_evaluations=100)
        assert res.converged
        t = res.table.set_index("parameter")
        for name, value in truth.items():
            assert t.loc[name, "ci_low"] <= value <= t.loc[name, "ci_high"], (name, t.loc[name].to_dict())
            assert t.loc[name, "identifiable"]
        assert res.rms["voltage_V"] == pytest.approx(noise, rel=0.25)  # residuals at the noise level
        widths.append(np.log(t.ci_high / t.ci_low))
    assert np.all(widths[1] < 0.6 * widths[0])  # 4x less noise: intervals ~4x narrower
    paths = write_outputs(res, tmp_path, "default", "voltage curves")
    fitted = load_cell(paths["toml"])
    assert fitted.interphase.exchange_current_density == pytest.approx(t.loc["interphase.exchange_current_density",
                                                                            "value"], rel=1e-9)
    assert "fitted: cellsim fit on synthetic_373K.csv" in paths["toml"].read_text()


@pytest.mark.slow
def test_parameter_without_effect_is_flagged_not_identifiable():
    """A coating thickness on a bare cathode (coating material 'none') does not change the data."""
    design = _bare()
    data = [_synthetic(design, 373.15, 0.012, 0.326, design.interphase.exchange_current_density, 2e-3, 3)]
    params = [parse_fit_parameter("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm"),
              parse_fit_parameter("coating.thickness=1nm:10nm")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        res = fit(data, params, design, model="SPMe", max_evaluations=30)
    t = res.table.set_index("parameter")
    assert t.loc["electrolyte.conductivity_ref", "identifiable"]
    assert not t.loc["coating.thickness", "identifiable"]
    assert (t.loc["coating.thickness", "ci_low"], t.loc["coating.thickness", "ci_high"]) == \
        pytest.approx((1e-9, 1e-8))  # reported as the whole bound range


@pytest.mark.slow
def test_fit_that_does_not_converge_is_reported(tmp_path, capsys):
    """Two evaluations cannot converge: exit 1, 'did NOT converge', the reached values written (a design parameter)."""
    from cellsim.api import cycle

    run_dir = tmp_path / "run"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        cycle(_bare(), rate="25mA/g", cycles=1, model="SPMe").save(run_dir, figure=False)
    out = tmp_path / "fit"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StoichiometryRangeWarning)
        code = main(["fit", str(run_dir), "--cell", "default", "--model", "SPMe", "--max-evaluations", "2",
                     "--fit", "separator.thickness=50um:200um", "--out", str(out)])
    assert code == 1
    assert "did NOT converge" in capsys.readouterr().out
    assert (out / "fit.csv").is_file() and (out / "fitted.toml").is_file()


def test_one_parameter_fit_recovers_conductivity_fast():
    """Fast tier: SPMe, bulk-only default cell, one cycle at 100 degC, truth 0.8e-4 S/cm at 50 degC (the branch
    reference) with the library's 0.326 eV, 2 mV noise (seeded): the fit's estimate lies within 0.3 % of the truth,
    its 95 % interval holds the truth and is under 5 % wide. Measured 0.0080025 (+0.03 %; seed 12: -0.01 %), interval
    0.007977-0.008028 (+-0.3 %). (Before issue 13's interface resistances the electrolyte carried the whole
    hysteresis, the interval was +-0.04 % wide and missed the truth by a bias at the discharge's steep end; now it is
    wider, the electrolyte carrying a smaller share of the voltage loss, and holds the truth for both seeds.)"""
    design = _bulk()
    data = [_synthetic(design, 373.15, 0.008, 0.326, design.interphase.exchange_current_density, 2e-3, 11)]
    res = fit(data, [parse_fit_parameter("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm")], design, model="SPMe")
    row = res.table.iloc[0]
    assert res.converged and row.identifiable and row.note == ""
    assert row.value == pytest.approx(0.008, rel=3e-3) and row.ci_high / row.ci_low < 1.05
    assert row.ci_low <= 0.008 <= row.ci_high


def test_jacobian_step_on_a_failed_solve_is_not_identifiable(monkeypatch):
    """A failed solve inside the covariance's difference step must not fake a tight interval (referee finding)."""
    design = _bulk()
    data = [_synthetic(design, 373.15, 0.012, 0.326, design.interphase.exchange_current_density, 2e-3, 12)]
    import cellsim.sweep.fit as fitmod

    real = fitmod._Problem.runs
    state = {"optimum": None}

    def runs(self, values):
        v = values["electrolyte.conductivity_ref"]
        if state["optimum"] is not None and abs(v - state["optimum"]) > 0:  # every step away from the optimum fails
            self.failures += 1
            return [RuntimeError("solver failed (test)")]
        return real(self, values)

    res0 = fit(data, [parse_fit_parameter("electrolyte.conductivity_ref=1e-5S/cm:1e-2S/cm")], design, model="SPMe")
    state["optimum"] = float(res0.table.value.iloc[0])
    monkeypatch.setattr(fitmod._Problem, "runs", runs)
    J, failed = fitmod._jacobian(res0.problem, np.array([res0.problem.parameters[0].to_z(state["optimum"])]),
                                 res0.problem.residuals(np.array([res0.problem.parameters[0].to_z(state["optimum"])])))
    assert failed.tolist() == [True] and not np.any(J)


def test_fitted_conductivity_of_a_cell_with_grain_boundaries():
    """cellsim fit takes the electrolyte branch of a cell with grain boundaries through the cell's own brick layer:
    at the stored branch it returns the stored conductivity; Li1.9(OH)Cl0.9's boundary is a ratio to the bulk at
    its reference temperature, so doubling the bulk's conductivity_ref doubles the composite exactly; without
    grains it is the branch's closed form (review eq. 1)."""
    from cellsim.cell.model import CellMaterials, inputs_at
    from cellsim.sweep.fit import _fitted_conductivity

    design = load_cell()
    assert design.grain_size is not None
    materials = CellMaterials.load(design)
    branch = materials.electrolyte.conductivity
    for T in (333.15, 373.15):
        sigma = inputs_at(materials, T).electrolyte_conductivity_S_m
        stored = {"electrolyte.conductivity_ref": branch.conductivity_ref,
                  "electrolyte.activation_energy": branch.activation_energy}
        assert _fitted_conductivity(sigma, materials, T, stored) == pytest.approx(sigma, rel=1e-12)
        doubled = _fitted_conductivity(sigma, materials, T,
                                       {"electrolyte.conductivity_ref": 2 * branch.conductivity_ref})
        assert doubled == pytest.approx(2 * sigma, rel=1e-12)
        # a higher bulk Ea raises the bulk above its 50 degC reference; the boundaries keep their own Ea (their
        # anchor at 25 degC falls), so the composite rises by less than the bulk alone
        steeper = _fitted_conductivity(sigma, materials, T, {"electrolyte.activation_energy": 0.40})
        bulk_factor = math.exp(-(0.40 - branch.activation_energy) / K_B * (1 / T - 1 / T_REF))
        assert 1.0 < steeper / sigma < bulk_factor
    bulk = CellMaterials.load(_bulk())
    got = _fitted_conductivity(1.0, bulk, 353.15, {"electrolyte.conductivity_ref": 0.01,
                                                   "electrolyte.activation_energy": 0.35})
    assert got == pytest.approx(_arrhenius(0.01, 0.35, 353.15), rel=1e-12)
