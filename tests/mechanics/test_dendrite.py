"""Tests of cellsim.mechanics.dendrite: Ahmad-Viswanathan terms and critical ratio (hand values), its branches
and the papers' conclusion, the Monroe-Newman rule, Li(T), CCD, verdicts."""
import math

import numpy as np
import pytest

from cellsim.errors import ParameterError
from cellsim.parameters.mechanics import load_elastic
from cellsim.mechanics.dendrite import (
    ahmad_viswanathan_verdict,
    chi_deviatoric,
    chi_pressure,
    chi_surface,
    critical_current_density,
    critical_shear_modulus_ratio,
    critical_wavenumber,
    flaw_fracture_pressure,
    grain_boundary_shear_modulus,
    interface_stability,
    lithium_metal,
    lithium_shear_modulus,
    monroe_newman_critical_ratio,
    stability_parameter,
    verdict,
)

# Hand computation (Ahmad & Viswanathan, PRL 119, 056003 (2017); the authors' expressions in
# ahzeeshan/screening-ml, data-gen/calcMu.m), nu_e = 0.33 (the authors' reference electrolyte), nu_Li = 0.42:
#   A = 3 - 4 nu_Li = 1.32, B = 3 - 4 nu_e = 1.68, C = 2 - 3 nu_e - 3 nu_Li + 4 nu_e nu_Li
#     = 2 - 0.99 - 1.26 + 0.5544 = 0.3044;  A B = 2.2176 = 1 + 4 C.
#   F(g, v) = (1 - v)(A g^2 - B) + 4 (1 + v) C g = 0;  Delta = 4 (1 + v)^2 C^2 + (1 - v)^2 A B.
#   v -> 0:  g_c = (-2C + sqrt(4C^2 + AB)) / A = (-0.6088 + 1.6088) / 1.32 = 0.757576
#   v = 0.5: Delta = 9 * 0.09265936 + 0.25 * 2.2176 = 0.83393424 + 0.5544 = 1.38833424, sqrt = 1.1782760;
#            g_c = (sqrt - 3C) / (0.5 A) = (1.1782760 - 0.9132) / 0.66 = 0.4016302
#   v = 1.0: F = 8 C g > 0 for every g > 0: g_c = 0 (limit from below), nothing stable
#   v = 1.5: Delta = 25 * 0.09265936 + 0.25 * 2.2176 = 2.316484 + 0.5544 = 2.870884, sqrt = 1.6943683;
#            g_c = (sqrt + 5C) / (0.5 A) = (1.6943683 + 1.522) / 0.66 = 4.8732853
#   v = 2.0: Delta = 36 * 0.09265936 + 2.2176 = 5.55333696, sqrt = 2.3565519;
#            g_c = (sqrt + 6C) / (1.0 A) = (2.3565519 + 1.8264) / 1.32 = 3.1689030
HAND_CRITICAL_RATIO = {1e-12: 0.757576, 0.5: 0.4016302, 1.0: 0.0, 1.5: 4.8732853, 2.0: 3.1689030}


def test_critical_ratio_hand_values():
    for v, expected in HAND_CRITICAL_RATIO.items():
        assert critical_shear_modulus_ratio(v, 0.33, 0.42) == pytest.approx(expected, rel=1e-6, abs=1e-9), v
    # arrays broadcast; the authors' own (unrationalised) form of the v < 1 root gives the same number
    v = np.array([0.2, 0.5, 0.8])
    A, B, C = 1.32, 1.68, 0.3044
    authors = (np.sqrt(4 * (1 + v) ** 2 * C ** 2 + (1 - v) ** 2 * A * B) - 2 * (1 + v) * C) / ((1 - v) * A)
    assert np.allclose(critical_shear_modulus_ratio(v, 0.33, 0.42), authors, rtol=1e-12)


def test_critical_ratio_limits():
    # v -> 0: 1 / (3 - 4 nu_Li) whatever nu_e (A B = 1 + 4 C); v -> infinity: B = 3 - 4 nu_e
    for nu_e in (0.0, 0.2, 0.37, 0.49):
        assert critical_shear_modulus_ratio(1e-12, nu_e, 0.42) == pytest.approx(1 / 1.32, rel=1e-9)
        assert critical_shear_modulus_ratio(1e9, nu_e, 0.42) == pytest.approx(3 - 4 * nu_e, rel=1e-6)
    # the pressure-driven threshold diverges as v -> 1 from above and falls with v
    g = critical_shear_modulus_ratio([1.001, 1.01, 1.5, 3.0, 10.0], 0.33, 0.42)
    assert g[0] > 1000 and np.all(np.diff(g) < 0)
    # the density-driven threshold falls to 0 as v -> 1 from below
    g = critical_shear_modulus_ratio([0.1, 0.5, 0.9, 0.999], 0.33, 0.42)
    assert np.all(np.diff(g) < 0) and g[-1] < 1e-3


