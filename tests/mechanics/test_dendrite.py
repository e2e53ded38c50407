"""Tests of cellsim.mechanics.dendrite: Monroe-Newman limit, regimes, Li(T), CCD, verdicts."""
import numpy as np
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.mechanics import load_elastic
from cellsim.mechanics.dendrite import (
    lithium_metal,
    critical_current_density,
    critical_shear_modulus_ratio,
    flaw_fracture_pressure,
    grain_boundary_shear_modulus,
    lithium_shear_modulus,
    stability_parameter,
    verdict,
)


def test_monroe_newman_limit():
    # Monroe & Newman (2005): nu_Li 0.42, PEO-like 0.33, v = 1 -> "about twice" G_Li.
    # Closed form a(0.42)/a(0.33) = 1.8315; accept 1.7-2.2 for "about twice".
    r = critical_shear_modulus_ratio(0.33, 0.42, 1.0)
    assert r.critical_ratio == pytest.approx(1.8315, rel=1e-3)
    assert 1.7 < r.critical_ratio < 2.2
    assert r.stable_side == "above" and r.regime == "pressure-driven"
    # Review section 6.4: threshold ~8.5 GPa with G_Li = 4.25 GPa -> 7.8 GPa here, within 10 %
    assert r.critical_ratio * lithium_shear_modulus(298.15) == pytest.approx(8.5e9, rel=0.10)


def test_stability_parameter_changes_sign_at_critical_ratio():
    for nu, v in [(0.33, 1.0), (0.37, 0.5), (0.25, 1.5), (0.33, 0.05)]:
        r = critical_shear_modulus_ratio(nu, 0.42, v)
        gc = r.critical_ratio
        s_below, s_at, s_above = stability_parameter([0.9 * gc, gc, 1.1 * gc], nu, 0.42, v)
        assert s_at == pytest.approx(0.0, abs=1e-12)
        if r.stable_side == "above":
            assert s_below < 0 < s_above
        else:
            assert s_above < 0 < s_below


def test_regimes_follow_molar_volume_ratio():
    # Pressure-driven for v near and above 1; density-driven (softer is better) for small v.
    assert critical_shear_modulus_ratio(0.33, 0.42, 1.5).stable_side == "above"
    small = critical_shear_modulus_ratio(0.33, 0.42, 0.05)
    assert small.regime == "density-driven" and small.stable_side == "below"
    assert 0 < small.critical_ratio < 1.0  # v -> 0 limit: (a_Li - h_Li) / (a_e - h_e) = 0.60
    # between the two regimes no shear modulus is stable (g_c < 0)
    assert critical_shear_modulus_ratio(0.33, 0.42, 0.15).stable_side == "never"
    # larger v lowers the pressure-driven threshold (more volume freed by deposition helps)
    assert critical_shear_modulus_ratio(0.33, 0.42, 1.5).critical_ratio < critical_shear_modulus_ratio(0.33, 0.42, 1.0).critical_ratio


def test_bad_dendrite_input():
    with pytest.raises(ParameterError, match="nu_electrolyte"):
        critical_shear_modulus_ratio(0.5)
    with pytest.raises(ParameterError, match="molar_volume_ratio"):
        critical_shear_modulus_ratio(0.3, 0.42, 0.0)
    with pytest.raises(ParameterError, match="fraction"):
        grain_boundary_shear_modulus(10e9, 1.5)
    with pytest.raises(ParameterError, match="temperature_K"):
        lithium_shear_modulus(-5.0)
    with pytest.raises(ParameterError, match="flaw_length"):
        flaw_fracture_pressure(1e6, 0.0)
    with pytest.raises(ParameterError, match="ionic_conductivity"):
        critical_current_density(1e6, 1e-6, 1e-3, 0.0)


def test_lithium_shear_modulus():
    assert lithium_shear_modulus(298.15) == pytest.approx(4.25e9, rel=1e-12)  # Review 8.5 GPa / 2
    G = lithium_shear_modulus(np.array([298.15, 333.15, 373.15, 453.0]))
    assert np.all(np.diff(G) < 0)  # softens on heating
    assert lithium_shear_modulus(453.65) == 0.0  # molten at 180.5 degC (Review section 6.4)
    assert lithium_shear_modulus(468.15) == 0.0  # 195 degC cells of the Review


def test_grain_boundary_softening():
    assert grain_boundary_shear_modulus(17.4e9) == pytest.approx(8.7e9)  # Review: GB ~50 % of bulk
    assert grain_boundary_shear_modulus(17.4e9, 1.0) == pytest.approx(17.4e9)


def test_critical_current_density():
    # p_c = K_IC / (1.12 sqrt(pi a)) = 504 MPa for 1 MPa.m0.5 and 1 um (hand calculation)
    assert flaw_fracture_pressure(1e6, 1e-6) == pytest.approx(5.038e8, rel=1e-3)
    # i_c = p_c V_Li / (F (R + a/sigma)): hand value 67.2 A/m2 for R = 10 Ohm.cm2, 1 mS/cm
    i = critical_current_density(1e6, 1e-6, 1e-3, 0.1)
    assert i == pytest.approx(5.038e8 * lithium_metal().molar_volume / 96485.33 / 1.01e-3, rel=1e-3)
    # physical trends: larger flaws, worse interfaces lower it; tougher electrolytes raise it
    assert critical_current_density(1e6, 10e-6, 1e-3, 0.1) < i
    assert critical_current_density(1e6, 1e-6, 1e-2, 0.1) < i
    assert critical_current_density(2e6, 1e-6, 1e-3, 0.1) == pytest.approx(2 * i, rel=1e-12)


def test_acceptance_verdicts_review_table3():
    data = load_elastic()
    rows = {(name, T): verdict(name, data[name]["shear_modulus"], T)
            for name in ("Li3OCl", "Li2(OH)Cl", "Li10GeP2S12") for T in (298.15, 333.15, 373.15)}
    for T in (298.15, 333.15, 373.15):
        assert rows[("Li3OCl", T)].result == "pass"
        assert rows[("Li2(OH)Cl", T)].result == "pass"
    assert rows[("Li10GeP2S12", 298.15)].result == "marginal"  # 7.9 / 4.25 = 1.86 vs 1.83
    # every Table 3 electrolyte with a shear modulus gives a row at 25, 60, 100 degC
    table = [verdict(n, d["shear_modulus"], T) for n, d in data.items()
             if n != "Li" and "shear_modulus" in d.values for T in (298.15, 333.15, 373.15)]
    assert len(table) >= 3 * 15
    assert {r.result for r in table} <= {"pass", "marginal", "fail"}


def test_verdict_molten_and_grain_boundary():
    hot = verdict("Li2(OH)Cl", 17.4e9, 468.15)
    assert hot.result == "not applicable" and "molten" in hot.note
    # grain boundary at 50 %: LGPS falls below the threshold
    assert verdict("LGPS", 7.9e9, 298.15, grain_boundary_fraction=0.5).result == "fail"
    # density-driven criterion for a small molar-volume ratio: stiff antiperovskites fail
    assert verdict("Li3OCl", 41.5e9, 298.15, poisson_ratio_electrolyte=0.20, molar_volume_ratio=0.085).result == "fail"
