"""Currents and experiment steps as text: the rate parser and the PyBaMM-style experiment grammar.

Here (floor 1) so that a cell file's ``[protocol] experiment`` is checked when the file is loaded; the cell
(:mod:`cellsim.cell.protocol`, :class:`~cellsim.cell.protocol.Protocol`) re-exports both parsers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import ParameterError
from .units import NUMBER, normalize_unit, parse_quantity, to_si

#: the Protocol fields that set the current; a protocol has exactly one of them
RATE_FIELDS = ("specific_current_A_kg", "c_rate", "areal_current_A_m2", "current_A")
#: the forms :func:`parse_rate` accepts, for error messages
RATE_FORMS = ("a specific current such as '25mA/g', a C-rate such as '0.2C' or 'C/10', an areal current such as "
              "'0.5mA/cm2' or '5A/m2', or a cell current such as '2mA'")


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


#: spelled-out time units of experiment strings -> units of the table
_TIME_WORDS = {"s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "min": "min", "mins": "min",
               "minute": "min", "minutes": "min", "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h"}
EXPERIMENT_EXAMPLE = ("'Charge at C/10 until 2.71 V; Rest for 10 minutes; Hold at 2.71 V until C/50; "
                      "Discharge at 25 mA/g until 1.0 V' (currents as cellsim reads them: mA/g, C-rates, mA/cm2, mA)")
_CURRENT_STEP = re.compile(r"(?i)(charge|discharge)\s+at\s+(?P<rate>.+?)(?:\s+for\s+(?P<dur>.+?))?"
                           r"(?:\s+or)?(?:\s+until\s+(?P<until>.+?))?")
_REST_STEP = re.compile(r"(?i)rest\s+for\s+(?P<dur>.+)")
_HOLD_STEP = re.compile(r"(?i)hold\s+at\s+(?P<volt>.+?)(?:\s+for\s+(?P<dur>.+?))?(?:\s+or)?(?:\s+until\s+(?P<until>.+?))?")


@dataclass(frozen=True)
class ExperimentStep:
    """One step of an experiment string.

    Attributes
    ----------
    kind : {"charge", "discharge", "rest", "hold"}
    rate : (str, float) or None
        Current of a charge/discharge as (Protocol field, value), e.g. ("c_rate", 0.1) (:data:`RATE_FIELDS`).
    voltage_V : float or None
        Hold voltage [V].
    duration_s : float or None
        Time limit [s].
    until_voltage_V : float or None
        Voltage limit of a charge/discharge [V].
    until_current : (str, float) or None
        Current limit of a hold, as ``rate``.
    text : str
        The step as written.
    """

    kind: str
    rate: tuple | None = None
    voltage_V: float | None = None
    duration_s: float | None = None
    until_voltage_V: float | None = None
    until_current: tuple | None = None
    text: str = ""


def _voltage(text, key):
    m = re.fullmatch(rf"({NUMBER})\s*V", text.strip())
    value = float(m.group(1)) if m else math.nan
    if not 0 < value < 10:
        raise ParameterError(key, text, f"a voltage such as '2.71 V' (0-10 V): {EXPERIMENT_EXAMPLE}")
    return value


def _duration(text, key):
    m = re.fullmatch(rf"({NUMBER})\s*([A-Za-z]+)", text.strip())
    unit = _TIME_WORDS.get(m.group(2).lower()) if m else None
    if unit is None:
        raise ParameterError(key, text, "a duration such as '10 minutes', '600 s' or '1 hour'")
    value = parse_quantity(f"{m.group(1)}{unit}", "s", key)
    if not (math.isfinite(value) and value > 0):
        raise ParameterError(key, text, "a finite duration > 0")
    return value


def _rate_pair(text, key):
    try:
        ((field, value),) = parse_rate(text).items()
    except ParameterError as exc:
        raise ParameterError(key, text, exc.allowed) from None
    return field, value


def parse_experiment(experiment) -> tuple:
    """Parse PyBaMM-style experiment steps into :class:`ExperimentStep` objects (one cycle of the protocol).

    Parameters
    ----------
    experiment : str or list of str
        Steps separated by ';' or newlines, or a list of steps. Forms (keywords in any case):
        ``Charge|Discharge at RATE [for DURATION] [or] [until VOLTAGE]``, ``Rest for DURATION``,
        ``Hold at VOLTAGE [for DURATION] [or] [until CURRENT]``. RATE and CURRENT as :func:`parse_rate` reads them
        (C-rates on cellsim's 1C basis, mA/g of cathode active material, mA/cm2, mA); DURATION such as
        '10 minutes', '600 s', '1 hour'; VOLTAGE such as '2.71 V'.

    Raises
    ------
    ParameterError
        Naming the bad step (its number and text) and what is allowed there.

    Examples
    --------
    >>> [s.kind for s in parse_experiment("Charge at C/10 until 2.71 V; Rest for 10 minutes; "
    ...                                   "Discharge at 25 mA/g until 1.0 V")]
    ['charge', 'rest', 'discharge']
    >>> parse_experiment("Hold at 2.71 V until C/50")[0].until_current
    ('c_rate', 0.02)
    """
    parts = experiment.replace("\n", ";").split(";") if isinstance(experiment, str) else list(experiment)
    if not all(isinstance(p, str) for p in parts):
        raise ParameterError("experiment", experiment, f"a string or a list of strings: {EXPERIMENT_EXAMPLE}")
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    if not parts:
        raise ParameterError("experiment", experiment, f"at least one step: {EXPERIMENT_EXAMPLE}")
    steps = []
    for i, text in enumerate(parts, start=1):
        key = f"experiment step {i}: {text}"
        if m := _CURRENT_STEP.fullmatch(text):
            if m["dur"] is None and m["until"] is None:
                raise ParameterError(key, text, "a time limit ('for 2 hours') or a voltage limit ('until 2.71 V')")
            steps.append(ExperimentStep(m[1].lower(), rate=_rate_pair(m["rate"], key),
                                        duration_s=_duration(m["dur"], key) if m["dur"] else None,
                                        until_voltage_V=_voltage(m["until"], key) if m["until"] else None,
                                        text=text))
        elif m := _REST_STEP.fullmatch(text):
            steps.append(ExperimentStep("rest", duration_s=_duration(m["dur"], key), text=text))
        elif m := _HOLD_STEP.fullmatch(text):
            if m["dur"] is None and m["until"] is None:
                raise ParameterError(key, text, "a time limit ('for 1 hour') or a current limit ('until C/50')")
            steps.append(ExperimentStep("hold", voltage_V=_voltage(m["volt"], key),
                                        duration_s=_duration(m["dur"], key) if m["dur"] else None,
                                        until_current=_rate_pair(m["until"], key) if m["until"] else None,
                                        text=text))
        else:
            raise ParameterError(key, text, f"'Charge|Discharge at RATE [for TIME] [or] [until V]', 'Rest for "
                                            f"TIME' or 'Hold at V [for TIME] [or] [until CURRENT]', e.g. "
                                            f"{EXPERIMENT_EXAMPLE}")
    return tuple(steps)