def test_chi_terms_hand_values():
    # G_e = 6.8 GPa, G_Li = 3.4 GPa (the authors' value), v = 0.5, nu 0.33 / 0.42, V_Li = 1.3e-5, k = 1e8, z = 1
    # D = G_e A (1 - nu_e) + G_Li (1 - nu_Li) B = 6.8e9 * 1.32 * 0.67 + 3.4e9 * 0.58 * 1.68
    #   = 6.01392e9 + 3.31296e9 = 9.32688e9 Pa
    # chi_pres = (V - vV) k (G_e^2 A - G_Li^2 B) / (2 D) = 6.5e-6 * 1e8 * (61.0368e18 - 19.4208e18) / 1.865376e10
    #          = 650 * 41.616e18 / 1.865376e10 = 1.450131e12 J/(mol m)
    # chi_tau = 2 G_e G_Li (V + vV) k C / D = 46.24e18 * 1.95e-5 * 1e8 * 0.3044 / 9.32688e9 = 2.942800e12
    # chi_surf = -(V + vV) gamma k^2 / 2 = -1.95e-5 * 0.556 * 1e16 / 2 = -5.4210e10
    args = (6.8e9, 3.4e9, 0.5, 0.33, 0.42, 1e8, 1.3e-5)
    assert chi_pressure(*args) == pytest.approx(1.450131e12, rel=1e-6)
    assert chi_deviatoric(*args) == pytest.approx(2.942800e12, rel=1e-6)
    assert chi_surface(0.5, 0.556, 1e8, 1.3e-5) == pytest.approx(-5.4210e10, rel=1e-6)
    total = stability_parameter(6.8e9, 3.4e9, 0.5, 0.33, 0.42, 1e8, 0.556, 1.3e-5)
    assert total == pytest.approx(1.450131e12 + 2.942800e12 - 5.4210e10, rel=1e-6)
    # units: 1 kJ/(mol nm) = 1e12 J/(mol m), the authors' histogram unit: 4.34 kJ/(mol nm) here


def test_chi_vanishes_on_the_critical_curve_and_at_k_crit():
    G_li = 3.4e9
    for v, nu in ((0.3, 0.25), (0.5, 0.33), (1.5, 0.33), (4.0, 0.37)):
        gc = critical_shear_modulus_ratio(v, nu, 0.42)
        mech = chi_pressure(gc * G_li, G_li, v, nu, 0.42) + chi_deviatoric(gc * G_li, G_li, v, nu, 0.42)
        scale = chi_deviatoric(gc * G_li, G_li, v, nu, 0.42)
        assert abs(mech) < 1e-9 * scale
        # off the curve: k_crit from (cellsim AV4) makes chi(k_crit) = 0 and chi changes sign there
        g = 0.5 * gc if v > 1 else 2.0 * gc  # the unstable side
        k = critical_wavenumber(g * G_li, G_li, v, nu, 0.42, 0.556)
        assert k > 0
        chis = [stability_parameter(g * G_li, G_li, v, nu, 0.42, kk, 0.556) for kk in (0.5 * k, k, 2 * k)]
        assert chis[0] > 0 > chis[2] and abs(chis[1]) < 1e-9 * chis[0]


@pytest.mark.parametrize("v, nu", [(0.05, 0.20), (0.5, 0.33), (0.9, 0.37), (1.2, 0.25), (2.0, 0.33), (8.0, 0.2)])
def test_branches(v, nu):
    # v < 1 (density-driven): stable below g_c; v > 1 (pressure-driven): stable above g_c
    gc = critical_shear_modulus_ratio(v, nu, 0.42)
    lo, hi = interface_stability(0.8 * gc, v, nu, 0.42), interface_stability(1.25 * gc, v, nu, 0.42)
    if v < 1:
        assert lo.regime == hi.regime == "density-driven" and lo.stable and not hi.stable
        assert lo.margin == pytest.approx(1.25, rel=1e-12) and hi.margin == pytest.approx(0.8, rel=1e-12)
    else:
        assert lo.regime == hi.regime == "pressure-driven" and hi.stable and not lo.stable
    # the verdict agrees with the sign of the mechanical part of chi (stable <=> chi_pres + chi_tau < 0)
    for s in (lo, hi):
        G_li = 3.4e9
        mech = chi_pressure(s.shear_modulus_ratio * G_li, G_li, v, nu, 0.42) + \
            chi_deviatoric(s.shear_modulus_ratio * G_li, G_li, v, nu, 0.42)
        assert (mech < 0) == s.stable
    assert interface_stability(gc * 1.05, v, nu, 0.42).result == "marginal"


def test_equal_molar_volumes_never_stable():
    # v = 1: chi_pres = 0 and chi_tau > 0 (C > 0 for nu < 0.5), whatever the stiffness
    for g in (0.01, 1.0, 2.0, 100.0):
        s = interface_stability(g, 1.0, 0.33, 0.42)
        assert s.stable_side == "never" and not s.stable and s.result == "fail"
    assert chi_pressure(10e9, 3.4e9, 1.0, 0.33, 0.42) == 0.0


