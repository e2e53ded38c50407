"""Electrochemical stability windows: the calculator and the interface checks.

- :func:`compute_window`: windows from Gibbs energies by the Li grand-potential construction (the shipped
  NIST-JANAF/NBS table: :func:`cellsim.parameters.thermo.load_gibbs_energies`).
- :func:`window_excursion`, :func:`coating_check`, :func:`coating_passes`,
  :func:`area_specific_resistance`: pure interface checks on potential time series.

The sourced window database is data: :mod:`cellsim.parameters.windows` (``window``, ``load_windows``).
"""
from .interface import (CoatingCheck, Excursion, area_specific_resistance, coating_check, coating_passes,
                        window_excursion)
from .thermo import ComputedWindow, compute_window, reaction_voltage

__all__ = [
    "ComputedWindow", "Excursion", "CoatingCheck",
    "compute_window", "reaction_voltage",
    "window_excursion", "coating_check", "coating_passes", "area_specific_resistance",
]
