"""Growth of the oxidative interphase on the cathode: reaction, transport through the product, electrolyte supply.

Where the cathode drives the electrolyte past its oxidation limit, the electrolyte oxidises to an insulating
product (for the Li3OCl proxy: Li3OCl -> 1/2 Li2O2 + LiCl + Li+ + e-, Review Table 3). Three things set the
growth current density j [A.m-2 of particle surface] (j > 0: anodic, Li+ released into the cell):

1. the reaction at the interface, j_r = j0 exp(alpha F eta / R T) (Tafel, eta above the oxidation limit);
2. transport through the product already grown (thickness L), in series with it: the Deal-Grove form
   1/j = 1/j_r + L/K, so that for a thick film j -> K/L and L^2 = k_p t (parabolic growth, passivation),
   with K = F z k_p / (2 V_m) (z Li+ per formula unit of product, V_m its molar volume);
3. the electrolyte in contact: the reaction consumes it (nu formula units of molar volume V_e per formula unit
   of product), the electrolyte volume fraction eps falls and the reacting contact area with it,
   j -> j * max(eps, 0) / eps_0, so growth stops when the electrolyte is used up.

A coating protects the area it covers (coverage theta) unless electrons tunnel through it (decay length
lambda): the reaction runs at f = (1 - theta) + theta t of the bare rate (t = exp(-L_c / lambda),
:func:`protection_factor`). The product then spreads over a fraction A of the surface (:func:`film_area_fraction`):
A = 1 - theta on bare patches (its local thickness L / A), A = 1 over a complete coating that electrons tunnel
through (a uniform film), so that transport through it limits growth as j = f j_r / (1 + f j_r L / (A^2 K)).
L is the area-averaged film: its volume per unit of particle surface (a planar-equivalent thickness; the
electrolyte and Li balances are exact in it). A spherical shell of that volume is thinner, delta = R ((1 + 3 L /
R)^(1/3) - 1), and its resistance and diffusion length per unit particle surface go as delta R / (R + delta):
646 and 566 nm for L = 740 nm on 4.6 um particles, so the planar film overstates them by ~31 % there.

Every function takes numbers or numpy arrays; :func:`growth_current_density` and :func:`contact_factor` also
take PyBaMM symbols (``maximum=pybamm.maximum``), so the cell model uses these same equations.

References
----------
B. E. Deal, A. S. Grove, J. Appl. Phys. 36 (1965) 3770, doi:10.1063/1.1713945 (linear-parabolic growth).
"""
from __future__ import annotations

import numpy as np

from ..checks import check_fraction, check_nonnegative, check_positive
from ..constants import FARADAY


def protection_factor(coverage, coating_thickness_m, decay_length_m, extra_covered_rate=0.0):
    """Fraction of the bare-surface reaction rate that passes a coating.

    Parameters
    ----------
    coverage : float or array
        Fraction of the particle surface covered by the coating, theta [1], in [0, 1].
    coating_thickness_m : float or array
        Coating thickness L_c [m], >= 0.
    decay_length_m : float or array
        Decay length lambda of electron tunnelling through the coating [m], > 0.
    extra_covered_rate : float or array
        A further rate on the covered area, as a fraction of the bare rate (e.g. the coating's own oxidation) [1].

    Returns
    -------
    float or array
        f = (1 - theta) + theta (exp(-L_c / lambda) + extra) [1]: the bare area reacts at the full rate, the
        covered area at the tunnelling probability (a WKB barrier, transmission ~ exp(-L / lambda)).

    Examples
    --------
    >>> round(float(protection_factor(0.95, 2e-9, 0.5e-9)), 5)
    0.0674
    """
    check_fraction(coverage, "coating.coverage")
    check_nonnegative(coating_thickness_m, "coating.thickness", "m")
    check_positive(decay_length_m, "coating.electron_decay_length", "m")
    theta = np.asarray(coverage, dtype=float)
    return (1.0 - theta) + theta * (np.exp(-np.asarray(coating_thickness_m, dtype=float) / decay_length_m)
                                    + extra_covered_rate)


