"""Defect chemistry of Li3OCl-type antiperovskites: the carrier fraction n of review eq. 1.

Review eq. 1 reads sigma = (A/T) n exp(-Ea / kB T). This module supplies n, the number of free
(mobile) Li defects per formula unit, from

* aliovalent doping: a divalent cation M on a Li site (M_Li^.) creates one Li vacancy V_Li'; the
  pair (M_Li V_Li)^x binds with energy E_b and dissociates by mass action;
* LiCl deficiency, Li(3-x)OCl(1-x): x V_Li' + x V_Cl^. per formula unit, bound with the
  Table 2 binding energy of the V_Li'-V_Cl^. pair;
* thermal Frenkel / Schottky pairs with the Table 2 formation energies;

and the effective activation energy, review eq. 16 (E_activation = E_barrier + E_binding), next to
the exact mass-action Arrhenius slope. Concentrations are per formula unit (the review's unit,
section 5.2); mass action is written in site fractions (3 Li sites, 1 Cl site per Li3OCl).

References
----------
Xia et al., Chem. Rev. 122 (2022) 3763, section 5.2 (eqs. 11-16, Table 2) and section 5.3.1,
doi:10.1021/acs.chemrev.1c00594. Table 2 values from Lu et al., Phys. Chem. Chem. Phys. 17 (2015)
32547 (formation, binding) and Emly et al., Chem. Mater. 25 (2013) 4663 (barriers).
"""
from __future__ import annotations

from dataclasses import dataclass

import functools

import numpy as np

from ..checks import as_output, check_nonnegative, check_temperature
from ..constants import BOLTZMANN_EV
from ..errors import ParameterError
from ..parameters.defects import DefectTable, load_defect_table

__all__ = ["table2", "LI_SITES_PER_FORMULA_UNIT", "free_vacancy_fraction",
           "lia_deficiency_vacancy_fraction", "thermal_pair_fraction", "CarrierFractions", "carrier_fractions",
           "activation_energy_eq16", "DopedArrhenius", "doped_arrhenius"]

LI_SITES_PER_FORMULA_UNIT = 3.0  # Li3OCl: Li on the 3 octahedron vertices per formula unit


@functools.lru_cache(maxsize=1)
def table2() -> DefectTable:
    """The review's Table 2 (parameter_sets/defects/li3ocl_table2.toml), read on first use and kept.

    ``pairs``: defect pair -> :class:`~cellsim.parameters.defects.DefectPair` [eV]; ``reference``: the publication.

    Examples
    --------
    >>> table2().pairs["V_Li-Li_i (Li Frenkel)"].formation_energy_eV
    2.02
    """
    return load_defect_table()


def _association_constant(binding_energy_eV, T, li_sites):
    """K = N_Li exp(-E_b / kT) of v * m / p = K (free vacancies v, free partners m, pairs p, per f.u.)."""
    eb = np.asarray(binding_energy_eV, dtype=float)
    if np.any(~np.isfinite(eb)):
        raise ParameterError("binding_energy_eV", binding_energy_eV, "a finite energy in eV")
    if not li_sites > 0:
        raise ParameterError("li_sites_per_formula_unit", li_sites, "> 0")
    return li_sites * np.exp(-eb / (BOLTZMANN_EV * T))