def test_papers_qualitative_conclusions():
    # PRL abstract: "inorganic solids and solid polymers generally do not lead to stable electrodeposition";
    # the authors: in inorganic solids the molar volume of Li+ is much smaller than in Li metal (v < 1) and
    # stiff solids destabilise, soft ones stabilise (density-driven regime).
    data = load_elastic()
    table3 = ("Li3OCl", "Li2(OH)Cl", "Li10GeP2S12", "Li3PS4", "Li6PS5Cl", "Li7La3Zr2O12", "Li0.33La0.56TiO3",
              "Li3YCl6", "LiPON")
    for name in table3:
        d = data[name]
        g = d["shear_modulus"] / 3.4e9  # the authors' G_Li
        for v in (0.05, 0.1, 0.3, 0.6):  # "much smaller" than 1
            assert not interface_stability(g, v, d["poisson_ratio"], 0.42).stable, (name, v)
    # a soft inorganic solid (G below ~0.7 G_Li) with v < 1 is stable (density-driven)
    assert interface_stability(0.3, 0.1, 0.30, 0.42).stable
    # solid polymers (G ~ MPa, g ~ 1e-3) with v > 1 are never stable: the pressure-driven threshold
    # is at least 3 - 4 nu_e > 1
    for v in (1.1, 2.0, 10.0):
        assert not interface_stability(1e-3, v, 0.45, 0.42).stable
    # Monroe-Newman's regime (v > 1, stiff) is stable
    assert interface_stability(10.0, 2.0, 0.33, 0.42).stable


def test_ahmad_viswanathan_verdict_row():
    li3ocl = load_elastic()["Li3OCl"]
    r = ahmad_viswanathan_verdict("Li3OCl", li3ocl["shear_modulus"], 298.15, li3ocl["poisson_ratio"], 0.0852)
    assert r.result == "fail" and r.regime == "density-driven" and r.stable_side == "below"
    assert r.shear_modulus_ratio == pytest.approx(41.5 / 4.25, rel=1e-12)
    assert r.margin == pytest.approx(r.critical_ratio / r.shear_modulus_ratio, rel=1e-12)
    assert r.stability_parameter > 0 and 0 < r.critical_wavelength_m < 1e-9  # sub-nm, as in the screening
    hot = ahmad_viswanathan_verdict("Li3OCl", 41.5e9, 468.15, 0.20, 0.0852)
    assert hot.result == "not applicable" and "molten" in hot.note
    soft = ahmad_viswanathan_verdict("soft", 1.0e9, 298.15, 0.30, 0.1)
    assert soft.result == "pass" and soft.critical_wavelength_m == math.inf


def test_monroe_newman_limit():
    # Monroe & Newman (2005): nu_Li 0.42, PEO-like 0.33 -> "about twice" G_Li.
    # Closed form a(0.42)/a(0.33) = 1.8315; accept 1.7-2.2 for "about twice".
    gc = monroe_newman_critical_ratio(0.33, 0.42)
    assert gc == pytest.approx(1.8315, rel=1e-3)
    assert 1.7 < gc < 2.2
    # Review section 6.4: threshold ~8.5 GPa with G_Li = 4.25 GPa -> 7.8 GPa here, within 10 %
    assert gc * lithium_shear_modulus(298.15) == pytest.approx(8.5e9, rel=0.10)


def test_bad_dendrite_input():
    with pytest.raises(ParameterError, match=r"nu_electrolyte.*0\.5.*-1 < nu_electrolyte < 0\.5"):
        critical_shear_modulus_ratio(1.0, 0.5)
    with pytest.raises(ParameterError, match=r"nu_li.*-1\.2"):
        critical_shear_modulus_ratio(1.0, 0.3, -1.2)
    for bad in (0.0, -0.5):
        with pytest.raises(ParameterError, match=r"molar_volume_ratio.*> 0"):
            critical_shear_modulus_ratio(bad, 0.3)
        with pytest.raises(ParameterError, match="molar_volume_ratio"):
            ahmad_viswanathan_verdict("x", 10e9, 298.15, 0.3, bad)
    with pytest.raises(ParameterError, match="poisson_ratio_electrolyte"):
        ahmad_viswanathan_verdict("x", 10e9, 298.15, 0.55, 0.5)
    with pytest.raises(ParameterError, match="shear_modulus_ratio"):
        interface_stability(0.0, 0.5, 0.3)
    with pytest.raises(ParameterError, match="wavenumber"):
        chi_surface(0.5, 0.556, 0.0)
    with pytest.raises(ParameterError, match="nu_electrolyte.*0.125"):
        monroe_newman_critical_ratio(0.1)
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


def test_monroe_newman_verdicts_review_table3():
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
