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
    dendrite_v_note,
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
    # Ahmad & Viswanathan with v from the Li+ ion volume: N_A (4/3) pi r^3 / V_Li, V_Li = 6.941 / 0.534 cm3/mol
    # = 12.998 cm3/mol; r = 0.76 A (CN VI) -> 1.1073 cm3/mol, v = 0.08519; r = 0.59 A (CN IV) -> 0.5181, v = 0.03986.
    # Upper estimate (crystal volume per Li / 21.58 A^3) unchanged: 0.921, 1.385, 2.225.
    for m, v, v_up in (("Li3OCl", 0.08519, 0.921), ("Li2(OH)Cl", 0.08519, 1.385), ("Li10GeP2S12", 0.03986, 2.225)):
        r = _row(table, m, 298.15)
        assert r.molar_volume_ratio == pytest.approx(v, abs=2e-5)
        assert r.molar_volume_ratio_upper == pytest.approx(v_up, abs=2e-3)
        assert r.generalised_regime == "density-driven" and r.generalised_stable_side == "below"
        assert r.generalised_verdict == "fail" and r.generalised_margin < 0.5
        assert r.molar_volume_ratio_source.startswith("assumed: Shannon 1976")
    # Li3OCl (nu 0.20): A = 1.32, B = 2.2, C = 2 - 0.6 - 1.26 + 0.336 = 0.476, v = 0.085192:
    # Delta = 4 (1.085192)^2 0.476^2 + (0.914808)^2 1.32 * 2.2 = 1.067383 + 2.430219 = 3.497602, sqrt 1.870188;
    # g_c = 0.914808 * 2.2 / (1.870188 + 2 * 1.085192 * 0.476) = 2.012578 / 2.903291 = 0.693206
    li3ocl = _row(table, "Li3OCl", 298.15)
    assert li3ocl.generalised_critical_ratio == pytest.approx(0.693206, rel=1e-5)
    assert li3ocl.generalised_margin == pytest.approx(0.693206 / (41.5 / 4.25), rel=1e-5)  # 0.071: G x14 too stiff
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


def test_ahmad_viswanathan_verdicts_table3(table):
    # The PRL's conclusion ("inorganic solids ... generally do not lead to stable electrodeposition"): with v
    # from the Li+ ion volume every Table 3 electrolyte fails, 25-100 degC, and in the density-driven regime.
    solid = table[table.li_state == "solid"]
    assert len(solid) == 3 * 12
    assert (solid.generalised_verdict == "fail").all() and (solid.generalised_regime == "density-driven").all()
    assert (solid.generalised_margin < 0.5).all() and (solid.chi_J_mol_m > 0).all()
    # the critical ratio on this branch is ~0.7 (1 / (3 - 4 nu_Li) = 0.758 at v -> 0)
    assert solid.generalised_critical_ratio.between(0.69, 0.76).all()
    # perturbations grow above a sub-nanometre critical wavelength (the authors' histogram is below 0.5 nm)
    assert (solid.critical_wavelength_m < 1e-9).all()
    # sensitivity to v: with the crystal volume per Li (v > 1 for most) the stiff oxides and halides are in the
    # pressure-driven regime and pass, the antiperovskites (v 0.92 and 1.38) still fail, LiPON has no cell
    at25 = solid[solid.temperature_K == 298.15].set_index("material")
    for m in ("Li7La3Zr2O12", "Li0.33La0.56TiO3", "Li1.3Ti1.7Al0.3(PO4)3", "Li3InCl6", "Li3YCl6"):
        assert at25.loc[m, "generalised_verdict_upper_v"] == "pass"
    for m in ("Li3OCl", "Li2(OH)Cl", "Li10GeP2S12"):
        assert at25.loc[m, "generalised_verdict_upper_v"] == "fail"
    assert at25.loc["LiPON", "generalised_verdict_upper_v"] == "no data"


def test_dendrite_note_says_the_verdict_rests_on_v(table):
    # referee (issue 14): one sentence in the tables, the CLI and the report: ion volume -> all fail, crystal
    # volume per Li -> LLZO, LLTO, LATP, Li3InCl6, Li3YCl6 pass (the solid-Li rows of the table above)
    note = dendrite_v_note(table[table.li_state == "solid"])
    assert note.endswith("pass.") and ". " not in note  # one sentence
    assert "Li+ ion volume (the default) none of the 12 electrolytes pass" in note
    assert ("crystal volume per Li (upper bound) Li7La3Zr2O12, Li0.33La0.56TiO3, Li1.3Ti1.7Al0.3(PO4)3, Li3InCl6 "
            "and Li3YCl6 pass") in note


