"""Cycling protocols: constant current (per gram of cathode active material, C-rate, per electrode area or
absolute), voltage limits, optional constant-voltage hold and rests. Turned into a ``pybamm.Experiment`` by the
cell."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import ParameterError
from ..parameters.rates import RATE_FIELDS, RATE_FORMS, ExperimentStep, parse_experiment, parse_rate

__all__ = ["Protocol", "parse_rate", "parse_experiment", "ExperimentStep", "RATE_FIELDS", "RATE_FORMS"]


@dataclass(frozen=True)
class Protocol:
    """A galvanostatic cycling protocol; the cell starts discharged, so each cycle is charge then discharge.

    Parameters
    ----------
    specific_current_A_kg : float, optional
        Current per mass of cathode active material [A.kg-1] (numerically equal to mA/g).
    c_rate : float, optional
        Current as a C-rate relative to the cathode's nominal capacity [h-1].
    areal_current_A_m2 : float, optional
        Current per electrode area [A.m-2] (x 0.1 gives mA/cm2).
    current_A : float, optional
        Cell current [A]. Give exactly one of the four current fields (:data:`RATE_FIELDS`).
    lower_voltage_V, upper_voltage_V : float
        Cut-off voltages [V].
    cycles : int
        Number of charge/discharge cycles.
    rest_s : float
        Rest after each charge and each discharge [s] (0: none).
    cv_hold_current_fraction : float, optional
        If given, hold at ``upper_voltage_V`` after the charge until the current falls to this fraction
        of the charge current [1].
    experiment : str, list of str or tuple of ExperimentStep, optional
        The steps of one cycle as PyBaMM-style text (:func:`~cellsim.parameters.rates.parse_experiment`), e.g.
        "Charge at C/10 until 2.71 V; Rest for 10 minutes; Discharge at 25 mA/g until 1.0 V", repeated
        ``cycles`` times. It replaces the current fields, rest and CV hold (give none of those); the voltage limits
        are then unused (each step has its own).
    """

    specific_current_A_kg: float | None = None
    c_rate: float | None = None
    lower_voltage_V: float = 1.0
    upper_voltage_V: float = 2.71
    cycles: int = 1
    rest_s: float = 0.0
    cv_hold_current_fraction: float | None = None
    areal_current_A_m2: float | None = None
    current_A: float | None = None
    experiment: tuple | None = None

    def __post_init__(self):
        given = {k: getattr(self, k) for k in RATE_FIELDS if getattr(self, k) is not None}
        if self.experiment is not None:
            if not (isinstance(self.experiment, tuple) and all(isinstance(s, ExperimentStep) for s in self.experiment)):
                object.__setattr__(self, "experiment", parse_experiment(self.experiment))
            if not any(s.rate is not None for s in self.experiment):
                raise ParameterError("experiment", [s.text for s in self.experiment],
                                     "at least one 'Charge at ...' or 'Discharge at ...' step")
            if given or self.rest_s or self.cv_hold_current_fraction is not None:
                raise ParameterError("experiment", given or "rest/cv hold", "an experiment alone: its steps set the "
                                     "currents, rests and holds (no rate, rest_s or cv_hold_current_fraction)")
            if isinstance(self.cycles, bool) or not isinstance(self.cycles, int) or self.cycles < 1:
                raise ParameterError("cycles", self.cycles, "an integer >= 1")
            return
        if len(given) != 1:
            raise ParameterError("rate", given or None, "exactly one of specific_current_A_kg (e.g. 25 for 25 mA/g), "
                                 "c_rate (e.g. 0.2), areal_current_A_m2 (e.g. 5 for 0.5 mA/cm2) or current_A")
        (rate,) = given.values()
        if not rate > 0 or not math.isfinite(rate):
            raise ParameterError("rate", rate, "> 0 (the sign is set by charge/discharge)")
        if not 0 < self.lower_voltage_V < self.upper_voltage_V:
            raise ParameterError("lower_voltage_V", (self.lower_voltage_V, self.upper_voltage_V),
                                 "0 < lower_voltage_V < upper_voltage_V, e.g. (1.0, 2.71)")
        if isinstance(self.cycles, bool) or not isinstance(self.cycles, int) or self.cycles < 1:
            raise ParameterError("cycles", self.cycles, "an integer >= 1")
        if self.rest_s < 0:
            raise ParameterError("rest_s", self.rest_s, ">= 0 s")
        if self.cv_hold_current_fraction is not None and not 0 < self.cv_hold_current_fraction < 1:
            raise ParameterError("cv_hold_current_fraction", self.cv_hold_current_fraction, "0 < value < 1, e.g. 0.05")

    @property
    def reference_rate(self) -> dict:
        """The current that names the protocol, as ``{field: value}``: its own, or an experiment's first
        charge/discharge current (the output grid and ``run.json``'s ``current_A`` use it)."""
        if self.experiment is None:
            return {k: getattr(self, k) for k in RATE_FIELDS if getattr(self, k) is not None}
        for step in self.experiment:
            if step.rate is not None:
                return dict([step.rate])
        return {}
