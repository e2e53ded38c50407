"""Tests of cellsim.analysis.tables, the `mechanics` CLI function and the two mechanics studies."""
import argparse

import numpy as np
import pandas as pd
import pytest

import cellsim
from cellsim.errors import ParameterError
from cellsim.cli import mechanics as mech_cli
from cellsim.mechanics.residual_stress import turner_thermal_expansion
from cellsim.analysis.tables import (
    DENDRITE_COLUMNS,
    RESIDUAL_STRESS_COLUMNS,
    dendrite_materials,
    dendrite_table,
    format_table,
    molar_volume_ratio,
    residual_stress_table,
)
from cellsim.report import load_study as _load_study


@pytest.fixture(scope="module")
def table():
    return dendrite_table((298.15, 333.15, 373.15, 468.15))


def _row(df, material, T):
    r = df[(df.material == material) & (df.temperature_K == T)]
    assert len(r) == 1
    return r.iloc[0]


def test_dendrite_table_shape(table):
    mats = dendrite_materials()
    assert list(table.columns) == list(DENDRITE_COLUMNS)
    assert len(table) == 4 * len(mats)
    # the Li electrolytes of Review Table 3 with G and nu (or K): 12 of them, no Na conductors, no Li metal
    assert {"Li3OCl", "Li2(OH)Cl", "Li10GeP2S12", "Li7La3Zr2O12", "Li3InCl6"} <= set(mats)
    assert len(mats) == 12 and not any(m.startswith("Na") for m in mats) and "Li" not in mats


def test_review_section_6_4_verdicts_at_25C(table):
    # Review 6.4: Li3OCl (41.4 GPa) and Li2(OH)Cl (17.4 GPa) above the ~8.5 GPa threshold; LGPS 7.9 GPa at it
    assert _row(table, "Li3OCl", 298.15).mn_verdict == "pass"
    assert _row(table, "Li2(OH)Cl", 298.15).mn_verdict == "pass"
    assert _row(table, "Li10GeP2S12", 298.15).mn_verdict == "marginal"
    lgps = _row(table, "Li10GeP2S12", 298.15)
    assert lgps.shear_modulus_ratio == pytest.approx(7.9 / 4.25, rel=1e-12)
    # generalised criterion: all pressure-driven (v well above v0 ~ 0.24), own Poisson ratio and v
    for m, v in (("Li3OCl", 0.921), ("Li2(OH)Cl", 1.385), ("Li10GeP2S12", 2.225)):
        r = _row(table, m, 298.15)
        assert r.molar_volume_ratio == pytest.approx(v, abs=2e-3)  # lattice volume per Li / 21.58 A^3
        assert r.generalised_regime == "pressure-driven" and r.generalised_stable_side == "above"
        assert r.generalised_verdict == "pass"
    # with its own nu = 0.20 Li3OCl needs a much stiffer electrolyte (g_c 7.46) than the 1.83 rule
    assert _row(table, "Li3OCl", 298.15).generalised_critical_ratio == pytest.approx(7.457, abs=0.01)
    # grain boundaries at 50 % of G (Review 6.4): LGPS fails, the antiperovskites still pass
    assert _row(table, "Li10GeP2S12", 298.15).gb_verdict == "fail"
    assert _row(table, "Li2(OH)Cl", 333.15).gb_verdict == "pass"


def test_molten_li_at_195C(table):
    # Review 6.4: cells cycled at 195 degC, Li molten (> 180.5 degC): no shear criterion
    for m in ("Li3OCl", "Li2(OH)Cl"):
        r = _row(table, m, 468.15)
        assert r.li_state == "molten" and r.li_shear_modulus_Pa == 0.0 and np.isnan(r.shear_modulus_ratio)
        assert r.mn_verdict == r.generalised_verdict == r.gb_verdict == "not applicable"
        assert r.critical_current_density_A_m2 > 0  # the flaw model does not need G_Li
    assert (table[table.temperature_K < 453.65].li_state == "solid").all()


def test_critical_current_density_values(table):
    # LLZO uses its own K_IC 0.99 MPa.m0.5 (Review 6.4): 0.99 x the 1 MPa.m0.5 value 67.2 A/m2 (dendrite doctest)
    llzo = _row(table, "Li7La3Zr2O12", 298.15)
    assert llzo.critical_current_density_A_m2 == pytest.approx(0.99 * 67.19, rel=2e-3)
    # orthorhombic Li2(OH)Cl at 25 degC conducts poorly: the electrolyte slab resistance dominates
    assert _row(table, "Li2(OH)Cl", 298.15).critical_current_density_A_m2 < 0.1
    assert _row(table, "Li3OCl", 298.15).conductivity_source.startswith("cellsim")


def test_molar_volume_override_moves_regime():
    df = dendrite_table([298.15], materials=["Li3OCl"], molar_volume_ratios={"Li3OCl": 0.05})
    assert df.generalised_regime[0] == "density-driven" and df.generalised_verdict[0] == "fail"
    assert np.isnan(molar_volume_ratio("LiPON"))


