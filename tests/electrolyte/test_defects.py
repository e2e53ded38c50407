"""Defect chemistry: carrier fraction n of review eq. 1 (Xia et al., Chem. Rev. 122 (2022) 3763, section 5)."""
import numpy as np
import pytest

from cellsim.constants import BOLTZMANN_EV
from cellsim.electrolyte.defects import (table2, activation_energy_eq16, carrier_fractions, doped_arrhenius,
                                         free_vacancy_fraction, lia_deficiency_vacancy_fraction,
                                         thermal_pair_fraction)
from cellsim.errors import ParameterError

RT = 298.15
FRENKEL = table2().pairs["V_Li-Li_i (Li Frenkel)"]
SCHOTTKY_LICL = table2().pairs["V_Li-V_Cl (LiCl Schottky)"]
# The review does not give the M_Li-V_Li binding energy of Stegmaier et al. (ref 167). Assumed: the strongly
# bound Table 2 pair V_Li-V_O, 0.736 eV, as a proxy for a vacancy trapped by a divalent cation.
E_BIND_DOPANT = table2().pairs["V_Li-V_O (Li2O Schottky)"].binding_energy_eV
X_DOPANT = 0.005  # Li2.99M0.005OCl, i.e. 0.005 / 3 = 0.167 % of the Li sites (section 5.3.1)


def test_doped_free_vacancies_section_531():
    # Section 5.3.1: ~1e-7 free vacancies per formula unit at room temperature from 0.167 % divalent dopant.
    v = free_vacancy_fraction(X_DOPANT, E_BIND_DOPANT, RT)
    assert 1e-8 < v < 1e-6  # within an order of magnitude; obtained 7.4e-8
    assert v == pytest.approx(7.4e-8, rel=0.01)
    # inverse: the binding energy that gives exactly 1e-7 (v^2 = 3 exp(-Eb/kT) (c - v)) is 0.72 eV,
    # within 0.02 eV of the Table 2 proxy
    eb = -BOLTZMANN_EV * RT * np.log(1e-14 / (X_DOPANT - 1e-7) / 3)
    assert eb == pytest.approx(E_BIND_DOPANT, abs=0.02)


def test_thermal_alone_below_1e15_section_531():
    # Section 5.3.1: thermal excitation alone gives < 1e-15 at room temperature. Li Frenkel, Table 2 2.02 eV:
    n = thermal_pair_fraction(FRENKEL.formation_energy_eV, RT)
    assert 1e-18 < n < 1e-15  # obtained 2.5e-17, 8 orders below the doped value
    assert n == pytest.approx(3 * np.exp(-2.02 / (2 * BOLTZMANN_EV * RT)), rel=1e-12)
    assert free_vacancy_fraction(X_DOPANT, E_BIND_DOPANT, RT) / n > 1e8


def test_licl_schottky_near_melting_section_52():
    # Section 5.2 (Mouta et al.): LiCl Schottky vacancies reach 1e-7 per formula unit before the melting point
    # (277 degC). Table 2's 1.41 eV (a 0 K energy; Mouta used Gibbs energies) gives 6.0e-7: within 10x.
    n = thermal_pair_fraction(SCHOTTKY_LICL.formation_energy_eV, 277 + 273.15, sites_per_formula_unit=(3, 1))
    assert 1e-8 < n < 1e-6
    assert n == pytest.approx(6.0e-7, rel=0.02)


def test_association_limits_and_vectorisation():
    T = np.array([150.0, 298.15, 600.0])
    v = free_vacancy_fraction(X_DOPANT, E_BIND_DOPANT, T)
    assert v.shape == (3,) and np.all(np.diff(v) > 0)  # dissociation grows with temperature
    # strong association: v -> sqrt(K c), K = 3 exp(-Eb/kT); at 150 K v ~ 1e-14, no cancellation error
    K = 3 * np.exp(-E_BIND_DOPANT / (BOLTZMANN_EV * 150.0))
    assert v[0] == pytest.approx(np.sqrt(K * X_DOPANT), rel=1e-9)
    assert v[0] < 1e-13
    # no binding: K = 3 >> c, almost all free: v = c - c^2/3 to first order (next term 2c^3/9: 6e-6 relative)
    assert free_vacancy_fraction(X_DOPANT, 0.0, RT) == pytest.approx(X_DOPANT - X_DOPANT**2 / 3, rel=1e-5)
    # mass action holds exactly at every temperature
    K = 3 * np.exp(-E_BIND_DOPANT / (BOLTZMANN_EV * T))
    np.testing.assert_allclose(v**2, K * (X_DOPANT - v), rtol=1e-9)
    assert free_vacancy_fraction(0.0, E_BIND_DOPANT, RT) == 0.0


