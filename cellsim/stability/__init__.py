"""Electrochemical stability windows.

- :func:`window` / :func:`load_windows`: the sourced window database (``parameter_sets/windows``), read by
  :mod:`cellsim.parameters.windows` and re-exported here with the thermochemical tables of
  :mod:`cellsim.parameters.thermo` as the lookups a window calculation needs.
- :func:`compute_window`: windows from Gibbs energies by the Li grand-potential construction
  (with :func:`load_gibbs_energies` for the shipped NIST-JANAF/NBS table).
- :func:`window_excursion`, :func:`coating_check`, :func:`coating_passes`,
  :func:`area_specific_resistance`: pure interface checks on potential time series.
"""
from .interface import (CoatingCheck, Excursion, area_specific_resistance, coating_check, coating_passes,
                        window_excursion)
from ..parameters.thermo import PhaseData, load_gibbs_energies, load_phase_data, parse_formula
from ..parameters.windows import Window, load_windows, materials, window
from .thermo import ComputedWindow, compute_window, reaction_voltage

__all__ = [
    "Window", "ComputedWindow", "PhaseData", "Excursion", "CoatingCheck",
    "window", "load_windows", "materials",
    "compute_window", "load_gibbs_energies", "load_phase_data", "parse_formula", "reaction_voltage",
    "window_excursion", "coating_check", "coating_passes", "area_specific_resistance",
]
