"""Segregation as trapping (issue 14 item 4): closed forms, D_eff(seg) <= D_eff(no seg), free vacancies from the
defect chemistry.

Closed forms: Oriani's local-equilibrium trapping (Acta Metall. 18 (1970) 147) and the periodic trap model of Haus &
Kehr (Phys. Rep. 150 (1987) 263): with the saddles unchanged, D_eff = D_eff(no traps) / <exp(-E/kT)>. Free
vacancies: the mass-action quadratic of cellsim.electrolyte.defects and the Review's ~1e-7 (Xia et al., Chem. Rev.
122 (2022) 3763, section 5.3.1).
"""
import dataclasses
import math

import numpy as np
import pytest
from scipy import special

from cellsim.constants import BOLTZMANN_EV as KB
from cellsim.electrolyte import defects
from cellsim.electrolyte import segregation as seg
from cellsim.errors import ParameterError
from cellsim.parameters.segregation import load_parameters

T = 300.0
KT = KB * T
#: dense log grid of the acceptance test, 5 nm to 10 um
GRID_M = np.geomspace(5e-9, 1e-5, 25)


@pytest.fixture(scope="module")
def params():
    return load_parameters()


# ---------------------------------------------------------------- closed forms
def test_square_well_matches_oriani_trapping(params):
    # Square wells of depth eps and half-width b at each boundary, uniform saddles (D_gb = D_bulk), dilute:
    # D_eff / D = 1 / (1 + (2b/L)(exp(eps/kT) - 1)) (Oriani 1970; Haus & Kehr 1987 periodic traps).
    eps, L = 4 * KT, 20e-9
    b = 0.5 * params.gb_width_m  # the well edge is a mesh face, so the quadrature is exact
    p = dataclasses.replace(params.with_vacancy_site_fraction(1e-12),
                            gb_diffusivity_prefactor_m2_s=params.bulk_diffusivity_prefactor_m2_s,
                            gb_activation_energy_eV=params.bulk_activation_energy_eV,
                            energy_profile=lambda d: np.where(d < b, -eps, 0.0))
    r = seg.grain_transport_1d(L, T, p)
    expected = 1.0 / (1.0 + 2 * b / L * (math.exp(eps / KT) - 1.0))
    assert r.diffusivity_ratio == pytest.approx(expected, rel=1e-8)
    # the conductivity of a fixed set of free vacancies falls by the same factor (Nernst-Einstein, dilute)
    assert r.conductivity_ratio == pytest.approx(expected, rel=1e-8)


def test_exponential_trap_with_slow_core_is_series_over_trap_capacity(params):
    # Shipped landscape (exponential trap, slow 1 nm core), dilute: D_eff = D_series / <exp(-E/kT)>, eq. (4) of the
    # package docstring, with <exp(-E/kT)> = (2 lam / L)[Ei(s) - Ei(s exp(-L / 2 lam))], s = trap depth / kT.
    L, lam, s = 16e-9, params.decay_length_m, params.trap_depth_eV / KT
    mean_trap = 2 * lam / L * (special.expi(s) - special.expi(s * math.exp(-L / (2 * lam))))
    w = params.gb_width_m
    series = 1.0 / ((1 - w / L) / params.bulk_diffusivity(T) + (w / L) / params.gb_diffusivity(T))
    r = seg.grain_transport_1d(L, T, params)
    assert r.effective_diffusivity_m2_s == pytest.approx(series / mean_trap, rel=1e-4)  # measured ~1e-6


# ---------------------------------------------------------------- acceptance: segregation never helps
@pytest.mark.parametrize("temperature_K", [300.0, 373.15])
def test_segregation_never_raises_deff_and_fades_with_grain_size(params, temperature_K):
    with_seg = np.array([seg.grain_transport_1d(L, temperature_K, params).effective_diffusivity_m2_s
                         for L in GRID_M])
    without = np.array([seg.grain_transport_1d(L, temperature_K, params, segregation=False).effective_diffusivity_m2_s
                        for L in GRID_M])
    ratio = without / with_seg
    assert np.all(ratio >= 1.0)  # acceptance: D_eff(seg) <= D_eff(no seg) from 5 nm to 10 um
    assert np.all(np.diff(ratio) < 0)  # monotone toward 1 as grains grow
    assert ratio[-1] == pytest.approx(1.0, abs=0.03)  # 1 + C/L with C ~ 0.18 um at 300 K: 1.018 at 10 um
    # 1 + C/L (eq. 4): (ratio - 1) * L is the same trap capacity C at every grain size well above the trap width
    capacity = (ratio - 1) * GRID_M
    assert np.ptp(capacity[GRID_M > 50e-9]) / capacity[-1] < 0.02