def film_area_fraction(coverage, coating_thickness_m, decay_length_m, extra_covered_rate=0.0):
    """Fraction A of the particle surface over which the interphase spreads, for one film thickness state [1].

    Parameters
    ----------
    coverage, coating_thickness_m, decay_length_m : float or array
        As :func:`protection_factor` (theta, L_c, lambda).
    extra_covered_rate : float or array
        A further rate on the covered area, as a fraction of the bare rate (e.g. the coating's own oxidation) [1].

    Returns
    -------
    float or array
        A = sqrt(f^3 / ((1 - theta) + theta t^3)), t = exp(-L_c / lambda) + extra, f = (1 - theta) + theta t.

    Notes
    -----
    Two films really grow: on the bare patches (area 1 - theta, reaction rate j_r) and over the covered area
    (theta, rate t j_r), each with its own thickness. One area-averaged thickness L stands for both when the
    transport term of :func:`growth_current_density`, f^3 j_r^3 tau / (A^2 K) for a film grown for a time tau,
    equals the sum of the two films' ((1 - theta) + theta t^3) j_r^3 tau / K: the two agree to first order in the
    transport term (thin films). Exact limits: no tunnelling (t = 0) A = 1 - theta, the product on the patches
    alone; complete coverage (theta = 1) or no protection (t = 1) A = 1, one uniform film. For thick films with
    0 < t and theta < 1 the two-film answer tends to A = 1 and this one stays below it (it underestimates their
    growth; issue 14 referee: 2.04 vs 2.27 at theta = 0.5, t = 0.1 in units of K = j_r = 1, time 10).

    Examples
    --------
    >>> float(film_area_fraction(1.0, 2e-9, 0.11e-9)), round(float(film_area_fraction(0.5, 2e-9, 0.11e-9)), 6)
    (1.0, 0.5)
    """
    theta = np.asarray(coverage, dtype=float)
    t = np.exp(-np.asarray(coating_thickness_m, dtype=float) / decay_length_m) + extra_covered_rate
    f = protection_factor(coverage, coating_thickness_m, decay_length_m, extra_covered_rate)
    weight = (1.0 - theta) + theta * t ** 3
    with np.errstate(invalid="ignore", divide="ignore"):  # a blocking complete coating (t underflows): a uniform film
        return np.where(weight > 0, np.sqrt(f ** 3 / np.where(weight > 0, weight, 1.0)), 1.0)[()]


def transport_coefficient(parabolic_rate_constant_m2_s, molar_volume_m3_mol, lithium_per_formula):
    """Transport coefficient K of the product [A.m-1]: the transport-limited growth current is K / L.

    Notes
    -----
    With j = K / L and dL/dt = j V_m / (F z), L dL/dt = K V_m / (F z), so L^2 = 2 K V_m t / (F z) = k_p t:

        K = F z k_p / (2 V_m)                                                           (1)

    Examples
    --------
    >>> round(transport_coefficient(1e-20, 30.4e-6, 1.0) * 1e12, 3)  # A.m-1 x 1e12
    15.869
    """
    return FARADAY * lithium_per_formula * parabolic_rate_constant_m2_s / (2.0 * molar_volume_m3_mol)


def growth_current_density(j_reaction, thickness_m, transport_coefficient_A_m, exposed_fraction=1.0,
                           film_area=None):
    """Area-averaged growth current density of reaction and transport in series (Deal-Grove) [A.m-2].

    j = f j_r / (1 + f j_r L / (A^2 K)): the reaction runs at f j_r per unit of particle surface
    (:func:`protection_factor`) and its product covers the fraction A (:func:`film_area_fraction`; default f:
    bare patches), where its local thickness is L / A and the local rate (f / A) j_r / (1 + (f / A) j_r (L / A) / K).
    Bare patches (A = f): j = f j_r / (1 + j_r L / (f K)); a uniform film over a tunnelled coating (A = 1):
    j = f j_r / (1 + f j_r L / K). j -> f j_r for a thin film, j -> A^2 K / L (parabolic) for a thick one.
    Works on numbers, arrays and PyBaMM symbols.

    Examples
    --------
    >>> growth_current_density(1e-2, 1e-7, 1e-9)   # K / L = 1e-2: half the reaction rate
    0.005
    >>> round(growth_current_density(1e-2, 1e-8, 1e-9, 0.1), 6)   # 10 % exposed patches: local film 1e-7 m
    0.0005
    >>> round(growth_current_density(1e-2, 1e-8, 1e-9, 0.1, 1.0), 6)   # uniform film, 10 % tunnelling rate
    0.00099
    """
    f = exposed_fraction
    A = f if film_area is None else film_area
    return f * j_reaction / (1 + f * j_reaction * thickness_m / (A * A * transport_coefficient_A_m))