def test_residual_stress_table_default_cell():
    df = residual_stress_table(cellsim.load_cell("default"))
    assert list(df.columns) == list(RESIDUAL_STRESS_COLUMNS)
    assert df.component.tolist() == ["cathode particles", "anode particles", "separator on cathode",
                                     "separator on anode"]
    cat = df.iloc[0]
    assert cat.temperature_from_K == pytest.approx(573.15) and cat.temperature_to_K == pytest.approx(373.15)
    assert cat.volume_fraction == pytest.approx(0.6 / 0.98, rel=1e-12)
    assert cat.interface_pressure_Pa / 1e6 == pytest.approx(84.85, abs=0.05)  # see test_cycling_strain
    assert cat.hoop_stress_Pa == pytest.approx(cat.interface_pressure_Pa * (0.5 + 0.6122) / (1 - 0.6122), rel=1e-3)
    # K_IC 1 MPa.m0.5, 5 um flaw: 1e6 / (1.12 sqrt(pi 5e-6)) = 225.3 MPa
    assert cat.fracture_strength_Pa / 1e6 == pytest.approx(225.3, abs=0.1)
    # film: Li2(OH)Cl (E 43.1 GPa, nu 0.24) on the Turner composite, 200 K cooling, hand value 247.5 MPa
    alpha_s = turner_thermal_expansion([0.6, 0.38], [1e-5, 3.5e-5], [120e9, 43.1e9 / 1.56])
    film = 43.1e9 / 0.76 * (3.5e-5 - alpha_s) * 200
    assert df.film_stress_Pa[2] == pytest.approx(film, rel=1e-9) and film / 1e6 == pytest.approx(247.5, abs=0.2)
    # physical trends: LTO expands less than NCM111 -> more pressure; a dilute particle (f = 0) is safer
    assert df.interface_pressure_Pa[1] > df.interface_pressure_Pa[0] > 0
    dilute = residual_stress_table(cellsim.load_cell("default"), volume_fraction=0.0)
    assert dilute.interface_pressure_Pa[0] / 1e6 == pytest.approx(291.3, abs=0.1)  # Selsing hand value
    assert dilute.verdict[0] == "safe"  # hoop p/2 = 146 MPa < 225 MPa
    # no stress without cooling
    same = residual_stress_table(cellsim.load_cell("default"), solidification_temperature_K=373.15)
    assert np.allclose(same.max_tensile_stress_Pa, 0.0) and (same.verdict == "safe").all()


def test_bad_input():
    with pytest.raises(ParameterError, match="temperature_from_K"):
        residual_stress_table(cellsim.load_cell("default"), temperature_K=623.15)  # above the melting point
    with pytest.raises(ParameterError, match="Li3OCI"):
        dendrite_table([298.15], materials=["Li3OCI"])
    with pytest.raises(ParameterError, match="temperatures_K"):
        dendrite_table([])
    with pytest.raises(ParameterError, match="bulk_moduli"):
        turner_thermal_expansion([0.5, 0.5], [1e-5, 2e-5], [1e9, 0.0])


def test_format_table_units():
    text = format_table(pd.DataFrame({"component": ["x"], "hoop_stress_Pa": [243.4e6], "verdict": ["crack"]}))
    assert "hoop_stress_MPa" in text and "243.4" in text and "_Pa " not in text


def _parser():
    p = argparse.ArgumentParser(prog="cellsim")
    mech_cli.add_parser(p.add_subparsers(dest="command", required=True))
    return p


def test_cli_run_prints_and_writes(tmp_path, capsys):
    args = _parser().parse_args(["mechanics", "--temperature", "100C", "--out", str(tmp_path / "m")])
    assert args.func is mech_cli.run
    assert mech_cli.run(args) == 0
    out = capsys.readouterr().out
    assert "Li3OCl" in out and "marginal" in out and "cathode particles" in out and "interface_pressure_MPa" in out
    d = pd.read_csv(tmp_path / "m" / "dendrite.csv")
    r = pd.read_csv(tmp_path / "m" / "residual_stress.csv")
    assert set(d.temperature_K) == {373.15} and len(r) == 4
    assert r.interface_pressure_Pa[0] / 1e6 == pytest.approx(84.85, abs=0.05)


def test_cli_defaults_without_out(capsys):
    assert mech_cli.run(argparse.Namespace(cell="default", temperature=None, out=None)) == 0
    out = capsys.readouterr().out
    assert "298.15" in out and "wrote" not in out




def test_study_dendrite_map(tmp_path):
    res = _load_study("dendrite_map").main(tmp_path)
    assert res["paths"]["png"].stat().st_size > 20_000
    curves = pd.read_csv(tmp_path / "dendrite_map_curves.csv")
    points = pd.read_csv(tmp_path / "dendrite_map_points.csv")
    mn = curves[(curves.molar_volume_ratio == 1.0) & np.isclose(curves.poisson_ratio, 0.33)]
    assert mn.critical_ratio.iloc[0] == pytest.approx(1.8315, rel=1e-3)  # Monroe-Newman limit
    assert (curves[curves.molar_volume_ratio == 0.05].regime != "pressure-driven").any()  # density-driven shown
    assert len(points) == len(dendrite_materials())


def test_study_residual_stress(tmp_path):
    res = _load_study("residual_stress").main(tmp_path)
    assert res["paths"]["png"].stat().st_size > 20_000
    t = pd.read_csv(tmp_path / "residual_stress.csv")
    at300 = t[np.isclose(t.solidification_temperature_C, 300.0) & (t.component == "cathode particles")]
    assert at300.interface_pressure_Pa.iloc[0] / 1e6 == pytest.approx(84.85, abs=0.05)
    zero = t[np.isclose(t.solidification_temperature_C, 100.0)]
    assert np.allclose(zero.max_tensile_stress_Pa, 0.0)
