"""Electronic conductivity of a composite electrode: active-material path plus a percolating additive.

A melt-infiltrated composite electrode is active particles (volume fraction eps_am), an optional conductive
additive (phi) and the solid electrolyte filling the rest. Electrons move through two parallel paths:

* the active particles themselves, whose own conductivity sigma_am(x) depends strongly on their Li content x
  (NCM111 ~1e-5 S/m discharged, ~1 S/m at x = 0.25; lithiated Li7Ti5O12 ~250 S/m, pristine Li4Ti5O12 ~1e-7 S/m),
  reduced by the Bruggeman factor eps_am^b;
* the additive network, which conducts only above its percolation threshold phi_c (percolation theory).

The two are taken in parallel (:func:`composite_electronic_conductivity`): a bound from above, exact when the
paths do not share bottlenecks, and the usual form of battery-electrode models.

The solid-phase ohmic drop this conductivity causes, for a reaction spread uniformly through an electrode of
thickness L at current density I, has the electrode average I L / (3 sigma_eff) (:func:`uniform_reaction_drop`).
"""
from __future__ import annotations

import numpy as np

from ..checks import as_output
from ..errors import ParameterError


def percolation_conductivity(volume_fraction, conductivity_S_m, threshold, exponent):
    """Effective conductivity of a conducting filler in an insulating matrix (percolation power law).

    Parameters
    ----------
    volume_fraction : float or array
        Filler volume fraction phi of the whole composite [1].
    conductivity_S_m : float
        Conductivity of the dense filler, sigma_c [S.m-1].
    threshold : float
        Percolation threshold phi_c, 0 < phi_c < 1 [1].
    exponent : float
        Conductivity exponent t [1].

    Returns
    -------
    sigma : float or array
        Effective conductivity [S.m-1]; 0 at and below the threshold.

    Notes
    -----
    Above the threshold (Kirkpatrick 1973; Stauffer & Aharony 1994, ch. 5)

    .. math:: \\sigma_{eff} = \\sigma_c \\left(\\frac{\\phi - \\phi_c}{1 - \\phi_c}\\right)^t,
              \\quad \\phi > \\phi_c; \\qquad \\sigma_{eff} = 0, \\quad \\phi \\le \\phi_c      (1)

    normalised so that the dense filler (phi = 1) has sigma_c. t is about 2 in three dimensions (random resistor
    networks; Kirkpatrick 1973 found 1.5-1.7 on his lattices, later work 2.0 +- 0.1); phi_c is about 0.16 for
    random spheres (Scher & Zallen's critical volume fraction) and lower for aggregated carbon blacks (0.10 with
    t = 1.95 for a Vulcan XC72 carbon black in a polymer, Balberg). Eq. 1 is a scaling law: it holds near the
    threshold and is used here over the whole range above it, as is usual for battery-electrode additives.

    References
    ----------
    S. Kirkpatrick, Rev. Mod. Phys. 45 (1973) 574, doi:10.1103/RevModPhys.45.574.
    H. Scher, R. Zallen, J. Chem. Phys. 53 (1970) 3759, doi:10.1063/1.1674565.
    D. Stauffer, A. Aharony, Introduction to Percolation Theory, 2nd ed., Taylor & Francis (1994).

    Examples
    --------
    15 vol% carbon black (sigma_c = 1000 S/m, phi_c = 0.10, t = 1.95):

    >>> round(float(percolation_conductivity(0.15, 1000.0, 0.10, 1.95)), 3)
    3.566
    """
    phi = np.asarray(volume_fraction, dtype=float)
    if np.any((phi < 0) | (phi > 1)):
        raise ParameterError("volume_fraction", volume_fraction, "a fraction in [0, 1]")
    if not 0 < threshold < 1:
        raise ParameterError("threshold", threshold, "a percolation threshold in (0, 1)")
    excess = np.clip((phi - threshold) / (1 - threshold), 0.0, None)
    return as_output(conductivity_S_m * excess ** exponent)


def _clip01(s, backend):
    if backend is np:
        return np.clip(s, 0.0, 1.0)
    return backend.maximum(backend.minimum(s, 1.0), 0.0)


