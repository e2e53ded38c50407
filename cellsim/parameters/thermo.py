"""Thermochemical tables (``parameter_sets/thermo/*.toml``): Gibbs energies of formation per phase.

The data model and reader of the tables that :func:`cellsim.stability.compute_window` works from, and the
chemical-formula parser that checks each phase name. Every value is an inline table ``{value, unit, source}``
read with :func:`~cellsim.parameters.loader.read_quantity`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..constants import FARADAY
from ..errors import ParameterError
from .loader import read_quantity, read_toml, table_files

__all__ = ["THERMO_FILE", "PhaseData", "load_gibbs_energies", "load_phase_data", "parse_formula"]

#: The shipped table, relative to :func:`~cellsim.parameters.loader.builtin_dir`; user parameter folders add
#: ``thermo/*.toml`` files of their own (same reference temperature).
THERMO_FILE = "thermo/nist_janaf.toml"

_ELEMENTS = frozenset(
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr "
    "Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb "
    "Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr".split())
_FORMULA_HELP = "a chemical formula such as 'Li3OCl', 'Li2(OH)Cl' or 'Li1.9(OH)Cl0.9'"
_TOKEN = re.compile(r"\s*(?:([A-Z][a-z]?)|(\d+(?:\.\d*)?|\.\d+)|([(\[])|([)\]]))")


# ----------------------------------------------------------------------------------------------------
# formulas
def parse_formula(formula: str) -> dict[str, float]:
    """Element counts of a chemical formula, with parentheses and decimal subscripts.

    Parameters
    ----------
    formula : str
        E.g. ``"Li3OCl"``, ``"Li2(OH)Cl"``, ``"Li1.9(OH)Cl0.9"``, ``"Li1.3Ti1.7Al0.3(PO4)3"``.

    Returns
    -------
    dict
        Element symbol -> number of atoms per formula unit.

    Raises
    ------
    ParameterError
        Unknown element symbol, unbalanced parentheses, zero or misplaced counts, empty formula.

    Examples
    --------
    >>> parse_formula("Li1.9(OH)Cl0.9")
    {'Li': 1.9, 'O': 1.0, 'H': 1.0, 'Cl': 0.9}
    """
    if not isinstance(formula, str) or not formula.strip():
        raise ParameterError("formula", formula, _FORMULA_HELP)
    text = formula.strip()
    stack: list[tuple[str, dict[str, float]]] = [("", {})]
    last = None  # the element symbol or the closed group a following count multiplies
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise ParameterError("formula", formula, f"{_FORMULA_HELP} (cannot read {text[pos:]!r})")
        pos = m.end()
        symbol, number, opening, closing = m.groups()
        counts = stack[-1][1]
        if symbol:
            if symbol not in _ELEMENTS:
                raise ParameterError("formula", formula, f"{_FORMULA_HELP}; {symbol!r} is not an element symbol")
            counts[symbol] = counts.get(symbol, 0.0) + 1.0
            last = symbol
        elif number:
            n = float(number)
            if last is None or n <= 0:
                raise ParameterError("formula", formula,
                                     f"{_FORMULA_HELP}; a positive count must follow an element or ')'")
            if isinstance(last, str):
                counts[last] += n - 1.0
            else:
                for el, c in last.items():
                    counts[el] += c * (n - 1.0)
            last = None
        elif opening:
            stack.append((opening, {}))
            last = None
        else:
            if len(stack) == 1 or {"(": ")", "[": "]"}[stack[-1][0]] != closing:
                raise ParameterError("formula", formula, f"{_FORMULA_HELP}; unbalanced parentheses")
            _, group = stack.pop()
            if not group:
                raise ParameterError("formula", formula, f"{_FORMULA_HELP}; empty parentheses")
            outer = stack[-1][1]
            for el, c in group.items():
                outer[el] = outer.get(el, 0.0) + c
            last = group
    if len(stack) != 1:
        raise ParameterError("formula", formula, f"{_FORMULA_HELP}; unbalanced parentheses")
    return {el: (float(round(c, 12))) for el, c in stack[0][1].items()}


# ----------------------------------------------------------------------------------------------------
# thermochemical data
@dataclass(frozen=True)
class PhaseData:
    """One phase of a thermochemical table.

    Attributes
    ----------
    formula : str
        Formula as used in ``phases`` dicts.
    gibbs_energy_eV : float
        Standard Gibbs energy of formation per formula unit [eV].
    state : str
        ``cr``, ``l`` or ``g``.
    source : str
        Where the value comes from.
    """

    formula: str
    gibbs_energy_eV: float
    state: str
    source: str


def _read_phase_file(path: Path) -> tuple[float | None, dict[str, PhaseData]]:
    """(reference temperature [K] or None, {formula: PhaseData}) of one thermochemical table."""
    file = str(path)
    data = read_toml(path, "thermochemistry TOML file")
    unknown = set(data) - {"description", "temperature", "phases"}
    if unknown:
        bad = sorted(unknown)[0]
        raise ParameterError(bad, data[bad], "top-level keys description, temperature, phases", file)
    temperature = None
    if "temperature" in data:
        temperature = read_quantity(data["temperature"], "temperature", "K", file, 0.0, None)[0]
    phases = data.get("phases")
    if not isinstance(phases, dict) or not phases:
        raise ParameterError("phases", phases, "a non-empty table of phases", file)
    out: dict[str, PhaseData] = {}
    for formula, entry in phases.items():
        key = f"phases.{formula}"
        parse_formula(formula)
        if not isinstance(entry, dict) or set(entry) - {"state", "dfG", "dfH", "note"} or "dfG" not in entry:
            raise ParameterError(key, entry, "a table with 'dfG' (and optional 'state', 'dfH', 'note')", file)
        g = entry["dfG"]
        if not isinstance(g, dict) or set(g) != {"value", "unit", "source"}:
            raise ParameterError(f"{key}.dfG", g, '{value = ..., unit = "kJ.mol-1", source = "..."}', file)
        j_per_mol, source = read_quantity(g, f"{key}.dfG", "J.mol-1", file)
        out[formula] = PhaseData(formula, j_per_mol / FARADAY, str(entry.get("state", "")), source)
    return temperature, out


def load_phase_data(path: str | Path | None = None, dirs=()) -> dict[str, PhaseData]:
    """Load a thermochemical table (``parameter_sets/thermo/nist_janaf.toml`` format).

    Parameters
    ----------
    path : str or Path, optional
        TOML file; ``None`` loads the ``thermo/*.toml`` files of every parameter folder: the shipped
        NIST-JANAF/NBS table at 298.15 K, then those of ``CELLSIM_PARAMETER_PATH`` and ``dirs`` (a user's phase
        replaces the shipped one; every file must be at the same reference temperature).
    dirs : iterable of path, optional
        Extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH`` (with ``path=None`` only).

    Returns
    -------
    dict
        Formula -> :class:`PhaseData` with the Gibbs energy converted to eV per formula unit.

    Notes
    -----
    :math:`\\Delta_f G\\,[\\mathrm{eV}] = \\Delta_f G\\,[\\mathrm{J.mol^{-1}}] / F` with
    :math:`F = e N_A` [C.mol-1] (:data:`cellsim.constants.FARADAY`), i.e. 1 eV per formula unit = 96.485 kJ.mol-1.

    Examples
    --------
    >>> round(load_phase_data()["LiCl"].gibbs_energy_eV, 3)
    -3.98
    """
    files = table_files("thermo", dirs=dirs) if path is None else [Path(path)]
    out: dict[str, PhaseData] = {}
    reference = None
    for f in files:
        temperature, phases = _read_phase_file(f)
        if reference is not None and temperature is not None and abs(temperature - reference[0]) > 1e-9:
            raise ParameterError("temperature", temperature, f"{reference[0]} K, the temperature of {reference[1]}",
                                 str(f))
        if reference is None and temperature is not None:
            reference = (temperature, f)
        out.update(phases)
    return out


def load_gibbs_energies(path: str | Path | None = None, dirs=()) -> dict[str, float]:
    """Gibbs energies of formation [eV] per formula unit, ready for :func:`compute_window`.

    Parameters
    ----------
    path : str or Path, optional
        TOML table; ``None`` loads the shipped NIST-JANAF/NBS table (298.15 K) and the user folders' tables
        (see :func:`load_phase_data`).
    dirs : iterable of path, optional
        Extra parameter folders, searched before ``CELLSIM_PARAMETER_PATH`` (with ``path=None`` only).

    Returns
    -------
    dict
        A new dict on every call: formula -> Gibbs energy of formation [eV].

    Examples
    --------
    >>> g = load_gibbs_energies()
    >>> round(g["Li2O"], 3), g["O2"]
    (-5.825, 0.0)
    """
    return {k: v.gibbs_energy_eV for k, v in load_phase_data(path, dirs).items()}