def test_molar_volume_override_moves_regime():
    df = dendrite_table([298.15], materials=["Li3OCl"], molar_volume_ratios={"Li3OCl": 0.05})
    assert df.generalised_regime[0] == "density-driven" and df.generalised_verdict[0] == "fail"
    assert df.molar_volume_ratio_source[0].startswith("given")
    # v = 3 puts Li3OCl in the pressure-driven regime: g = 9.76 > g_c(3, 0.20) -> pass
    df = dendrite_table([298.15], materials=["Li3OCl"], molar_volume_ratios={"Li3OCl": 3.0})
    assert df.generalised_regime[0] == "pressure-driven" and df.generalised_verdict[0] == "pass"
    # the borrowing electrolyte of the default cell has both estimates (moduli of Li2(OH)Cl)
    df = dendrite_table([373.15], materials=["Li1.9(OH)Cl0.9"])
    assert df.molar_volume_ratio_upper[0] == pytest.approx(1.385 * 2 / 1.9, abs=2e-3)
    assert df.generalised_verdict[0] == "fail"
    with pytest.raises(ParameterError, match=r"LiPON.*Li3OCl"):
        molar_volume_ratio("LiPON", "cell")  # no unit cell: the error lists those with data
    with pytest.raises(ParameterError, match=r"Li3OCI"):
        molar_volume_ratio("Li3OCI")
    with pytest.raises(ParameterError, match=r"molar-volume estimate.*shannon.*'cell', 'ion'"):
        molar_volume_ratio("Li3OCl", "shannon")


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
    assert "The Ahmad-Viswanathan verdict depends entirely on how v" in out
    d = pd.read_csv(tmp_path / "m" / "dendrite.csv")
    r = pd.read_csv(tmp_path / "m" / "residual_stress.csv")
    assert set(d.temperature_K) == {373.15} and len(r) == 4
    assert r.interface_pressure_Pa[0] / 1e6 == pytest.approx(84.85, abs=0.05)


def test_cli_below_the_relaxation_range_gives_the_dendrite_table_alone(tmp_path, capsys):
    # 25 degC lies below the stress-relaxation estimate's 313-573 K: the dendrite verdicts (valid at any
    # temperature) are printed and written, the stress tables are not, and the output says why
    args = _parser().parse_args(["mechanics", "--temperature", "25C", "--out", str(tmp_path / "m")])
    assert mech_cli.run(args) == 0
    out = capsys.readouterr().out
    assert "Li3OCl" in out and "not computed at 25 degC" in out and "313.15 <= T <= 573.15 K" in out
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["dendrite.csv"]
    assert set(pd.read_csv(tmp_path / "m" / "dendrite.csv").temperature_K) == {298.15}


def test_cli_defaults_without_out(capsys):
    assert mech_cli.run(argparse.Namespace(cell="default", temperature=None, out=None)) == 0
    out = capsys.readouterr().out
    assert "298.15" in out and "wrote" not in out




def test_study_dendrite_map(tmp_path):
    res = _load_study("dendrite_map").main(tmp_path, quick=True)
    assert res["paths"]["png"].stat().st_size > 20_000
    curves = pd.read_csv(tmp_path / "dendrite_map_curves.csv")
    points = pd.read_csv(tmp_path / "dendrite_map_points.csv")
    # both branches, for the authors' reference nu_e = 0.33: g_c(v -> 0) -> 1 / (3 - 4 * 0.42) = 0.758 (stable
    # below), g_c(v -> large) -> 3 - 4 * 0.33 = 1.68 (stable above)
    ref = curves[np.isclose(curves.poisson_ratio, 0.33)]
    low, high = ref[ref.molar_volume_ratio < 1], ref[ref.molar_volume_ratio > 1]
    assert set(low.stable_side) == {"below"} and set(high.stable_side) == {"above"}
    assert low.critical_ratio.iloc[0] == pytest.approx(1 / 1.32, rel=2e-3)
    assert 1.68 < high.critical_ratio.iloc[-1] < 1.9
    # every library electrolyte with elastic data is a point, Li1.9(OH)Cl0.9 (borrowed moduli) included
    assert len(points) == len(dendrite_materials()) + 1 and "Li1.9(OH)Cl0.9" in set(points.material)
    assert (points.generalised_verdict == "fail").all()
    spread = _load_study("dendrite_map").spread_labels
    y = spread(np.log10(points.shear_modulus_ratio.to_numpy()), 0.085)
    assert np.diff(np.sort(y)).min() >= 0.085 - 1e-12  # labels do not overlap


def test_study_residual_stress(tmp_path):
    res = _load_study("residual_stress").main(tmp_path)
    assert res["paths"]["png"].stat().st_size > 20_000
    t = pd.read_csv(tmp_path / "residual_stress.csv")
    at300 = t[np.isclose(t.solidification_temperature_C, 300.0) & (t.component == "cathode particles")]
    assert at300.interface_pressure_Pa.iloc[0] / 1e6 == pytest.approx(84.85, abs=0.05)
    zero = t[np.isclose(t.solidification_temperature_C, 100.0)]
    assert np.allclose(zero.max_tensile_stress_Pa, 0.0)