def free_vacancy_fraction(total_per_formula_unit, binding_energy_eV, temperature_K,
                          li_sites_per_formula_unit=LI_SITES_PER_FORMULA_UNIT):
    """Free Li vacancies per formula unit when each vacancy can bind to its charge compensator.

    Parameters
    ----------
    total_per_formula_unit : float or array
        Vacancies per formula unit fixed by composition, c (Li(3-2x)M_xOCl: c = x; Li(3-x)OCl(1-x):
        c = x) [1].
    binding_energy_eV : float
        Binding energy E_b of the vacancy to its compensating defect, >= 0 binds [eV].
    temperature_K : float or array
        Temperature [K].
    li_sites_per_formula_unit : float
        Li sites per formula unit, N_Li [1].

    Returns
    -------
    float or array
        Free vacancies per formula unit, v (0 <= v <= c) [1].

    Notes
    -----
    Association M_Li^. + V_Li' <-> (M_Li V_Li)^x with charge neutrality (free M = free V = v, pairs
    c - v) and mass action in site fractions, (v/N_Li)(v/N_p) / ((c - v)/N_p) = exp(-E_b/kT)
    (pair orientational degeneracy lumped into E_b):

    .. math:: v^2 + K v - K c = 0, \\quad K = N_{Li} e^{-E_b/k_B T}, \\quad
              v = \\frac{2Kc}{K + \\sqrt{K^2 + 4Kc}}

    The root is written in the form without cancellation, so v stays accurate for K << c
    (v -> sqrt(Kc), the strongly associated regime) and K >> c (v -> c, all free).

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.1, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Li2.99M0.005OCl (0.167 % of Li sites) at 298.15 K, E_b = 0.736 eV: ~1e-7 free vacancies per
    formula unit, as quoted in section 5.3.1:

    >>> f"{free_vacancy_fraction(0.005, 0.736, 298.15):.1e}"
    '7.4e-08'
    """
    c = check_nonnegative(total_per_formula_unit, "total_per_formula_unit", note="defects per formula unit")
    K = _association_constant(binding_energy_eV, check_temperature(temperature_K), li_sites_per_formula_unit)
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(c > 0, 2 * K * c / (K + np.sqrt(K * K + 4 * K * c)), 0.0)
    return as_output(np.nan_to_num(v, nan=0.0))  # K underflow to 0 at very low T: no free vacancies


def lia_deficiency_vacancy_fraction(deficiency, temperature_K,
                                    binding_energy_eV=None):
    """Free Li vacancies per formula unit of LiCl-deficient Li(3-x)OCl(1-x).

    Parameters
    ----------
    deficiency : float or array
        x in Li(3-x)OCl(1-x), 0 <= x < 1 [1].
    temperature_K : float or array
        Temperature [K].
    binding_energy_eV : float
        V_Li'-V_Cl^. binding energy; default that of :func:`table2`, 0.145 eV (review Table 2) [eV].

    Returns
    -------
    float or array
        Free Li vacancies per formula unit [1].

    Notes
    -----
    Each missing LiCl leaves a V_Li' and a V_Cl^. (review eq. 12); they associate exactly like a
    dopant-vacancy pair (see :func:`free_vacancy_fraction`, c = x).

    Examples
    --------
    Li2.95OCl0.95 (Zhao et al., review section 5.3.1) at 298.15 K: about a third of the 0.05 vacancies
    are free (E_b = 0.145 eV is only ~6 kT),

    >>> round(lia_deficiency_vacancy_fraction(0.05, 298.15), 4)
    0.0183
    """
    x = check_nonnegative(deficiency, "deficiency", note="defects per formula unit")
    if np.any(x >= 1):
        raise ParameterError("deficiency", deficiency, "0 <= x < 1 in Li(3-x)OCl(1-x)")
    if binding_energy_eV is None:
        binding_energy_eV = table2().pairs["V_Li-V_Cl (LiCl Schottky)"].binding_energy_eV
    return free_vacancy_fraction(x, binding_energy_eV, temperature_K)


