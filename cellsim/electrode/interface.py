"""Charge transfer across an active-particle | solid-electrolyte interface.

The interfacial resistance of a composite electrode is given as the linear (zero-current) charge-transfer
resistance R_ct per unit of particle surface [Ohm.m2], thermally activated with its own Ea. The cell's
Butler-Volmer kinetics need an exchange current density: linearising

    j = j0 [exp(alpha F eta / R T) - exp(-(1 - alpha) F eta / R T)]  ->  j = j0 F eta / (R T)   (|eta| << RT/F)

gives R_ct = d eta / d j = R T / (F j0), independent of alpha (Bard & Faulkner, Electrochemical Methods, 2nd ed.
(2001), eq. 3.4.13). So j0 = R T / (F R_ct): an ASR fixes the exchange current density at each temperature.
"""
from __future__ import annotations

import numpy as np

from ..checks import check_positive, check_temperature
from ..constants import BOLTZMANN_EV, FARADAY, GAS_CONSTANT


def charge_transfer_resistance(resistance_ref_Ohm_m2, temperature_ref_K, activation_energy_eV, temperature_K,
                               backend=np):
    """Interfacial charge-transfer resistance at ``temperature_K`` (Arrhenius).

    R_ct(T) = R_ct,ref exp(Ea / kB (1/T - 1/T_ref)).

    Parameters
    ----------
    resistance_ref_Ohm_m2 : float
        R_ct at ``temperature_ref_K``, per unit of particle surface [Ohm.m2].
    temperature_ref_K : float
        Reference temperature [K].
    activation_energy_eV : float
        Activation energy of the charge transfer [eV].
    temperature_K : float or PyBaMM symbol
        Temperature [K].
    backend : module
        ``numpy`` (default) or ``pybamm`` (for a symbolic temperature inside the cell model).

    Returns
    -------
    float or symbol
        R_ct(T) [Ohm.m2].

    Examples
    --------
    >>> round(float(charge_transfer_resistance(1.0, 373.15, 0.326, 333.15)), 3)  # 0.326 eV: x3.38 from 100 to 60 degC
    3.378
    """
    if backend is np:
        check_positive(resistance_ref_Ohm_m2, "charge_transfer_resistance")
        check_temperature(temperature_K)
    return resistance_ref_Ohm_m2 * backend.exp(activation_energy_eV / BOLTZMANN_EV * (1 / temperature_K - 1 / temperature_ref_K))


def exchange_current_density(resistance_Ohm_m2, temperature_K):
    """Exchange current density with the linear charge-transfer resistance ``resistance_Ohm_m2``.

    j0 = R T / (F R_ct) (module docstring). Works on numbers and on PyBaMM symbols.

    Parameters
    ----------
    resistance_Ohm_m2 : float or symbol
        Linear charge-transfer resistance per particle surface [Ohm.m2].
    temperature_K : float or symbol
        Temperature [K].

    Returns
    -------
    float or symbol
        j0 [A.m-2].

    Examples
    --------
    >>> round(exchange_current_density(0.1, 373.15), 4)  # RT/F = 32.16 mV at 100 degC
    0.3216
    """
    return GAS_CONSTANT * temperature_K / (FARADAY * resistance_Ohm_m2)


__all__ = ["charge_transfer_resistance", "exchange_current_density"]