def test_conductivity_with_dopant_buffer_lies_between_deff_and_core(params):
    # The pairs refill part of what the boundaries hold: D_eff/D_bulk <= conductivity factor <= core brick layer,
    # and the grain interior keeps theta_b / theta_ref = <exp(-E/kT)>^(-1/2) (package docstring, dilute, v << c).
    for L in (16e-9, 133e-9, 1e-6):
        r = seg.grain_transport_1d(L, T, params)
        core = seg.grain_transport_1d(L, T, params, segregation=False)
        assert r.diffusivity_ratio < r.conductivity_ratio < core.conductivity_ratio
        g = core.diffusivity_ratio / r.diffusivity_ratio
        assert r.bulk_site_fraction / r.reference_site_fraction == pytest.approx(g ** -0.5, rel=1e-3)


def test_shifted_saddles_let_the_enriched_core_conduct_better(params):
    # The option kept for comparison: with the saddles lowered with the sites, segregation raises D_eff above the
    # value without it (the behaviour issue 14 reported), which the trapping picture rules out.
    shifted = dataclasses.replace(params, saddle_model="shifted")
    for L in (133e-9, 1e-6):
        assert (seg.grain_transport_1d(L, T, shifted).diffusivity_ratio
                > seg.grain_transport_1d(L, T, shifted, segregation=False).diffusivity_ratio)


def test_local_diffusivity_trapping_and_shifted(params):
    d = np.array([0.0, 2e-9, 1e-6])
    trap = seg.local_diffusivity(d, T, params)
    shifted = seg.local_diffusivity(d, T, dataclasses.replace(params, saddle_model="shifted"))
    assert shifted[0] == pytest.approx(params.gb_diffusivity(T), rel=1e-12)
    assert shifted[1] == pytest.approx(params.bulk_diffusivity(T), rel=1e-12)
    assert trap[0] == pytest.approx(params.gb_diffusivity(T) * math.exp(-params.trap_depth_eV / KT), rel=1e-12)
    assert trap[2] == pytest.approx(params.bulk_diffusivity(T), rel=1e-9)  # far from the boundary: no trap


# ---------------------------------------------------------------- free vacancies from the defect chemistry
def test_free_vacancies_from_the_defect_module(params):
    v = defects.free_vacancy_fraction(0.005, 0.736, 298.15)
    assert seg.reference_site_fraction(298.15, params) == pytest.approx(v / 3.0, rel=1e-12)
    assert 0.5e-7 < v < 2e-7  # Review 5.3.1: ~1e-7 free vacancies at 0.167 % dopant; measured 7.4e-8
    assert seg.reference_site_fraction(298.15, params) < 1e-4 * 1.67e-3  # vs the old "binding ignored" value
    # more free vacancies when hot (the pairs dissociate)
    assert seg.reference_site_fraction(400.0, params) > 10 * seg.reference_site_fraction(300.0, params)


def test_dopant_buffered_occupancy_dilute_closed_form(params):
    # Dilute: u = g v solves u^2 = g K (c - u), the single-crystal root with K -> g K (E_b -> E_b - kT ln g).
    p = params  # McLean occupancy, dilute at these free-vacancy levels
    energy = np.array([0.0, 0.0, -0.1, -0.15])
    vol = np.array([3.0, 1.0, 0.5, 0.5])
    theta, _ = seg.dopant_buffered_occupancy(energy, vol, T, p)
    g = float((vol * np.exp(-energy / KT)).sum() / vol.sum())
    u = defects.free_vacancy_fraction(0.005, 0.736 - KT * math.log(g), T)
    assert theta[0] == pytest.approx(u / (3.0 * g), rel=1e-6)  # 1e-6: McLean vs Boltzmann at theta ~ 1e-5
    # a repulsive boundary pushes vacancies into the grains: theta_b above the single crystal's
    theta_rep, _ = seg.dopant_buffered_occupancy(np.array([0.0, 0.1]), np.array([1.0, 1.0]), T, p)
    assert theta_rep[0] > seg.reference_site_fraction(T, p)


def test_vacancy_source_must_be_one_of_two(params):
    with pytest.raises(ParameterError, match=r"vacancy_site_fraction.*dopant_per_formula_unit"):
        dataclasses.replace(params, dopant_per_formula_unit=None)
    with pytest.raises(ParameterError, match=r"vacancy_site_fraction.*one source"):
        dataclasses.replace(params, vacancy_site_fraction=1e-6)
    with pytest.raises(ParameterError, match=r"saddle_model.*trapping"):
        dataclasses.replace(params, saddle_model="lowered")
    with pytest.raises(ParameterError, match=r"dopant_per_formula_unit"):
        dataclasses.replace(params, dopant_per_formula_unit=-0.1)
