"""Small laws the cell's modules share, in a module that imports none of them (no import circles)."""
from __future__ import annotations

import math

from ..constants import GAS_CONSTANT


def arrhenius_factor(activation_energy_J_mol, temperature_ref_K, temperature_K, xp=math):
    """Factor that moves a thermally activated prefactor from ``temperature_ref_K`` to ``temperature_K`` [1].

    exp(Ea / R (1/T_ref - 1/T)): > 1 above the reference for Ea > 0. ``xp``: ``math`` (numbers) or ``pybamm``
    (symbolic temperatures or parameters inside the cell model). The one copy of this law in :mod:`cellsim.cell`
    (diffusivity, material exchange current, the cathode interphase's rate, the BPX export's reference shifts).

    Examples
    --------
    >>> round(arrhenius_factor(50e3, 298.15, 373.15), 1)  # 50 kJ/mol from 25 to 100 degC
    57.6
    """
    return xp.exp(activation_energy_J_mol / GAS_CONSTANT * (1 / temperature_ref_K - 1 / temperature_K))