def thermal_pair_fraction(formation_energy_eV, temperature_K, sites_per_formula_unit=(3.0, 3.0)):
    """Defects per formula unit of each kind from a thermally formed 1:1 pair (Frenkel, LiCl Schottky).

    Parameters
    ----------
    formation_energy_eV : float
        Formation energy of the pair E_f (review Table 2, read as the reaction energy) [eV].
    temperature_K : float or array
        Temperature [K].
    sites_per_formula_unit : (float, float)
        Sites per formula unit available to the two defects: (3, 3) for the Li Frenkel pair (Li
        sites; one interstitial dumbbell site per Li site, assumed), (3, 1) for LiCl Schottky [1].

    Returns
    -------
    float or array
        n = sqrt(N_a N_b) exp(-E_f / 2 kB T), defects of each kind per formula unit [1].

    Notes
    -----
    Mass action for eqs. 11 and 12 of the review with equal numbers of both defects:
    (n/N_a)(n/N_b) = exp(-E_f/kT).

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, eqs. 11-12 and Table 2, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Li Frenkel pairs (2.02 eV, Table 2) at room temperature: far below the 1e-15 of section 5.3.1,

    >>> f"{thermal_pair_fraction(2.02, 298.15):.1e}"
    '2.5e-17'
    """
    Na, Nb = (float(s) for s in sites_per_formula_unit)
    if Na <= 0 or Nb <= 0:
        raise ParameterError("sites_per_formula_unit", sites_per_formula_unit, "two numbers > 0")
    T = check_temperature(temperature_K)
    return as_output(np.sqrt(Na * Nb) * np.exp(-formation_energy_eV / (2 * BOLTZMANN_EV * T)))


@dataclass(frozen=True)
class CarrierFractions:
    """Free Li vacancies and Li interstitials per formula unit (floats or arrays) [1]."""

    vacancy: object
    interstitial: object

    @property
    def total(self):
        return self.vacancy + self.interstitial


def carrier_fractions(dopant_per_formula_unit, binding_energy_eV, temperature_K,
                      frenkel_energy_eV=None,
                      li_sites_per_formula_unit=LI_SITES_PER_FORMULA_UNIT):
    """Free vacancies and interstitials from doping (or LiCl deficiency) plus thermal Frenkel pairs.

    Parameters
    ----------
    dopant_per_formula_unit : float or array
        Extrinsic vacancies per formula unit c (divalent dopant x in Li(3-2x)M_xOCl, or LiCl
        deficiency) [1].
    binding_energy_eV : float
        Binding energy of the extrinsic vacancy to its compensator [eV].
    temperature_K : float or array
        Temperature [K].
    frenkel_energy_eV : float
        Li Frenkel pair formation energy; default that of :func:`table2`, 2.02 eV (review Table 2) [eV].
    li_sites_per_formula_unit : float
        Li sites per formula unit; interstitial sites taken equal (assumed) [1].

    Returns
    -------
    CarrierFractions
        ``vacancy`` v and ``interstitial`` i per formula unit [1].

    Notes
    -----
    Unknowns v (free V_Li'), i (Li_i^.), m (free dopant), c - m (pairs); equations

    .. math:: v\\,i = N_{Li}^2 e^{-E_F/k_BT}, \\quad v\\,m = K (c - m), \\quad v = m + i

    (Frenkel equilibrium, association as in :func:`free_vacancy_fraction`, charge neutrality).
    Eliminating m and i leaves f(v) = v - cK/(K + v) - K_F/v = 0, increasing in v on
    [sqrt(K_F), c + sqrt(K_F)]; it is solved by bisection in log(v) (vectorised, 200 halvings).
    The dopant suppresses the interstitials (i = K_F / v).

    Examples
    --------
    >>> n = carrier_fractions(0.005, 0.736, 298.15)
    >>> f"{n.vacancy:.1e} {n.interstitial:.0e}"
    '7.4e-08 9e-27'
    """
    c = check_nonnegative(dopant_per_formula_unit, "dopant_per_formula_unit", note="defects per formula unit")
    T = check_temperature(temperature_K)
    if frenkel_energy_eV is None:
        frenkel_energy_eV = table2().pairs["V_Li-Li_i (Li Frenkel)"].formation_energy_eV
    N = float(li_sites_per_formula_unit)
    K = _association_constant(binding_energy_eV, T, N)
    KF = N * N * np.exp(-frenkel_energy_eV / (BOLTZMANN_EV * T))
    c, K, KF = np.broadcast_arrays(c, K, KF)
    with np.errstate(under="ignore"):
        lo = np.log(np.sqrt(KF) + 1e-300)
        hi = np.log(c + np.sqrt(KF) + 1e-300)
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            v = np.exp(mid)
            pos = v - c * K / (K + v) - KF / v > 0
            hi, lo = np.where(pos, mid, hi), np.where(pos, lo, mid)
        v = np.exp(0.5 * (lo + hi))
        return CarrierFractions(as_output(v), as_output(KF / v))


