"""Cycling protocols: constant current (per gram of cathode active material, C-rate, per electrode area or
absolute), voltage limits, optional constant-voltage hold and rests. Turned into a ``pybamm.Experiment`` by the
cell."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import ParameterError
from ..parameters.units import NUMBER, normalize_unit, to_si


#: the Protocol fields that set the current; a protocol has exactly one of them
RATE_FIELDS = ("specific_current_A_kg", "c_rate", "areal_current_A_m2", "current_A")
#: the forms :func:`parse_rate` accepts, for error messages
RATE_FORMS = ("a specific current such as '25mA/g', a C-rate such as '0.2C' or 'C/10', an areal current such as "
              "'0.5mA/cm2' or '5A/m2', or a cell current such as '2mA'")


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

    def __post_init__(self):
        given = {k: getattr(self, k) for k in RATE_FIELDS if getattr(self, k) is not None}
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


#: prefixes of the current units parse_rate reads (A, mA, uA) and areas (m2, cm2) [A], [m2]
_CURRENT_PREFIX = {"": 1.0, "m": 1e-3, "u": 1e-6, "\u00b5": 1e-6}
_AREA = {"m": 1.0, "cm": 1e-4}


def parse_rate(text: str) -> dict:
    """Parse a current into Protocol keywords: specific (``"25mA/g"``, ``"25 mA.g-1"``), C-rate (``"0.2C"``,
    ``"C/10"``), areal (``"0.5mA/cm2"``, ``"5A/m2"``, ``"0.5 mA.cm-2"``) or absolute (``"2mA"``, ``"0.002A"``).

    Examples
    --------
    >>> parse_rate("25mA/g")
    {'specific_current_A_kg': 25.0}
    >>> parse_rate("C/5")
    {'c_rate': 0.2}
    >>> parse_rate("0.5mA/cm2")
    {'areal_current_A_m2': 5.0}
    >>> parse_rate("2mA")
    {'current_A': 0.002}
    """
    s = str(text).replace(" ", "")

    def positive(number):
        value = float(number)
        if not (math.isfinite(value) and value > 0):
            raise ParameterError("rate", text, f"a finite value > 0 (the sign is set by charge/discharge): "
                                               f"{RATE_FORMS}")
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
    m = re.fullmatch(rf"({NUMBER})([mu\u00b5]?)A(?:[/.](c?m)(?:\^?2|-2|\u00b2))?", s)
    if m:
        amps = positive(m.group(1)) * _CURRENT_PREFIX[m.group(2)]
        if m.group(3) is None:
            return {"current_A": amps}
        return {"areal_current_A_m2": amps / _AREA[m.group(3)]}
    raise ParameterError("rate", text, RATE_FORMS)
