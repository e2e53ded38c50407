"""Unit conversion at the edges: TOML values carry a unit string, code uses SI.

Units are written in PyBaMM's dotted form (``S.m-1``, ``mol.m-3``, ``A.m-2``).
Each unit belongs to a dimension; a schema field states the SI unit it wants and the
loader accepts any unit of the same dimension.
"""
from __future__ import annotations

from ..errors import ParameterError

# unit -> (SI unit it converts to, factor, offset):  value_SI = value * factor + offset
_UNITS: dict[str, tuple[str, float, float]] = {
    # dimensionless
    "1": ("1", 1.0, 0.0),
    "%": ("1", 0.01, 0.0),
    # length
    "m": ("m", 1.0, 0.0),
    "mm": ("m", 1e-3, 0.0),
    "um": ("m", 1e-6, 0.0),
    "nm": ("m", 1e-9, 0.0),
    "A": ("m", 1e-10, 0.0),
    "cm": ("m", 1e-2, 0.0),
    # angle
    "rad": ("rad", 1.0, 0.0),
    "deg": ("rad", 0.017453292519943295, 0.0),
    # temperature
    "K": ("K", 1.0, 0.0),
    "degC": ("K", 1.0, 273.15),
    # conductivity
    "S.m-1": ("S.m-1", 1.0, 0.0),
    "S.cm-1": ("S.m-1", 100.0, 0.0),
    "mS.cm-1": ("S.m-1", 0.1, 0.0),
    # energy per particle / per mole
    "eV": ("eV", 1.0, 0.0),
    "J": ("J", 1.0, 0.0),
    "J.mol-1": ("J.mol-1", 1.0, 0.0),
    "kJ.mol-1": ("J.mol-1", 1e3, 0.0),
    # concentration
    "mol.m-3": ("mol.m-3", 1.0, 0.0),
    # diffusivity
    "m2.s-1": ("m2.s-1", 1.0, 0.0),
    "cm2.s-1": ("m2.s-1", 1e-4, 0.0),
    # current density, rate constants
    "A.m-2": ("A.m-2", 1.0, 0.0),
    "mA.cm-2": ("A.m-2", 10.0, 0.0),
    "mol.m-2.s-1": ("mol.m-2.s-1", 1.0, 0.0),
    "A.kg-1": ("A.kg-1", 1.0, 0.0),
    "mA.g-1": ("A.kg-1", 1.0, 0.0),
    # density, molar mass, specific capacity
    "kg.m-3": ("kg.m-3", 1.0, 0.0),
    "g.cm-3": ("kg.m-3", 1e3, 0.0),
    "kg.mol-1": ("kg.mol-1", 1.0, 0.0),
    "g.mol-1": ("kg.mol-1", 1e-3, 0.0),
    "A.h.kg-1": ("A.h.kg-1", 1.0, 0.0),
    "mA.h.g-1": ("A.h.kg-1", 1.0, 0.0),
    # double-layer capacitance per area
    "F.m-2": ("F.m-2", 1.0, 0.0),
    "uF.cm-2": ("F.m-2", 1e-2, 0.0),
    # surface energy
    "J.m-2": ("J.m-2", 1.0, 0.0),
    # potential, resistance
    "V": ("V", 1.0, 0.0),
    "mV": ("V", 1e-3, 0.0),
    "V.K-1": ("V.K-1", 1.0, 0.0),
    "mV.K-1": ("V.K-1", 1e-3, 0.0),
    "Ohm.m2": ("Ohm.m2", 1.0, 0.0),
    "Ohm.cm2": ("Ohm.m2", 1e-4, 0.0),
    "Ohm.m": ("Ohm.m", 1.0, 0.0),
    "Ohm.cm": ("Ohm.m", 1e-2, 0.0),
    # molar volume
    "m3.mol-1": ("m3.mol-1", 1.0, 0.0),
    "cm3.mol-1": ("m3.mol-1", 1e-6, 0.0),
    # area, time, pressure
    "m2": ("m2", 1.0, 0.0),
    # volume per particle (activation volumes)
    "m3": ("m3", 1.0, 0.0),
    "A3": ("m3", 1e-30, 0.0),
    "cm2": ("m2", 1e-4, 0.0),
    "s": ("s", 1.0, 0.0),
    "min": ("s", 60.0, 0.0),
    "h": ("s", 3600.0, 0.0),
    "Pa": ("Pa", 1.0, 0.0),
    "MPa": ("Pa", 1e6, 0.0),
    "GPa": ("Pa", 1e9, 0.0),
    # thermal expansion, fracture toughness
    "K-1": ("K-1", 1.0, 0.0),
    "ppm.K-1": ("K-1", 1e-6, 0.0),
    "Pa.m0.5": ("Pa.m0.5", 1.0, 0.0),
    "MPa.m0.5": ("Pa.m0.5", 1e6, 0.0),
}


#: a decimal number as written on a command line or in a rate ("25", "0.2", ".5", "1e-3"; not "1.2.3" or ".")
NUMBER = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"