def activation_energy_eq16(migration_barrier_eV, binding_energy_eV):
    """Review eq. 16: E_activation = E_barrier + E_binding [eV].

    Parameters
    ----------
    migration_barrier_eV : float or array
        Li migration barrier without compensating defects [eV].
    binding_energy_eV : float or array
        Binding energy to the compensating defect [eV].

    Returns
    -------
    float or array
        Activation energy [eV].

    Notes
    -----
    Eq. 16 charges the full binding energy: the carrier must break free before it moves. When the
    bound fraction is set by mass action at fixed composition (:func:`doped_arrhenius`), the
    measured Arrhenius slope is instead E_barrier + E_binding/2 in the strongly associated regime.

    Examples
    --------
    LiCl Schottky pair, Table 2: 0.310 + 0.145 eV

    >>> round(activation_energy_eq16(0.310, 0.145), 3)
    0.455
    """
    return migration_barrier_eV + binding_energy_eV


@dataclass(frozen=True)
class DopedArrhenius:
    """Arrhenius parameters of a doped electrolyte at given temperature(s).

    ``carrier_fraction`` n [1]; ``activation_energy_eV`` local slope -kB d ln(sigma T)/d(1/T) [eV];
    ``relative_conductivity`` n exp(-E_barrier/kB T) = sigma T / A [1] (ratios of it between two
    parameter choices are conductivity ratios at the same A and T).
    """

    carrier_fraction: object
    activation_energy_eV: object
    relative_conductivity: object


def doped_arrhenius(migration_barrier_eV, binding_energy_eV, dopant_per_formula_unit, temperature_K,
                    li_sites_per_formula_unit=LI_SITES_PER_FORMULA_UNIT):
    """Carrier fraction, effective activation energy and sigma T / A of a doped electrolyte.

    Parameters
    ----------
    migration_barrier_eV : float
        Vacancy migration barrier E_m (0.310 eV for V_Li, review Table 2) [eV].
    binding_energy_eV : float
        Dopant-vacancy binding energy E_b [eV].
    dopant_per_formula_unit : float or array
        Divalent dopant per formula unit, x in Li(3-2x)M_xOCl [1].
    temperature_K : float or array
        Temperature [K].
    li_sites_per_formula_unit : float
        Li sites per formula unit [1].

    Returns
    -------
    DopedArrhenius

    Notes
    -----
    With n = v from :func:`free_vacancy_fraction` (review eq. 1, sigma = (A/T) n exp(-E_m/kT)),
    differentiating v^2 = K(c - v) gives

    .. math:: E_a = E_m + E_b \\frac{c - v}{2c - v}

    which runs from E_m + E_b/2 (strong association, v << c) to E_m (all free). Review eq. 16
    (:func:`activation_energy_eq16`) is the upper bound E_m + E_b.

    Examples
    --------
    What if E_b were 0.1 eV lower? At 298.15 K and x = 0.005 sigma rises ~7-fold (exp(0.05/kT)):

    >>> a = doped_arrhenius(0.310, 0.736, 0.005, 298.15)
    >>> b = doped_arrhenius(0.310, 0.636, 0.005, 298.15)
    >>> round(b.relative_conductivity / a.relative_conductivity, 1), round(a.activation_energy_eV, 3)
    (7.0, 0.678)
    """
    T = check_temperature(temperature_K)
    c = check_nonnegative(dopant_per_formula_unit, "dopant_per_formula_unit", note="defects per formula unit")
    v = np.asarray(free_vacancy_fraction(c, binding_energy_eV, T, li_sites_per_formula_unit))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(c > 0, (c - v) / (2 * c - v), 0.0)
    return DopedArrhenius(as_output(v), as_output(migration_barrier_eV + binding_energy_eV * share),
                          as_output(v * np.exp(-migration_barrier_eV / (BOLTZMANN_EV * T))))