def active_material_conductivity(stoichiometry, law, backend=np):
    """Electronic conductivity of a dense active material vs its Li stoichiometry (log-linear law).

    Parameters
    ----------
    stoichiometry : float, array or PyBaMM symbol
        Li stoichiometry x = c / c_max [1].
    law : ElectronicConductivity
        ``stoichiometry_low``, ``conductivity_low``, ``stoichiometry_high``, ``conductivity_high`` [1, S.m-1]
        (:class:`cellsim.parameters.schema.ElectronicConductivity`).
    backend : module
        ``numpy`` (default) or ``pybamm`` (then ``exp``, ``maximum``, ``minimum`` come from it, so the law can be
        PyBaMM's "electrode conductivity" function of the surface stoichiometry).

    Returns
    -------
    sigma : same type as ``stoichiometry``
        Conductivity [S.m-1].

    Notes
    -----
    ln sigma is interpolated linearly in x between the two measured points and held constant outside them:

    .. math:: \\ln\\sigma(x) = \\ln\\sigma_{lo} + s\\,(\\ln\\sigma_{hi} - \\ln\\sigma_{lo}),
              \\quad s = \\mathrm{clip}\\left(\\frac{x - x_{lo}}{x_{hi} - x_{lo}}, 0, 1\\right)          (2)

    A semiconductor whose carrier (hole or Ti3+ polaron) density changes with x has ln sigma roughly linear in
    the carrier fraction; the measured curves between the end points are not reproduced (only end points were
    read: Amin & Chiang 2016 for NMC111, Young et al. 2013 and Wolfenstine et al. 2008 for LTO). Equal end
    conductivities give a constant.

    Examples
    --------
    NMC111, 1e-5 S/m at x = 1 and 1 S/m at x = 0.25: half-way in x is half-way in decades:

    >>> from types import SimpleNamespace
    >>> ncm = SimpleNamespace(stoichiometry_low=0.25, conductivity_low=1.0, stoichiometry_high=1.0,
    ...                       conductivity_high=1e-5)
    >>> float(np.log10(active_material_conductivity(0.625, ncm)))
    -2.5
    """
    lo, hi = law.stoichiometry_low, law.stoichiometry_high
    ln_lo, ln_hi = np.log(law.conductivity_low), np.log(law.conductivity_high)
    s = _clip01((stoichiometry - lo) / (hi - lo), backend)
    value = backend.exp(ln_lo + s * (ln_hi - ln_lo))
    return as_output(value) if backend is np else value


def composite_electronic_conductivity(active_conductivity_S_m, active_fraction, bruggeman_exponent,
                                      additive_conductivity_S_m=0.0):
    """Effective electronic conductivity of a composite electrode: two paths in parallel.

    Parameters
    ----------
    active_conductivity_S_m : float, array or PyBaMM symbol
        Conductivity of the dense active material sigma_am [S.m-1].
    active_fraction : float
        Active-material volume fraction eps_am [1].
    bruggeman_exponent : float
        Tortuosity exponent b of the active path [1].
    additive_conductivity_S_m : float
        Effective conductivity of the additive network, :func:`percolation_conductivity` [S.m-1].

    Returns
    -------
    sigma_eff : same type as ``active_conductivity_S_m``
        [S.m-1]

    Notes
    -----
    .. math:: \\sigma_{eff} = \\sigma_{am}\\,\\varepsilon_{am}^{b} + \\sigma_{add,eff}                        (3)

    The active path is PyBaMM's own "electrode" Bruggeman correction; the additive term is eq. 1 of
    :func:`percolation_conductivity`. The parallel sum neglects the contact resistance between the two paths.

    Examples
    --------
    >>> round(float(composite_electronic_conductivity(1e-5, 0.6, 1.5, 3.566)), 6)
    3.566005
    """
    return active_conductivity_S_m * active_fraction ** bruggeman_exponent + additive_conductivity_S_m


def uniform_reaction_drop(current_density_A_m2, thickness_m, conductivity_S_m):
    """Electrode-averaged solid-phase ohmic drop for a reaction spread uniformly through the electrode.

    Parameters
    ----------
    current_density_A_m2 : float or array
        Cell current density I [A.m-2].
    thickness_m : float
        Electrode thickness L [m].
    conductivity_S_m : float or array
        Effective electronic conductivity sigma_eff [S.m-1].

    Returns
    -------
    drop : float or array
        <phi_s(x) - phi_s(collector)> over the electrode [V].

    Notes
    -----
    With x measured from the current collector and a uniform reaction, the electronic current falls linearly,
    i_s = I (1 - x/L); Ohm's law sigma dphi/dx = -i_s gives phi(x) - phi(0) = -(I/sigma)(x - x^2/2L), whose
    average over 0 < x < L is

    .. math:: \\langle \\Delta\\phi_s \\rangle = \\frac{I L}{3\\sigma_{eff}}                               (4)

    On a full cycle the charge and the discharge each lose eq. 4, so its share of the hysteresis is twice it.

    Examples
    --------
    0.356 mA/cm2 (25 mA/g on 14.25 mg/cm2) through 50 um at 100 S/m:

    >>> round(float(uniform_reaction_drop(3.5625, 50e-6, 100.0)) * 1e6, 3)
    0.594
    """
    return as_output(np.asarray(current_density_A_m2) * thickness_m / (3.0 * np.asarray(conductivity_S_m)))