# informal spellings -> unit of the table (used only where the unit's dimension is known, see normalize_unit)
_ALIASES = {"C": "degC", "celsius": "degC"}


def _spelling(unit: str, fold: bool) -> str:
    """'S/cm', 'S_cm', 'S.cm-1', 'S cm-1' all -> 'S/cm'; 'A.m-2', 'A/m2' -> 'A/m2' (casefolded if ``fold``);
    '°C' -> 'degC'."""
    import re

    s = unit.replace(" ", "").replace("\u00b0", "deg").replace("_", "/").replace(".", "/")
    s = s[:-2] if s.endswith("-1") else s
    s = re.sub(r"(/[A-Za-z]+)-(\d+)$", r"\1\2", s)  # a trailing negative power: the slash says it
    return s.casefold() if fold else s


def normalize_unit(text: str, si_unit: str, *, ignore_case: bool = False) -> str | None:
    """The unit of the table, of the dimension of ``si_unit``, that ``text`` spells; None if none.

    Accepts the informal spellings of CSV headers and command lines: slashes or underscores for the dotted
    form (``S/cm``, ``S_cm``, ``mA/g``), ``°C``, ``C`` or ``celsius`` for ``degC``. Only units of the one
    dimension are candidates, so ``C`` means degree Celsius for a temperature and nothing else.
    ``ignore_case`` is for CSV headers of temperature and conductivity, whose units never differ by case alone
    (it returns None where two units of the table would match; it cannot know ``mPa`` from ``MPa``).

    Examples
    --------
    >>> normalize_unit("mS/cm", "S.m-1"), normalize_unit("C", "K"), normalize_unit("ma_g", "A.kg-1", ignore_case=True)
    ('mS.cm-1', 'degC', 'mA.g-1')
    >>> normalize_unit("mA/g", "K") is None
    True
    """
    candidates = {u: u for u in known_units(si_unit)}
    candidates.update({a: u for a, u in _ALIASES.items() if _UNITS[u][0] == si_unit})
    want = _spelling(str(text), ignore_case)
    found = {u for spelled, u in candidates.items() if _spelling(spelled, ignore_case) == want}
    return found.pop() if len(found) == 1 else None


def unit_spellings(si_unit: str) -> list[str]:
    """The units of the dimension of ``si_unit`` with their informal aliases, for error messages."""
    return known_units(si_unit) + [a for a, u in _ALIASES.items() if _UNITS[u][0] == si_unit]


def known_units(si_unit: str) -> list[str]:
    """Units accepted for a quantity whose SI unit is ``si_unit``."""
    return [u for u, (si, _, _) in _UNITS.items() if si == si_unit]


def to_si(value: float, unit: str, si_unit: str, key: str = "value", file: str | None = None) -> float:
    """Convert ``value`` given in ``unit`` to ``si_unit``.

    Raises
    ------
    ParameterError
        If ``unit`` is unknown or of another dimension than ``si_unit``.

    Examples
    --------
    >>> to_si(100, "degC", "K")
    373.15
    >>> to_si(1.0, "mS.cm-1", "S.m-1")
    0.1
    """
    entry = _UNITS.get(unit)
    if entry is None or entry[0] != si_unit:
        raise ParameterError(f"{key}.unit", unit, f"a unit of {si_unit}: {known_units(si_unit)}", file)
    _, factor, offset = entry
    return float(value) * factor + offset


def parse_quantity(text: str, si_unit: str, key: str) -> float:
    """Parse a string such as ``"100C"``, ``"373.15 K"`` or ``"25 mA.h.g-1"`` into SI.

    ``C`` and ``degC`` both mean degree Celsius for temperatures.

    Examples
    --------
    >>> parse_quantity("100C", "K", "temperature")
    373.15
    >>> round(parse_quantity("50 um", "m", "thickness") * 1e6, 9)
    50.0

    Slashes spell negative powers, as in CSV headers and on command lines (:func:`normalize_unit`):

    >>> parse_quantity("1e-5 S/cm", "S.m-1", "conductivity"), parse_quantity("2 A/m2", "A.m-2", "j0")
    (0.001, 2.0)
    """
    import math
    import re

    m = re.fullmatch(rf"\s*({NUMBER})\s*([A-Za-z%\u00b0][A-Za-z0-9.%/_-]*)?\s*", str(text))
    if not m:
        raise ParameterError(key, text, f"a number with a unit of {si_unit}, e.g. one of {known_units(si_unit)}")
    number, unit = m.group(1), m.group(2)
    if not math.isfinite(float(number)):
        raise ParameterError(key, text, f"a finite number with a unit of {si_unit} ({number} overflows to infinity)")
    if unit is None:
        raise ParameterError(key, text, f"a unit is required: one of {known_units(si_unit)}")
    if si_unit == "K" and unit == "C":
        unit = "degC"
    if unit not in _UNITS:  # an informal spelling of a unit of this dimension: 'S/cm', 'A/m2', '°C'
        unit = normalize_unit(unit, si_unit) or unit
    return to_si(float(number), unit, si_unit, key)
