"""Ionic conductivity of antiperovskite electrolytes vs temperature (review eq. 1).

The model is the review's eq. 1, sigma = (A / T) n exp(-Ea / kB T), with the prefactor A*n of
each branch anchored at one measured point (T_ref, sigma_ref). A first-order phase transition
switches between a low-temperature and a high-temperature branch at ``transition_temperature``.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..errors import ParameterError

BOLTZMANN_EV = 8.617333262e-5  # eV.K-1


def arrhenius_conductivity(temperature_K, conductivity_ref_S_m, temperature_ref_K, activation_energy_eV):
    """Conductivity of one Arrhenius branch of the review's eq. 1.

    Parameters
    ----------
    temperature_K : float or array
        Temperature [K].
    conductivity_ref_S_m : float
        Conductivity at ``temperature_ref_K`` [S.m-1].
    temperature_ref_K : float
        Temperature of the anchor point [K].
    activation_energy_eV : float
        Activation energy Ea [eV].

    Returns
    -------
    sigma : float or array
        Ionic conductivity [S.m-1].

    Notes
    -----
    Review eq. 1, :math:`\\sigma = (A/T)\\,n\\,\\exp(-E_a/k_B T)`, written through an anchor point:

    .. math:: \\sigma(T) = \\sigma_{ref}\\,\\frac{T_{ref}}{T}
              \\exp\\left[-\\frac{E_a}{k_B}\\left(\\frac{1}{T} - \\frac{1}{T_{ref}}\\right)\\right]

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, eq. 1, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Li3OCl, 0.85 mS/cm at 298.15 K and Ea = 0.26 eV (Zhao & Daemen 2012), at 100 degC:

    >>> round(float(arrhenius_conductivity(373.15, 0.085, 298.15, 0.26)), 3)
    0.519
    """
    T = np.asarray(temperature_K, dtype=float)
    if np.any(T <= 0):
        raise ParameterError("temperature_K", temperature_K, "> 0 K (absolute temperature)")
    out = conductivity_ref_S_m * (temperature_ref_K / T) * np.exp(
        -activation_energy_eV / BOLTZMANN_EV * (1.0 / T - 1.0 / temperature_ref_K))
    return out if out.ndim else float(out)


def _branch(branch, T):
    return arrhenius_conductivity(T, branch.conductivity_ref, branch.temperature_ref, branch.activation_energy)


def electrolyte_conductivity(electrolyte, temperature_K, check_range: str = "warn"):
    """Bulk ionic conductivity of a loaded electrolyte, with its phase transition if it has one.

    Parameters
    ----------
    electrolyte : cellsim.parameters.Electrolyte
        Loaded parameter set.
    temperature_K : float or array
        Temperature [K].
    check_range : {"warn", "error", "ignore"}
        What to do outside the temperature range of the material's data: warn (default) with the
        range, raise :class:`~cellsim.errors.ParameterError`, or say nothing.

    Returns
    -------
    sigma : float or array
        Ionic conductivity [S.m-1].

    Notes
    -----
    Below ``transition_temperature`` the low-temperature branch applies, at and above it the
    high-temperature branch (a first-order transition: a step in sigma, no hysteresis modelled).

    Examples
    --------
    >>> from cellsim.parameters import load_electrolyte
    >>> li2ohcl = load_electrolyte("Li2(OH)Cl")
    >>> jump = electrolyte_conductivity(li2ohcl, 313.15) / electrolyte_conductivity(li2ohcl, 303.15)
    >>> bool(jump > 100)
    True
    """
    T = np.asarray(temperature_K, dtype=float)
    lo, hi = electrolyte.temperature_min, electrolyte.temperature_max
    if np.any((T < lo) | (T > hi)) and check_range != "ignore":
        msg = (f"temperature {temperature_K} K is outside the data range of {electrolyte.name}: "
               f"[{lo:.2f}, {hi:.2f}] K")
        if check_range == "error":
            raise ParameterError("temperature_K", temperature_K, f"[{lo:.2f}, {hi:.2f}] K for {electrolyte.name}")
        warnings.warn(msg + "; the Arrhenius law is extrapolated", RuntimeWarning, stacklevel=2)
    sigma = _branch(electrolyte.conductivity, T)
    if electrolyte.transition_temperature is not None:
        sigma = np.where(T < electrolyte.transition_temperature,
                         _branch(electrolyte.low_temperature_conductivity, T), sigma)
    sigma = np.asarray(sigma)
    return sigma if sigma.ndim else float(sigma)


def effective_conductivity(sigma_S_m, volume_fraction, bruggeman_exponent=1.5):
    """Effective conductivity of the electrolyte in a porous composite (Bruggeman).

    Parameters
    ----------
    sigma_S_m : float
        Bulk conductivity of the electrolyte [S.m-1].
    volume_fraction : float
        Volume fraction of electrolyte, 0 < eps <= 1 [1].
    bruggeman_exponent : float
        Exponent b [1].

    Returns
    -------
    float
        Effective conductivity sigma * eps^b [S.m-1].

    Notes
    -----
    :math:`\\sigma_{eff} = \\sigma\\,\\varepsilon^{b} = \\sigma\\,\\varepsilon/\\tau` with tortuosity
    :math:`\\tau = \\varepsilon^{1-b}`; b = 1.5 for spheres (Bruggeman, Ann. Phys. 416 (1935) 636,
    doi:10.1002/andp.19354160705). This is the same law PyBaMM applies inside the cell.

    Examples
    --------
    >>> round(effective_conductivity(0.1, 0.36, 1.5), 4)
    0.0216
    """
    if not 0 < volume_fraction <= 1:
        raise ParameterError("volume_fraction", volume_fraction, "0 < volume_fraction <= 1")
    return sigma_S_m * volume_fraction ** bruggeman_exponent
