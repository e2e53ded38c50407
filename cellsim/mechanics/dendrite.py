r"""Mechanical criteria for Li-dendrite suppression by a solid electrolyte.

Two interface-stability criteria, kept apart:

* **Ahmad & Viswanathan** (Phys. Rev. Lett. 119, 056003 (2017); ACS Cent. Sci. 4, 996 (2018)): linear
  stability of electrodeposition at a Li | solid-electrolyte interface with the stresses on both sides and the
  surface tension, written as the stability parameter chi = chi_pres + chi_tau + chi_surf
  (:func:`chi_pressure`, :func:`chi_deviatoric`, :func:`chi_surface`, :func:`stability_parameter`), its
  critical wave number (:func:`critical_wavenumber`), the critical shear-modulus ratio G_e / G_Li as a function
  of the molar-volume ratio v (:func:`critical_shear_modulus_ratio`) and a verdict
  (:func:`interface_stability`, :func:`ahmad_viswanathan_verdict`). The expressions are the authors' own, as
  published in their repository ahzeeshan/screening-ml (data-gen/calcMu.m), rewritten here from the equations.
* **Monroe & Newman** (J. Electrochem. Soc. 152, A396 (2005)) as the Review quotes it, "an electrolyte about
  twice as stiff in shear as Li" (:func:`monroe_newman_critical_ratio`, :func:`verdict`).

Also: grain-boundary softening, the shear modulus of Li versus temperature, a flaw-pressure critical current
density.

Notation of the Ahmad-Viswanathan functions (e = solid electrolyte, Li = lithium metal):

    g = G_e / G_Li,  v = V_Li+ / V_Li (molar volume of Li+ in the electrolyte / of Li metal),
    A = 3 - 4 nu_Li,  B = 3 - 4 nu_e,  C = 2 - 3 nu_e - 3 nu_Li + 4 nu_e nu_Li  (A B = 1 + 4 C),
    D = G_e A (1 - nu_e) + G_Li (1 - nu_Li) B   [Pa],  z = 1 (charge of Li+), k the wave number [m-1].

Sign convention: chi < 0 is stable, chi(k) > 0 means a perturbation of wave number k grows. Read from the
authors' expressions, not from the paper's text (not available here): their surface-tension term, which can
only damp a perturbation, enters with a negative sign, and their screening selects the materials with chi < 0.
The resulting regimes agree with the authors' statements that stiff inorganic solids (v < 1) destabilise and
soft ones stabilise.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..checks import check_poisson_ratio, check_positive, check_temperature
from ..constants import FARADAY
from ..errors import ParameterError
from ..parameters.mechanics import LithiumMetal, load_lithium_metal
from .residual_stress import griffith_stress

__all__ = [
    "lithium_metal",
    "PERTURBATION_WAVENUMBER",
    "chi_pressure",
    "chi_deviatoric",
    "chi_surface",
    "stability_parameter",
    "critical_wavenumber",
    "critical_shear_modulus_ratio",
    "InterfaceStability",
    "interface_stability",
    "AhmadViswanathanVerdict",
    "ahmad_viswanathan_verdict",
    "monroe_newman_critical_ratio",
    "DendriteVerdict",
    "verdict",
    "grain_boundary_shear_modulus",
    "lithium_shear_modulus",
    "flaw_fracture_pressure",
    "critical_current_density",
]

#: Wave number of the interface perturbation at which Ahmad & Viswanathan evaluate chi in their screening
#: (k = 1e8 m-1, a wavelength of 63 nm; ``ksurf`` in ahzeeshan/screening-ml, data-gen/calcMu.m) [m-1].
PERTURBATION_WAVENUMBER = 1e8


@functools.lru_cache(maxsize=1)
def lithium_metal() -> LithiumMetal:
    """Lithium metal data of the criteria (``parameter_sets/mechanics``: elastic.toml ``[Li]`` and
    lithium_metal.toml), read on first use and kept: the melting point (180.5 degC, Review section 6.4), molar
    volume M / rho (CRC handbook values), Poisson's ratio 0.42 of Monroe & Newman (2005) and their polymer
    electrolyte's, the shear modulus at 298 K (4.25 GPa: the Review's ~8.5 GPa threshold is "twice that of
    metallic Li", section 6.4), its fractional temperature slope (assumed, see lithium_metal.toml) and the
    surface energy 0.556 J.m-2 of Ahmad & Viswanathan.

    Examples
    --------
    >>> lithium_metal().melting_temperature, lithium_metal().surface_energy
    (453.65, 0.556)
    """
    return load_lithium_metal()


# ---------------------------------------------------------------------------------------------------------------
# Ahmad & Viswanathan
# ---------------------------------------------------------------------------------------------------------------

def _check_v(v):
    return check_positive(v, "molar_volume_ratio",
                          note="v = molar volume of Li+ in the electrolyte / molar volume of Li metal")


def _nus(nu_electrolyte, nu_li):
    nl = lithium_metal().poisson_ratio if nu_li is None else nu_li
    return check_poisson_ratio(nu_electrolyte, "nu_electrolyte"), check_poisson_ratio(nl, "nu_li")


def _abc(nu_e, nu_li):
    """A = 3 - 4 nu_Li, B = 3 - 4 nu_e, C = 2 - 3 nu_e - 3 nu_Li + 4 nu_e nu_Li (module notation)."""
    return 3 - 4 * nu_li, 3 - 4 * nu_e, 2 - 3 * nu_e - 3 * nu_li + 4 * nu_e * nu_li


def _moduli(G_e, G_li):
    return (check_positive(G_e, "shear_modulus_electrolyte", "Pa"), check_positive(G_li, "shear_modulus_li", "Pa"))


def _denominator(G_e, G_li, nu_e, nu_li):
    """D = G_e A (1 - nu_e) + G_Li (1 - nu_Li) B [Pa]; > 0 for Poisson ratios in (-1, 0.5)."""
    A, B, _ = _abc(nu_e, nu_li)
    return G_e * A * (1 - nu_e) + G_li * (1 - nu_li) * B


def _out(x):
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def _volumes(molar_volume_ratio, molar_volume_li):
    V = lithium_metal().molar_volume if molar_volume_li is None else molar_volume_li
    V = check_positive(V, "molar_volume_li", "m3.mol-1")
    return V, _check_v(molar_volume_ratio) * V


def chi_pressure(shear_modulus_electrolyte, shear_modulus_li, molar_volume_ratio, nu_electrolyte, nu_li=None,
                 wavenumber=PERTURBATION_WAVENUMBER, molar_volume_li=None):
    """Hydrostatic-stress (pressure) part chi_pres of Ahmad & Viswanathan's stability parameter.

    Parameters
    ----------
    shear_modulus_electrolyte : float or array_like
        G_e of the solid electrolyte [Pa].
    shear_modulus_li : float or array_like
        G_Li of lithium metal [Pa].
    molar_volume_ratio : float or array_like
        v = V_Li+ / V_Li [1], > 0.
    nu_electrolyte : float or array_like
        Poisson's ratio of the electrolyte [1], -1 < nu < 0.5.
    nu_li : float, optional
        Poisson's ratio of Li [1] (default :func:`lithium_metal`'s, 0.42).
    wavenumber : float or array_like, optional
        k of the interface perturbation [m-1] (default :data:`PERTURBATION_WAVENUMBER`).
    molar_volume_li : float, optional
        V_Li [m3.mol-1] (default :func:`lithium_metal`'s, 1.30e-5).

    Returns
    -------
    float or ndarray
        chi_pres [J.mol-1.m-1].

    Notes
    -----
    (cellsim AV1), module notation:

        chi_pres = (V_Li - V_Li+) k (G_e^2 A - G_Li^2 B) / (2 z D).

    The molar-volume difference weights the pressure: for v < 1 (Li+ takes less room in the electrolyte
    than in the metal) a stiff electrolyte makes chi_pres > 0 (destabilising), for v > 1 it stabilises.

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.
    Ahmad et al., ACS Cent. Sci. 4, 996 (2018), doi:10.1021/acscentsci.8b00229.

    Examples
    --------
    v = 0.5, G_e = 2 G_Li = 6.8 GPa, nu 0.33 and 0.42, V_Li 1.3e-5, k 1e8 (hand value in the tests):

    >>> round(chi_pressure(6.8e9, 3.4e9, 0.5, 0.33, 0.42, 1e8, 1.3e-5) / 1e12, 4)  # kJ.mol-1.nm-1
    1.4501
    """
    G_e, G_li = _moduli(shear_modulus_electrolyte, shear_modulus_li)
    ne, nl = _nus(nu_electrolyte, nu_li)
    V, Vp = _volumes(molar_volume_ratio, molar_volume_li)
    k = check_positive(wavenumber, "wavenumber", "m-1")
    A, B, _ = _abc(ne, nl)
    return _out((V - Vp) * k * (G_e ** 2 * A - G_li ** 2 * B) / (2 * _denominator(G_e, G_li, ne, nl)))


def chi_deviatoric(shear_modulus_electrolyte, shear_modulus_li, molar_volume_ratio, nu_electrolyte, nu_li=None,
                   wavenumber=PERTURBATION_WAVENUMBER, molar_volume_li=None):
    """Deviatoric-stress part chi_tau of Ahmad & Viswanathan's stability parameter.

    Parameters
    ----------
    As :func:`chi_pressure`.

    Returns
    -------
    float or ndarray
        chi_tau [J.mol-1.m-1]; >= 0 (C >= 0 for Poisson ratios in (-1, 0.5)): the shear stresses destabilise.

    Notes
    -----
    (cellsim AV2), module notation:

        chi_tau = 2 G_e G_Li (V_Li + V_Li+) k C / (z D).

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.

    Examples
    --------
    >>> round(chi_deviatoric(6.8e9, 3.4e9, 0.5, 0.33, 0.42, 1e8, 1.3e-5) / 1e12, 4)
    2.9428
    """
    G_e, G_li = _moduli(shear_modulus_electrolyte, shear_modulus_li)
    ne, nl = _nus(nu_electrolyte, nu_li)
    V, Vp = _volumes(molar_volume_ratio, molar_volume_li)
    k = check_positive(wavenumber, "wavenumber", "m-1")
    _, _, C = _abc(ne, nl)
    return _out(2 * G_e * G_li * (V + Vp) * k * C / _denominator(G_e, G_li, ne, nl))


def chi_surface(molar_volume_ratio, surface_energy=None, wavenumber=PERTURBATION_WAVENUMBER, molar_volume_li=None):
    """Surface-tension part chi_surf of Ahmad & Viswanathan's stability parameter.

    Parameters
    ----------
    molar_volume_ratio : float or array_like
        v = V_Li+ / V_Li [1].
    surface_energy : float, optional
        gamma of the interface [J.m-2] (default :func:`lithium_metal`'s, 0.556, the authors' value).
    wavenumber : float or array_like, optional
        k [m-1] (default :data:`PERTURBATION_WAVENUMBER`).
    molar_volume_li : float, optional
        V_Li [m3.mol-1].

    Returns
    -------
    float or ndarray
        chi_surf [J.mol-1.m-1], < 0 (always stabilising, growing as k^2).

    Notes
    -----
    (cellsim AV3): chi_surf = -(V_Li + V_Li+) gamma k^2 / (2 z).

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.

    Examples
    --------
    >>> round(chi_surface(0.5, 0.556, 1e8, 1.3e-5) / 1e12, 4)
    -0.0542
    """
    gamma = lithium_metal().surface_energy if surface_energy is None else surface_energy
    gamma = check_positive(gamma, "surface_energy", "J.m-2")
    V, Vp = _volumes(molar_volume_ratio, molar_volume_li)
    k = check_positive(wavenumber, "wavenumber", "m-1")
    return _out(-(V + Vp) * gamma * k ** 2 / 2)


def stability_parameter(shear_modulus_electrolyte, shear_modulus_li, molar_volume_ratio, nu_electrolyte, nu_li=None,
                        wavenumber=PERTURBATION_WAVENUMBER, surface_energy=None, molar_volume_li=None):
    """Ahmad & Viswanathan's stability parameter chi = chi_pres + chi_tau + chi_surf.

    Parameters
    ----------
    As :func:`chi_pressure`, plus ``surface_energy`` [J.m-2] of :func:`chi_surface`.

    Returns
    -------
    float or ndarray
        chi [J.mol-1.m-1]: < 0 stable (a perturbation of wave number k decays), > 0 unstable.
        (1 kJ.mol-1.nm-1 = 1e12 J.mol-1.m-1, the unit of the authors' histograms.)

    Notes
    -----
    Sum of (cellsim AV1-AV3). Its mechanical part is linear in k, the surface part quadratic, so every
    perturbation shorter than 2 pi / :func:`critical_wavenumber` is damped.

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.
    Ahmad et al., ACS Cent. Sci. 4, 996 (2018), doi:10.1021/acscentsci.8b00229.

    Examples
    --------
    Li3OCl (G 41.5 GPa, nu 0.20, Review Table 3) on Li (4.25 GPa), v = 0.085: unstable.

    >>> stability_parameter(41.5e9, 4.25e9, 0.085, 0.20) > 0
    True
    """
    return _out(np.asarray(chi_pressure(shear_modulus_electrolyte, shear_modulus_li, molar_volume_ratio,
                                        nu_electrolyte, nu_li, wavenumber, molar_volume_li))
                + chi_deviatoric(shear_modulus_electrolyte, shear_modulus_li, molar_volume_ratio, nu_electrolyte,
                                 nu_li, wavenumber, molar_volume_li)
                + chi_surface(molar_volume_ratio, surface_energy, wavenumber, molar_volume_li))


def _mechanical_factor(g, v, nu_e, nu_li):
    """F(g, v) = (1 - v)(A g^2 - B) + 4 (1 + v) C g: chi_pres + chi_tau = V_Li k G_Li^2 F / (2 z D)."""
    A, B, C = _abc(nu_e, nu_li)
    return (1 - v) * (A * g ** 2 - B) + 4 * (1 + v) * C * g


def critical_wavenumber(shear_modulus_electrolyte, shear_modulus_li, molar_volume_ratio, nu_electrolyte, nu_li=None,
                        surface_energy=None):
    """Wave number at which Ahmad & Viswanathan's chi changes sign.

    Parameters
    ----------
    As :func:`stability_parameter` (no wave number).

    Returns
    -------
    float or ndarray
        k_crit [m-1]. If k_crit > 0, perturbations with k < k_crit (wavelengths longer than
        lambda_crit = 2 pi / k_crit) grow and shorter ones decay; if k_crit <= 0 every wave number is stable.

    Notes
    -----
    Setting chi = 0 in (cellsim AV1-AV3), with F of :func:`critical_shear_modulus_ratio`:

        k_crit = G_Li^2 F(g, v) / ((1 + v) gamma D).                                     (cellsim AV4)

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.

    Examples
    --------
    LGPS-like, G 7.9 GPa, nu 0.37, v 0.5, G_Li 3.4 GPa: perturbations longer than 2 pi / k_crit = 0.69 nm grow.

    >>> round(2 * 3.14159265 / critical_wavenumber(7.9e9, 3.4e9, 0.5, 0.37, 0.42, 0.556) * 1e9, 2)
    0.69
    """
    G_e, G_li = _moduli(shear_modulus_electrolyte, shear_modulus_li)
    ne, nl = _nus(nu_electrolyte, nu_li)
    v = _check_v(molar_volume_ratio)
    gamma = lithium_metal().surface_energy if surface_energy is None else surface_energy
    gamma = check_positive(gamma, "surface_energy", "J.m-2")
    F = _mechanical_factor(G_e / G_li, v, ne, nl)
    return _out(G_li ** 2 * F / ((1 + v) * gamma * _denominator(G_e, G_li, ne, nl)))


def critical_shear_modulus_ratio(molar_volume_ratio, nu_electrolyte, nu_li=None):
    """Critical G_e / G_Li of Ahmad & Viswanathan's criterion versus the molar-volume ratio v.

    Parameters
    ----------
    molar_volume_ratio : float or array_like
        v = V_Li+ / V_Li [1], > 0.
    nu_electrolyte : float or array_like
        Poisson's ratio of the electrolyte [1], -1 < nu < 0.5.
    nu_li : float, optional
        Poisson's ratio of Li [1] (default 0.42).

    Returns
    -------
    float or ndarray
        g_c [1]. v < 1 (density-driven branch): stable for G_e / G_Li < g_c. v > 1 (pressure-driven branch):
        stable for G_e / G_Li > g_c. v = 1: g_c = 0, no shear modulus is stable (the limit from below; from
        above g_c grows without bound).

    Notes
    -----
    Stable at every wave number means chi_pres + chi_tau <= 0, i.e. F(g, v) <= 0 with (module notation)

        F(g, v) = (1 - v)(A g^2 - B) + 4 (1 + v) C g,                                    (cellsim AV5)

    a quadratic in g with discriminant Delta = 4 (1 + v)^2 C^2 + (1 - v)^2 A B > 0. Its positive root:

        v < 1:  g_c = (1 - v) B / (sqrt(Delta) + 2 (1 + v) C)   (F < 0 below it),
        v > 1:  g_c = (sqrt(Delta) + 2 (1 + v) C) / ((v - 1) A)  (F < 0 above it).        (cellsim AV6)

    The v < 1 form is the authors' root [sqrt(Delta) - 2 (1 + v) C] / ((1 - v) A) with the numerator
    rationalised (no 0/0 at v = 1). With A B = 1 + 4 C, g_c(v -> 0) = 1 / A = 1 / (3 - 4 nu_Li), 0.758 for
    nu_Li = 0.42, whatever nu_e. The authors call the v < 1 stability "density-driven" (new in their PRL) and
    the v > 1 one "pressure-driven" (the Monroe-Newman regime). The PRL's abstract concludes that inorganic
    solids and solid polymers generally do not give stable electrodeposition; in these branches that is
    stiff solids with v < 1 (g above ~0.7) and soft polymers with v > 1 (g_c >= 3 - 4 nu_e > 1).

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.
    Ahmad et al., ACS Cent. Sci. 4, 996 (2018), doi:10.1021/acscentsci.8b00229.

    Examples
    --------
    >>> [round(float(x), 4) for x in critical_shear_modulus_ratio([1e-9, 0.5, 1.0, 1.5], 0.33, 0.42)]
    [0.7576, 0.4016, 0.0, 4.8733]
    """
    v = _check_v(molar_volume_ratio)
    ne, nl = _nus(nu_electrolyte, nu_li)
    A, B, C = _abc(ne, nl)
    root = np.sqrt(4 * (1 + v) ** 2 * C ** 2 + (1 - v) ** 2 * A * B)
    with np.errstate(divide="ignore", invalid="ignore"):
        above = (root + 2 * (1 + v) * C) / ((v - 1) * A)
    below = (1 - v) * B / (root + 2 * (1 + v) * C)
    return _out(np.where(v > 1, above, below))


@dataclass(frozen=True)
class InterfaceStability:
    """Ahmad-Viswanathan verdict for one shear-modulus ratio and molar-volume ratio."""

    shear_modulus_ratio: float  # g = G_e / G_Li [1]
    molar_volume_ratio: float  # v [1]
    critical_ratio: float  # g_c [1]
    regime: str  # "density-driven" (v < 1), "pressure-driven" (v > 1) or "none" (v = 1)
    stable_side: str  # "below", "above" or "never"
    margin: float  # factor to the critical ratio on the stable side: > 1 stable, < 1 unstable [1]
    stable: bool
    result: str  # "pass", "marginal" or "fail"


def interface_stability(shear_modulus_ratio: float, molar_volume_ratio: float, nu_electrolyte: float,
                        nu_li: float | None = None, marginal_band: float = 0.10) -> InterfaceStability:
    """Stable or unstable Li electrodeposition by Ahmad & Viswanathan's criterion, with branch and margin.

    Parameters
    ----------
    shear_modulus_ratio : float
        g = G_e / G_Li [1], > 0.
    molar_volume_ratio : float
        v = V_Li+ / V_Li [1], > 0.
    nu_electrolyte : float
        Poisson's ratio of the electrolyte [1].
    nu_li : float, optional
        Poisson's ratio of Li [1] (default 0.42).
    marginal_band : float, optional
        Relative band around g_c called "marginal" [1], default 0.10.

    Returns
    -------
    InterfaceStability
        ``margin`` = g_c / g on the density-driven branch (stable below g_c) and g / g_c on the
        pressure-driven one (stable above): > 1 stable, < 1 unstable, e.g. 0.05 means G_e would have to
        fall to 5 % of its value. At v = 1 no g is stable (margin 0). ``result`` "marginal" when
        1 / (1 + band) <= margin <= 1 + band, else "pass" (stable) or "fail".

    Notes
    -----
    Stability at every wave number, F(g, v) <= 0 of :func:`critical_shear_modulus_ratio`; surface tension
    (:func:`critical_wavenumber`) only damps perturbations shorter than lambda_crit.

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.

    Examples
    --------
    Li3OCl (41.5 GPa, nu 0.20) on Li at 25 degC (4.25 GPa), v = 0.085 (Li+ ion volume / Li metal):

    >>> s = interface_stability(41.5 / 4.25, 0.085, 0.20)
    >>> s.regime, s.result, round(s.critical_ratio, 3), round(s.margin, 4)
    ('density-driven', 'fail', 0.693, 0.071)
    """
    g = float(check_positive(shear_modulus_ratio, "shear_modulus_ratio", note="G_electrolyte / G_Li"))
    v = float(_check_v(molar_volume_ratio))
    if not (0 <= marginal_band < 1):
        raise ParameterError("marginal_band", marginal_band, "0 <= marginal_band < 1")
    gc = float(critical_shear_modulus_ratio(v, nu_electrolyte, nu_li))
    if v < 1:
        regime, side, margin = "density-driven", "below", gc / g
    elif v > 1:
        regime, side, margin = "pressure-driven", "above", g / gc
    else:
        regime, side, margin = "none", "never", 0.0
    if 1 / (1 + marginal_band) <= margin <= 1 + marginal_band:
        result = "marginal"
    else:
        result = "pass" if margin > 1 else "fail"
    return InterfaceStability(g, v, gc, regime, side, margin, margin > 1, result)


@dataclass(frozen=True)
class AhmadViswanathanVerdict:
    """One row of the Ahmad-Viswanathan table: an electrolyte against Li metal at one temperature."""

    material: str
    temperature_K: float
    shear_modulus_ratio: float  # G_e / G_Li(T) [1] (nan when Li is molten)
    molar_volume_ratio: float  # v [1]
    critical_ratio: float  # g_c [1]
    regime: str
    stable_side: str
    margin: float  # see InterfaceStability [1]
    result: str  # "pass", "marginal", "fail" or "not applicable"
    stability_parameter: float  # chi at PERTURBATION_WAVENUMBER [J.mol-1.m-1]
    critical_wavelength_m: float  # 2 pi / k_crit [m]; inf when every wavelength is stable
    note: str = ""


def ahmad_viswanathan_verdict(material: str, shear_modulus_electrolyte: float, temperature_K: float,
                              poisson_ratio_electrolyte: float, molar_volume_ratio: float,
                              marginal_band: float = 0.10,
                              wavenumber: float = PERTURBATION_WAVENUMBER) -> AhmadViswanathanVerdict:
    """Ahmad-Viswanathan verdict of one electrolyte against solid Li at a temperature.

    Parameters
    ----------
    material : str
        Name for the table.
    shear_modulus_electrolyte : float
        G_e [Pa].
    temperature_K : float
        Temperature [K]; G_Li from :func:`lithium_shear_modulus`.
    poisson_ratio_electrolyte : float
        nu_e [1].
    molar_volume_ratio : float
        v = V_Li+ / V_Li [1].
    marginal_band : float, optional
        See :func:`interface_stability`.
    wavenumber : float, optional
        k at which chi is reported [m-1] (default the authors' 1e8).

    Returns
    -------
    AhmadViswanathanVerdict
        :func:`interface_stability` plus chi(k) and lambda_crit; "not applicable" when Li is molten
        (T >= 453.65 K: no shear modulus, no elastic criterion).

    References
    ----------
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.
    Ahmad et al., ACS Cent. Sci. 4, 996 (2018), doi:10.1021/acscentsci.8b00229.

    Examples
    --------
    >>> r = ahmad_viswanathan_verdict("Li2(OH)Cl", 17.4e9, 298.15, 0.24, 0.085)
    >>> r.result, r.regime, round(r.margin, 3), round(r.stability_parameter / 1e12, 2)
    ('fail', 'density-driven', 0.17, 13.48)
    """
    G_li = lithium_shear_modulus(temperature_K)
    v = float(_check_v(molar_volume_ratio))
    nu = float(check_poisson_ratio(poisson_ratio_electrolyte, "poisson_ratio_electrolyte"))
    G_e = float(check_positive(shear_modulus_electrolyte, "shear_modulus_electrolyte", "Pa"))
    gc = float(critical_shear_modulus_ratio(v, nu))
    if G_li == 0.0:
        return AhmadViswanathanVerdict(material, float(temperature_K), float("nan"), v, gc, "none", "", float("nan"),
                                       "not applicable", float("nan"), float("nan"),
                                       "Li molten (T >= 453.65 K): no elastic criterion applies")
    s = interface_stability(G_e / G_li, v, nu, marginal_band=marginal_band)
    chi = stability_parameter(G_e, G_li, v, nu, wavenumber=wavenumber)
    k_c = critical_wavenumber(G_e, G_li, v, nu)
    lam = 2 * np.pi / k_c if k_c > 0 else float("inf")
    note = (f"stable {s.stable_side} g_c = {gc:.3g} ({s.regime}); margin x{s.margin:.3g}" if s.stable_side != "never"
            else "v = 1: no shear modulus gives stable deposition")
    return AhmadViswanathanVerdict(material, float(temperature_K), s.shear_modulus_ratio, v, gc, s.regime,
                                   s.stable_side, s.margin, s.result, chi, lam, note)


# ---------------------------------------------------------------------------------------------------------------
# Monroe & Newman, as the Review uses it
# ---------------------------------------------------------------------------------------------------------------

def _a(nu):
    """Pressure + (sigma_yy - sigma_xx) / 2 at a crest, per G k A (see monroe_newman_critical_ratio)."""
    return 2.0 * (8.0 * nu - 1.0) / (3.0 * (3.0 - 4.0 * nu))


def monroe_newman_critical_ratio(nu_electrolyte, nu_li=None):
    """Critical G_e / G_Li of the Monroe-Newman shear-modulus criterion (stable above it).

    Parameters
    ----------
    nu_electrolyte : float or array_like
        Poisson's ratio of the electrolyte [1], 1/8 < nu < 0.5 (below 1/8 this form has no threshold).
    nu_li : float, optional
        Poisson's ratio of Li [1] (default 0.42, Monroe & Newman 2005).

    Returns
    -------
    float or ndarray
        g_c [1].

    Notes
    -----
    cellsim's reduced form of Monroe & Newman's balance (surface tension neglected; both half-spaces share the
    interface displacement u_y = A cos(kx) and stick, plane strain). At a crest, per G k A, the pressure plus
    half the normal-stress difference is a(nu) = 2 (8 nu - 1) / (3 (3 - 4 nu)) on each side, and stability
    needs g a(nu_e) > a(nu_Li):

        g_c = a(nu_Li) / a(nu_e),                                                      (cellsim MN1)

    1.83 for nu_e = 0.33 and nu_Li = 0.42, Monroe & Newman's "about twice" (the Review's ~8.5 GPa,
    section 6.4). Not their full expression (which keeps surface tension and the wave number); kept as
    the rule of thumb the Review applies. It has no molar-volume ratio: see
    :func:`critical_shear_modulus_ratio` for Ahmad & Viswanathan's criterion.

    References
    ----------
    Monroe & Newman, J. Electrochem. Soc. 152, A396 (2005), doi:10.1149/1.1850854.

    Examples
    --------
    >>> round(monroe_newman_critical_ratio(0.33, 0.42), 4)
    1.8315
    """
    nl = lithium_metal().poisson_ratio if nu_li is None else nu_li
    ne = check_poisson_ratio(nu_electrolyte, "nu_electrolyte")
    nl = check_poisson_ratio(nl, "nu_li")
    if np.any(np.asarray(ne) <= 0.125) or np.any(np.asarray(nl) <= 0.125):
        raise ParameterError("nu_electrolyte" if np.any(np.asarray(ne) <= 0.125) else "nu_li",
                             np.asarray(ne if np.any(np.asarray(ne) <= 0.125) else nl).tolist(),
                             "0.125 < nu < 0.5 for the Monroe-Newman threshold")
    return _out(_a(nl) / _a(ne))


def grain_boundary_shear_modulus(bulk_shear_modulus, fraction: float = 0.5):
    """Shear modulus of a softened grain-boundary region.

    Parameters
    ----------
    bulk_shear_modulus : float or array_like
        Shear modulus of the grain interior [Pa].
    fraction : float, optional
        G_GB / G_bulk [1], 0 < fraction <= 1; default 0.5 (Review section 6.4: "could be 50 %
        smaller than in bulk regions").

    Returns
    -------
    float or ndarray
        G_GB [Pa].

    Notes
    -----
    G_GB = fraction * G_bulk.

    References
    ----------
    Xia et al., Chem. Rev. 122, 3763 (2022), doi:10.1021/acs.chemrev.1c00594, section 6.4.

    Examples
    --------
    >>> grain_boundary_shear_modulus(17.4e9) / 1e9
    8.7
    """
    if not (0 < fraction <= 1):
        raise ParameterError("fraction", fraction, "0 < fraction <= 1 (G_GB / G_bulk)")
    G = np.asarray(bulk_shear_modulus, dtype=float)
    if np.any(G < 0):
        raise ParameterError("bulk_shear_modulus", G.tolist(), ">= 0 Pa")
    out = fraction * G
    return float(out) if out.ndim == 0 else out


def lithium_shear_modulus(temperature_K):
    """Shear modulus of polycrystalline Li versus temperature; zero when molten.

    Parameters
    ----------
    temperature_K : float or array_like
        Temperature [K], > 0.

    Returns
    -------
    float or ndarray
        G_Li [Pa]; 0 at and above the melting point 453.65 K (a liquid carries no shear
        stress, so no shear criterion applies).

    Notes
    -----
    G_Li(T) = G_298 (1 + beta (T - 298.15 K)) below 453.65 K, with G_298 = 4.25 GPa (the
    Review's 8.5 GPa Monroe-Newman threshold divided by two, section 6.4) and
    beta = -1.5e-3 K-1 (assumed: order of magnitude of the softening of Li's single-crystal
    shear constants measured by Felice, Trivisonno & Schuele 1977; not a fit to their table).
    Valid roughly 200 K to the melting point; lower temperatures are extrapolated.

    References
    ----------
    Felice, Trivisonno & Schuele, Phys. Rev. B 16, 5173 (1977), doi:10.1103/PhysRevB.16.5173.
    Xia et al., Chem. Rev. 122, 3763 (2022), doi:10.1021/acs.chemrev.1c00594, section 6.4.

    Examples
    --------
    >>> round(lithium_shear_modulus(373.15) / 1e9, 2), lithium_shear_modulus(473.15)
    (3.77, 0.0)
    """
    T = np.asarray(check_temperature(temperature_K))
    li = lithium_metal()
    G = li.shear_modulus_298K * (1 + li.shear_modulus_temperature_slope * (T - 298.15))
    G = np.where(T >= li.melting_temperature, 0.0, G)
    return float(G) if G.ndim == 0 else G


def flaw_fracture_pressure(fracture_toughness, flaw_length, geometry_factor: float = 1.12):
    """Li pressure in a surface flaw that makes it propagate (Porz et al. 2017).

    Parameters
    ----------
    fracture_toughness : float or array_like
        Mode-I fracture toughness K_IC of the electrolyte [Pa.m0.5].
    flaw_length : float or array_like
        Depth a of the Li-filled surface flaw [m].
    geometry_factor : float, optional
        Y [1], 1.12 for a shallow edge crack.

    Returns
    -------
    float or ndarray
        p_c = K_IC / (Y sqrt(pi a)) [Pa].

    Notes
    -----
    K_I = Y p sqrt(pi a) >= K_IC with the Li pressure p acting on the flaw faces.

    References
    ----------
    Porz et al., Adv. Energy Mater. 7, 1701003 (2017), doi:10.1002/aenm.201701003.

    Examples
    --------
    K_IC = 1 MPa.m0.5 (oxide electrolytes, Review section 6.4), 1 um flaw:

    >>> round(flaw_fracture_pressure(1e6, 1e-6) / 1e6)
    504
    """
    return griffith_stress(fracture_toughness, flaw_length, geometry_factor,
                           names=("fracture_toughness", "flaw_length", "geometry_factor"))


def critical_current_density(fracture_toughness, flaw_length, interfacial_resistance, ionic_conductivity,
                             geometry_factor: float = 1.12, molar_volume_li: float | None = None):
    """Critical current density for Li to crack open a surface flaw.

    Parameters
    ----------
    fracture_toughness : float or array_like
        K_IC of the electrolyte [Pa.m0.5].
    flaw_length : float or array_like
        Depth a of the Li-filled surface flaw [m].
    interfacial_resistance : float or array_like
        Area-specific resistance of the Li/electrolyte interface [Ohm.m2].
    ionic_conductivity : float or array_like
        Ionic conductivity of the electrolyte [S.m-1].
    geometry_factor : float, optional
        Y [1], default 1.12.
    molar_volume_li : float, optional
        Molar volume of Li metal [m3.mol-1] (default :func:`lithium_metal`'s).

    Returns
    -------
    float or ndarray
        i_c [A.m-2].

    Notes
    -----
    cellsim model in the spirit of Porz et al. (2017) and Raj & Wolfenstine (2017); not the
    equations of either paper. Assumptions:

    1. Li deposited inside the flaw cannot escape, so the electrochemical driving force that
       is not dissipated is stored as pressure: p = F eta / V_Li (one mole of Li plated against
       pressure p costs p V_Li of work, supplied by the local overpotential eta).
    2. The local overpotential at the flaw tip is the current density times the series
       area-specific resistance of the interface and of an electrolyte slab as thick as the
       flaw: eta = i (R_int + a / sigma).
    3. Fracture when p reaches the flaw pressure p_c = K_IC / (Y sqrt(pi a)).

    Hence i_c = K_IC V_Li / (F Y sqrt(pi a) (R_int + a / sigma)). Higher toughness, lower
    interfacial resistance or higher conductivity raise i_c, as Raj & Wolfenstine argue;
    larger flaws lower it, as Porz et al. observed.

    References
    ----------
    Porz et al., Adv. Energy Mater. 7, 1701003 (2017), doi:10.1002/aenm.201701003.
    Raj & Wolfenstine, J. Power Sources 343, 119 (2017), doi:10.1016/j.jpowsour.2017.01.037.

    Examples
    --------
    K_IC 1 MPa.m0.5, 1 um flaw, 10 Ohm.cm2 interface, 1 mS.cm-1:

    >>> round(critical_current_density(1e6, 1e-6, 1e-3, 0.1), 1)
    67.2
    """
    R = np.asarray(interfacial_resistance, dtype=float)
    s = np.asarray(ionic_conductivity, dtype=float)
    if np.any(R < 0):
        raise ParameterError("interfacial_resistance", R.tolist(), ">= 0 Ohm.m2")
    if np.any(s <= 0):
        raise ParameterError("ionic_conductivity", s.tolist(), "> 0 S.m-1")
    if molar_volume_li is None:
        molar_volume_li = lithium_metal().molar_volume
    if molar_volume_li <= 0:
        raise ParameterError("molar_volume_li", molar_volume_li, "> 0 m3.mol-1")
    a = np.asarray(flaw_length, dtype=float)
    p_c = np.asarray(flaw_fracture_pressure(fracture_toughness, a, geometry_factor))
    i = p_c * molar_volume_li / FARADAY / (R + a / s)
    return float(i) if i.ndim == 0 else i



@dataclass(frozen=True)
class DendriteVerdict:
    """One row of a Monroe-Newman dendrite-suppression table."""

    material: str
    temperature_K: float
    shear_modulus_ratio: float  # G_electrolyte / G_Li [1] (nan when Li is molten)
    critical_ratio: float  # [1]
    regime: str
    result: str  # "pass", "marginal", "fail" or "not applicable"
    note: str = ""


def verdict(material: str, shear_modulus_electrolyte: float, temperature_K: float,
            poisson_ratio_electrolyte: float | None = None, grain_boundary_fraction: float = 1.0,
            marginal_band: float = 0.10) -> DendriteVerdict:
    """Pass/marginal/fail of the Monroe-Newman shear-modulus criterion for one electrolyte against solid Li.

    Parameters
    ----------
    material : str
        Name for the table.
    shear_modulus_electrolyte : float
        Bulk shear modulus of the electrolyte [Pa].
    temperature_K : float
        Temperature [K]; G_Li from :func:`lithium_shear_modulus`.
    poisson_ratio_electrolyte : float, optional
        Poisson's ratio used in the criterion [1]. None (default) uses the Monroe-Newman
        reference value 0.33, i.e. the "~2 G_Li" rule the Review quotes (section 6.4).
    grain_boundary_fraction : float, optional
        Multiply G by this factor (e.g. 0.5, Review section 6.4) to test grain boundaries.
    marginal_band : float, optional
        Relative band around the critical ratio called "marginal" [1], default 0.10 (+-10 %).

    Returns
    -------
    DendriteVerdict
        With result "marginal" if |g / g_c - 1| <= marginal_band, else "pass" above g_c and "fail" below;
        "not applicable" when Li is molten (T >= 453.65 K: liquid Li has no shear modulus, so no shear
        criterion applies).

    Notes
    -----
    g = f_GB G_e / G_Li(T) compared with g_c of :func:`monroe_newman_critical_ratio`.

    References
    ----------
    Monroe & Newman, J. Electrochem. Soc. 152, A396 (2005), doi:10.1149/1.1850854.

    Examples
    --------
    LGPS, G 7.9 GPa (Review Table 3), 25 degC:

    >>> verdict("LGPS", 7.9e9, 298.15).result
    'marginal'
    """
    if shear_modulus_electrolyte < 0:
        raise ParameterError("shear_modulus_electrolyte", shear_modulus_electrolyte, ">= 0 Pa")
    if not (0 <= marginal_band < 1):
        raise ParameterError("marginal_band", marginal_band, "0 <= marginal_band < 1")
    li = lithium_metal()
    nu = li.monroe_newman_electrolyte_poisson_ratio if poisson_ratio_electrolyte is None else poisson_ratio_electrolyte
    gc = float(monroe_newman_critical_ratio(nu, li.poisson_ratio))
    G_li = lithium_shear_modulus(temperature_K)
    G_e = grain_boundary_shear_modulus(shear_modulus_electrolyte, grain_boundary_fraction)
    if G_li == 0.0:
        return DendriteVerdict(material, float(temperature_K), float("nan"), gc, "Monroe-Newman",
                               "not applicable", "Li molten (T >= 453.65 K): no shear criterion applies")
    g = G_e / G_li
    margin = g / gc - 1.0
    if abs(margin) <= marginal_band:
        result = "marginal"
    else:
        result = "pass" if margin > 0 else "fail"
    return DendriteVerdict(material, float(temperature_K), g, gc, "Monroe-Newman", result,
                           f"stable above g_c; margin {margin:+.1%}")
