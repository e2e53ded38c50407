"""Mechanical criteria for Li-dendrite suppression by a solid electrolyte.

Contents: the interfacial linear-stability criterion (Monroe-Newman, generalised to a
molar-volume ratio after Ahmad & Viswanathan), grain-boundary softening, the shear modulus
of Li versus temperature, a flaw-pressure critical current density, and a verdict row.

Sign convention of :func:`stability_parameter`: positive means a crest of the Li surface
grows more slowly than a trough (stable deposition).
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
    "CriticalRatio",
    "DendriteVerdict",
    "stability_parameter",
    "critical_shear_modulus_ratio",
    "grain_boundary_shear_modulus",
    "lithium_shear_modulus",
    "flaw_fracture_pressure",
    "critical_current_density",
    "verdict",
]

@functools.lru_cache(maxsize=1)
def lithium_metal() -> LithiumMetal:
    """Lithium metal data of the criteria (``parameter_sets/mechanics``: elastic.toml ``[Li]`` and
    lithium_metal.toml), read on first use and kept: the melting point (180.5 degC, Review section 6.4), molar
    volume M / rho (CRC handbook values), Poisson's ratio 0.42 of Monroe & Newman (2005) and their polymer
    electrolyte's, the shear modulus at 298 K (4.25 GPa: the Review's ~8.5 GPa threshold is "twice that of
    metallic Li", section 6.4) and its fractional temperature slope (assumed, see lithium_metal.toml).

    Examples
    --------
    >>> lithium_metal().melting_temperature
    453.65
    """
    return load_lithium_metal()


def _a(nu):
    """Deviatoric-plus-pressure term at a crest, per G k A (see Notes of stability_parameter)."""
    return 2.0 * (8.0 * nu - 1.0) / (3.0 * (3.0 - 4.0 * nu))


def _h(nu):
    """Hydrostatic pressure at a crest, per G k A."""
    return 4.0 * (1.0 + nu) / (3.0 * (3.0 - 4.0 * nu))


def _check_v(v):
    return check_positive(v, "molar_volume_ratio",
                          note="molar volume of Li+ in the electrolyte / molar volume of Li metal")


def stability_parameter(shear_modulus_ratio, nu_electrolyte, nu_li=None, molar_volume_ratio=1.0):
    """Dimensionless stability parameter of a sinusoidally perturbed Li/solid-electrolyte interface.

    Parameters
    ----------
    shear_modulus_ratio : float or array_like
        g = G_electrolyte / G_Li [1].
    nu_electrolyte : float or array_like
        Poisson's ratio of the electrolyte [1].
    nu_li : float, optional
        Poisson's ratio of Li [1] (default :func:`lithium_metal`'s, 0.42, Monroe & Newman 2005).
    molar_volume_ratio : float or array_like, optional
        v = molar volume of Li+ in the electrolyte / molar volume of Li metal [1].

    Returns
    -------
    float or ndarray
        S, mechanical change of the deposition free energy at a crest per (V_Li G_Li k A);
        S > 0 means crests are disfavoured (stable), S < 0 unstable.

    Notes
    -----
    Surface tension is neglected. Kinematics as in Monroe & Newman (2005): both half-spaces
    share the interface displacement u_y = A cos(kx) and are stuck (u_x = 0), plane strain.
    Solving Navier's equation for each half-space gives at a crest, per G k A,

        h(nu) = 4 (1 + nu) / (3 (3 - 4 nu))          (hydrostatic pressure, compressive in the
                                                     electrolyte, tensile in Li),
        a(nu) = 2 (8 nu - 1) / (3 (3 - 4 nu))        (pressure + (sigma_yy - sigma_xx) / 2).

    Following the decomposition described by Ahmad & Viswanathan (2017) — a pressure-driven
    part weighted by the mean molar volume and a hydrostatic (density-driven) part weighted by
    the molar-volume difference — cellsim uses

        S = (1 + v)/2 * (g a_e - a_Li) - (1 - v)/2 * (g h_e - h_Li).                 (cellsim D1)

    At v = 1 this is the Monroe-Newman balance g_c = a_Li / a_e (1.83 for nu_e = 0.33,
    nu_Li = 0.42). **This is a reconstruction**: the per-phase stress measures were chosen to
    reproduce the Monroe-Newman structure; the equations of the PRL were not available to
    check term by term.

    References
    ----------
    Monroe & Newman, J. Electrochem. Soc. 152, A396 (2005), doi:10.1149/1.1850854.
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.

    Examples
    --------
    >>> round(float(stability_parameter(4.0, 0.33)), 3) > 0, round(float(stability_parameter(1.0, 0.33)), 3) < 0
    (True, True)
    """
    g = np.asarray(shear_modulus_ratio, dtype=float)
    if np.any(g < 0):
        raise ParameterError("shear_modulus_ratio", g.tolist(), ">= 0")
    nu_li = lithium_metal().poisson_ratio if nu_li is None else nu_li
    ne, nl, v = check_poisson_ratio(nu_electrolyte, "nu_electrolyte"), check_poisson_ratio(nu_li, "nu_li"), _check_v(molar_volume_ratio)
    s = 0.5 * (1 + v) * (g * _a(ne) - _a(nl)) - 0.5 * (1 - v) * (g * _h(ne) - _h(nl))
    return s[()] if s.ndim == 0 else s


@dataclass(frozen=True)
class CriticalRatio:
    """Critical G_electrolyte / G_Li and the side of it that is stable."""

    critical_ratio: float  # [1]; nan when no finite threshold exists
    stable_side: str  # "above", "below", "always" or "never"
    regime: str  # "pressure-driven", "density-driven" or "none"


def critical_shear_modulus_ratio(nu_electrolyte: float, nu_li: float | None = None,
                                 molar_volume_ratio: float = 1.0) -> CriticalRatio:
    """Critical shear-modulus ratio G_electrolyte / G_Li for stable Li electrodeposition.

    Parameters
    ----------
    nu_electrolyte : float
        Poisson's ratio of the solid electrolyte [1].
    nu_li : float, optional
        Poisson's ratio of Li [1], default :func:`lithium_metal`'s, 0.42 (Monroe & Newman 2005).
    molar_volume_ratio : float, optional
        v = molar volume of Li+ in the electrolyte / molar volume of Li metal [1]; v = 1 is the
        Monroe-Newman limit.

    Returns
    -------
    CriticalRatio
        ``critical_ratio`` g_c = N / D and ``stable_side``: "above" (pressure-driven regime,
        D > 0: stable for g > g_c), "below" (density-driven regime, D < 0: stable for g < g_c),
        "always" or "never" when g_c <= 0.

    Notes
    -----
    Setting S = 0 in eq. (cellsim D1) of :func:`stability_parameter`:

        g_c = [(1 + v) a_Li - (1 - v) h_Li] / [(1 + v) a_e - (1 - v) h_e] = N / D.

    D changes sign at v0 = (h_e - a_e) / (h_e + a_e) (0.24 for nu_e = 0.33): for v > v0 the
    electrolyte must be *stiffer* than g_c (pressure-driven, includes Monroe-Newman at v = 1);
    for v < v0 it must be *softer* than g_c (density-driven). This matches Ahmad &
    Viswanathan's statement that the density-driven regime is that of Li+ occupying less
    volume in the electrolyte than in the metal, where stiff inorganic solids are
    destabilising; it is the opposite of assigning the density-driven regime to v > 1.
    Reconstruction, not checked term by term against the PRL (see stability_parameter).

    References
    ----------
    Monroe & Newman, J. Electrochem. Soc. 152, A396 (2005), doi:10.1149/1.1850854.
    Ahmad & Viswanathan, Phys. Rev. Lett. 119, 056003 (2017), doi:10.1103/PhysRevLett.119.056003.

    Examples
    --------
    Monroe-Newman limit (v = 1, nu_Li = 0.42, PEO-like nu = 0.33), "about twice":

    >>> r = critical_shear_modulus_ratio(0.33, 0.42, 1.0)
    >>> round(r.critical_ratio, 2), r.regime
    (1.83, 'pressure-driven')
    """
    ne = float(check_poisson_ratio(nu_electrolyte, "nu_electrolyte"))
    nl = float(check_poisson_ratio(lithium_metal().poisson_ratio if nu_li is None else nu_li, "nu_li"))
    v = float(_check_v(molar_volume_ratio))
    N = (1 + v) * _a(nl) - (1 - v) * _h(nl)
    D = (1 + v) * _a(ne) - (1 - v) * _h(ne)
    if abs(D) < 1e-12:
        return CriticalRatio(float("nan"), "always" if N < 0 else "never", "none")
    gc = N / D
    if D > 0:
        return CriticalRatio(gc, "above", "pressure-driven") if gc > 0 else CriticalRatio(gc, "always", "pressure-driven")
    return CriticalRatio(gc, "below", "density-driven") if gc > 0 else CriticalRatio(gc, "never", "none")


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
    """One row of a dendrite-suppression table."""

    material: str
    temperature_K: float
    shear_modulus_ratio: float  # G_electrolyte / G_Li [1] (nan when Li is molten)
    critical_ratio: float  # [1]
    regime: str
    result: str  # "pass", "marginal", "fail" or "not applicable"
    note: str = ""


def verdict(material: str, shear_modulus_electrolyte: float, temperature_K: float,
            poisson_ratio_electrolyte: float | None = None, molar_volume_ratio: float = 1.0,
            grain_boundary_fraction: float = 1.0, marginal_band: float = 0.10) -> DendriteVerdict:
    """Pass/marginal/fail of the shear-modulus criterion for one electrolyte against solid Li.

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
        reference value 0.33, i.e. the "~2 G_Li" rule the Review quotes (section 6.4);
        give the material's own value for the full criterion.
    molar_volume_ratio : float, optional
        v [1]; 1 is the Monroe-Newman limit.
    grain_boundary_fraction : float, optional
        Multiply G by this factor (e.g. 0.5, Review section 6.4) to test grain boundaries.
    marginal_band : float, optional
        Relative band around the critical ratio called "marginal" [1], default 0.10 (+-10 %).

    Returns
    -------
    DendriteVerdict
        With result "marginal" if |g / g_c - 1| <= marginal_band, else "pass" on the stable
        side and "fail" on the other; "not applicable" when Li is molten (T >= 453.65 K:
        liquid Li has no shear modulus, so no shear criterion applies).

    Notes
    -----
    g = f_GB G_e / G_Li(T) compared with g_c of :func:`critical_shear_modulus_ratio`.

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
    crit = critical_shear_modulus_ratio(nu, li.poisson_ratio, molar_volume_ratio)
    G_li = lithium_shear_modulus(temperature_K)
    G_e = grain_boundary_shear_modulus(shear_modulus_electrolyte, grain_boundary_fraction)
    if G_li == 0.0:
        return DendriteVerdict(material, float(temperature_K), float("nan"), crit.critical_ratio, crit.regime,
                               "not applicable", "Li molten (T >= 453.65 K): no shear criterion applies")
    g = G_e / G_li
    if crit.stable_side == "always":
        return DendriteVerdict(material, float(temperature_K), g, crit.critical_ratio, crit.regime, "pass")
    if crit.stable_side == "never":
        return DendriteVerdict(material, float(temperature_K), g, crit.critical_ratio, crit.regime, "fail",
                               "no shear modulus gives stable deposition at this molar-volume ratio")
    margin = g / crit.critical_ratio - 1.0
    if abs(margin) <= marginal_band:
        result = "marginal"
    elif (margin > 0) == (crit.stable_side == "above"):
        result = "pass"
    else:
        result = "fail"
    return DendriteVerdict(material, float(temperature_K), g, crit.critical_ratio, crit.regime, result,
                           f"stable {crit.stable_side} g_c; margin {margin:+.1%}")