def test_lia_deficiency_uses_table2_binding():
    # Li2.95OCl0.95 (section 5.3.1, Zhao et al.) with the Table 2 V_Li-V_Cl binding energy 0.145 eV
    v = lia_deficiency_vacancy_fraction(0.05, RT)
    assert v == pytest.approx(free_vacancy_fraction(0.05, 0.145, RT), rel=1e-12)
    assert 0.3 < v / 0.05 < 0.45  # obtained 0.37: 0.145 eV is only ~6 kT, so a third stays free
    assert lia_deficiency_vacancy_fraction([0.05, 0.20], RT)[1] > v


def test_eq16_reproduces_table2():
    # Table 2 activation energies = barrier + binding (review eq. 16)
    for pair in table2().pairs.values():
        if pair.binding_energy_eV is not None:
            assert activation_energy_eq16(pair.migration_barrier_eV, pair.binding_energy_eV) == pytest.approx(
                pair.activation_energy_eV, abs=5e-4)


def test_combined_carriers_neutral_and_limits():
    T = np.array([RT, 400.0, 550.0])
    n = carrier_fractions(X_DOPANT, E_BIND_DOPANT, T)
    K = 3 * np.exp(-E_BIND_DOPANT / (BOLTZMANN_EV * T))
    KF = 9 * np.exp(-FRENKEL.formation_energy_eV / (BOLTZMANN_EV * T))
    m = n.vacancy - n.interstitial  # free dopant from neutrality
    np.testing.assert_allclose(n.vacancy * n.interstitial, KF, rtol=1e-9)  # Frenkel equilibrium
    np.testing.assert_allclose(n.vacancy * m, K * (X_DOPANT - m), rtol=1e-9)  # association
    # extrinsic dominates: equals the doping-only result
    np.testing.assert_allclose(n.vacancy, free_vacancy_fraction(X_DOPANT, E_BIND_DOPANT, T), rtol=1e-9)
    # undoped: intrinsic Frenkel, vacancies = interstitials = thermal_pair_fraction
    n0 = carrier_fractions(0.0, E_BIND_DOPANT, 550.0)
    assert n0.vacancy == pytest.approx(thermal_pair_fraction(FRENKEL.formation_energy_eV, 550.0), rel=1e-9)
    assert n0.interstitial == pytest.approx(n0.vacancy, rel=1e-9)
    assert n0.total == pytest.approx(2 * n0.vacancy)


def test_doped_arrhenius_slope_and_what_if():
    Em, Eb = table2().pairs["V_Li-V_O (Li2O Schottky)"].migration_barrier_eV, E_BIND_DOPANT
    a = doped_arrhenius(Em, Eb, X_DOPANT, RT)
    # strong association: Ea -> Em + Eb/2 (obtained 0.678 eV); eq. 16 (1.046 eV) is the upper bound
    assert a.activation_energy_eV == pytest.approx(Em + Eb / 2, abs=1e-4)
    assert a.activation_energy_eV < activation_energy_eq16(Em, Eb)
    # Ea equals the numerical slope -kB d ln(sigma T) / d(1/T)
    h = 1e-3
    up, dn = doped_arrhenius(Em, Eb, X_DOPANT, [RT - h, RT + h]).relative_conductivity
    slope = -BOLTZMANN_EV * (np.log(dn) - np.log(up)) / (1 / (RT + h) - 1 / (RT - h))
    assert slope == pytest.approx(a.activation_energy_eV, rel=1e-6)
    # dissociated regime (Eb = 0.145 eV, 550 K): Ea close to Em
    assert doped_arrhenius(Em, 0.145, X_DOPANT, 550.0).activation_energy_eV == pytest.approx(Em, abs=0.01)
    # what if Eb were 0.1 eV lower: sigma x exp(0.05 eV / kT) = 7.0 at 298.15 K (strong association)
    b = doped_arrhenius(Em, Eb - 0.1, X_DOPANT, RT)
    assert b.relative_conductivity / a.relative_conductivity == pytest.approx(
        np.exp(0.05 / (BOLTZMANN_EV * RT)), rel=1e-3)


@pytest.mark.parametrize("call, match", [
    (lambda: free_vacancy_fraction(-1e-3, 0.7, RT), "total_per_formula_unit.*>= 0"),
    (lambda: lia_deficiency_vacancy_fraction(-0.1, RT), "deficiency"),
    (lambda: lia_deficiency_vacancy_fraction(1.2, RT), r"0 <= x < 1"),
    (lambda: carrier_fractions(-0.005, 0.7, RT), "dopant_per_formula_unit"),
    (lambda: doped_arrhenius(0.3, 0.7, -0.005, RT), "dopant_per_formula_unit"),
    (lambda: free_vacancy_fraction(0.005, 0.7, [300.0, -1.0]), "temperature_K.*150-700 K"),
    (lambda: thermal_pair_fraction(2.02, RT, sites_per_formula_unit=(3, 0)), "sites_per_formula_unit"),
    (lambda: free_vacancy_fraction(0.005, float("nan"), RT), "binding_energy_eV"),
])
def test_bad_input(call, match):
    with pytest.raises(ParameterError, match=match):
        call()