def contact_factor(electrolyte_fraction, initial_electrolyte_fraction, maximum=np.maximum):
    """Fraction of the initial reacting contact left: max(eps, 0) / eps_0 [1] (0 when the electrolyte is used up).

    ``maximum`` is numpy's, or ``pybamm.maximum`` for PyBaMM symbols.

    Examples
    --------
    >>> float(contact_factor(0.19, 0.38))
    0.5
    """
    return maximum(electrolyte_fraction, 0.0) / initial_electrolyte_fraction


def electrolyte_volume_ratio(electrolyte_per_formula, electrolyte_molar_volume_m3_mol, molar_volume_m3_mol):
    """Electrolyte volume consumed per volume of interphase formed, nu V_e / V_m [1].

    The composite's electrolyte volume fraction falls by this ratio times the interphase volume formed per
    electrode volume: d eps = -(nu V_e / V_m) a dL, a the particle surface per electrode volume.

    Examples
    --------
    >>> round(electrolyte_volume_ratio(1.0, 36.0e-6, 30.4e-6), 4)
    1.1842
    """
    return electrolyte_per_formula * electrolyte_molar_volume_m3_mol / molar_volume_m3_mol


def maximum_thickness(initial_electrolyte_fraction, surface_area_m_1, volume_ratio):
    """The largest interphase thickness the electrolyte allows [m]: all of it consumed, eps_0 / (a nu V_e / V_m).

    Examples
    --------
    >>> round(maximum_thickness(0.38, 3.92e5, 1.1842) * 1e9, 1)  # nm
    818.6
    """
    return initial_electrolyte_fraction / (surface_area_m_1 * volume_ratio)


def grow_over_cycles(time_s, reaction_current_A_m2, cycles, transport_coefficient_A_m, molar_volume_m3_mol,
                     lithium_per_formula, initial_electrolyte_fraction, surface_area_m_1, volume_ratio,
                     initial_thickness_m=0.0, exposed_fraction=1.0, film_area=None):
    """Integrate the growth law over many repetitions of one cycle's reaction current (a fast stand-in for a cell run).

    Parameters
    ----------
    time_s, reaction_current_A_m2 : array
        One cycle of the reaction-limited rate j_r(t) [s, A.m-2] (the cathode's potential history of a run),
        repeated ``cycles`` times.
    cycles : int
        Number of cycles.
    transport_coefficient_A_m : float
        K of :func:`transport_coefficient` [A.m-1].
    molar_volume_m3_mol, lithium_per_formula : float
        V_m [m3.mol-1] and z [1] of the product.
    initial_electrolyte_fraction, surface_area_m_1, volume_ratio : float
        eps_0 [1], a [m-1] and nu V_e / V_m [1].
    initial_thickness_m : float
        Film grown before the first cycle [m].
    exposed_fraction : float
        f of :func:`protection_factor` (1: bare cathode).
    film_area : float, optional
        A of :func:`film_area_fraction` (default f: bare patches).

    Returns
    -------
    numpy.ndarray
        Grown thickness at the end of each cycle [m], shape (cycles,).

    Notes
    -----
    dL/dt = V_m / (F z) * c(eps) * f j_r / (1 + j_r L / (f K)), eps = eps_0 - volume_ratio a L, integrated with
    scipy's LSODA (stiff-capable) cycle by cycle, the rate linearly interpolated in time.
    """
    from scipy.integrate import solve_ivp

    t = np.asarray(time_s, dtype=float) - float(time_s[0])
    jr = np.asarray(reaction_current_A_m2, dtype=float)
    scale = molar_volume_m3_mol / (FARADAY * lithium_per_formula)

    def rhs(tt, y):
        L = y[0]
        eps = initial_electrolyte_fraction - volume_ratio * surface_area_m_1 * L
        j = growth_current_density(np.interp(tt, t, jr), L, transport_coefficient_A_m, exposed_fraction, film_area)
        return [scale * contact_factor(eps, initial_electrolyte_fraction) * j]

    out, L = np.empty(cycles), float(initial_thickness_m)
    for n in range(cycles):
        sol = solve_ivp(rhs, (0.0, t[-1]), [L], method="LSODA", rtol=1e-8, atol=1e-15, max_step=t[-1] / 50)
        L = float(sol.y[0, -1])
        out[n] = L
    return out


__all__ = ["contact_factor", "electrolyte_volume_ratio", "film_area_fraction", "grow_over_cycles", "growth_current_density",
           "maximum_thickness", "protection_factor", "transport_coefficient"]
