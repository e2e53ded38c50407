"""Cycling protocols: constant current (per gram of cathode active material or C-rate), voltage
limits, optional constant-voltage hold and rests. Turned into a ``pybamm.Experiment`` by the cell."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import ParameterError
from ..parameters.units import NUMBER, normalize_unit, to_si


@dataclass(frozen=True)
class Protocol:
    """A galvanostatic cycling protocol; the cell starts discharged, so each cycle is charge then discharge.

    Parameters
    ----------
    specific_current_A_kg : float, optional
        Current per mass of cathode active material [A.kg-1] (numerically equal to mA/g).
    c_rate : float, optional
        Current as a C-rate relative to the cathode's nominal capacity [h-1]. Give exactly one of the two.
    lower_voltage_V, upper_voltage_V : float
        Cut-off voltages [V].
    cycles : int
        Number of charge/discharge cycles.
    rest_s : float
        Rest after each charge and each discharge [s] (0: none).
    cv_hold_current_fraction : float, optional
        If given, hold at ``upper_voltage_V`` after the charge until the current falls to this fraction
        of the charge current [1].
    """

    specific_current_A_kg: float | None = None
    c_rate: float | None = None
    lower_voltage_V: float = 1.0
    upper_voltage_V: float = 2.71
    cycles: int = 1
    rest_s: float = 0.0
    cv_hold_current_fraction: float | None = None

    def __post_init__(self):
        if (self.specific_current_A_kg is None) == (self.c_rate is None):
            raise ParameterError("rate", (self.specific_current_A_kg, self.c_rate),
                                 "exactly one of specific_current_A_kg (e.g. 25 for 25 mA/g) or c_rate (e.g. 0.2)")
        rate = self.specific_current_A_kg if self.c_rate is None else self.c_rate
        if not rate > 0:
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


def parse_rate(text: str) -> dict:
    """Parse a rate such as ``"25mA/g"``, ``"25 mA.g-1"``, ``"0.2C"`` or ``"C/10"`` into Protocol keywords.

    Examples
    --------
    >>> parse_rate("25mA/g")
    {'specific_current_A_kg': 25.0}
    >>> parse_rate("C/5")
    {'c_rate': 0.2}
    """
    allowed = "a specific current such as '25mA/g' or a C-rate such as '0.2C' or 'C/10'"
    s = str(text).replace(" ", "")

    def positive(number):
        value = float(number)
        if not (math.isfinite(value) and value > 0):
            raise ParameterError("rate", text, f"a finite value > 0 (the sign is set by charge/discharge): {allowed}")
        return value

    m = re.fullmatch(rf"({NUMBER})([A-Za-z][A-Za-z0-9./_-]*)", s)
    unit = normalize_unit(m.group(2), "A.kg-1") if m else None  # mA/g, mA.g-1, A/kg, A.kg-1
    if unit is not None:
        return {"specific_current_A_kg": to_si(positive(m.group(1)), unit, "A.kg-1", "rate")}
    m = re.fullmatch(rf"({NUMBER})C", s)
    if m:
        return {"c_rate": positive(m.group(1))}
    m = re.fullmatch(rf"C/({NUMBER})", s)
    if m:
        return {"c_rate": 1.0 / positive(m.group(1))}
    raise ParameterError("rate", text, allowed)
