"""What the sub-commands share: the argument parser, option parsers (quantities with units, the checked cell
temperature) and the output-folder check.

The CLI imports the science it runs inside the command functions (never at module level), so that
``cellsim --help`` and ``cellsim list`` do not pay for numpy/scipy/pandas/PyBaMM imports.
"""
from __future__ import annotations

import argparse
import re


class Parser(argparse.ArgumentParser):
    """``argparse`` with one-line usage errors and negative option values.

    ``--temperature -40C`` is read as the value -40C (argparse alone takes any ``-<digit>...`` token that is not
    a plain number for an option: "expected one argument"); no cellsim option looks like a negative number.
    A usage error is one line on stderr, exit status 2.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\.?[0-9]")

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def out_dir(text, name: str = "--out"):
    """An output folder option, checked before any computing (:func:`cellsim.files.check_output_dir`)."""
    from ..files import check_output_dir

    return check_output_dir(text, name)


def temperature(text, name: str = "--temperature") -> float:
    """A temperature option ("100C", "373.15K", "-40C") in K, finite and within cellsim's 150-700 K."""
    from ..checks import TEMPERATURE_MAX_K, TEMPERATURE_MIN_K, temperature_hint
    from ..errors import ParameterError
    from ..parameters.units import parse_quantity

    T = parse_quantity(text, "K", name)
    lo, hi = TEMPERATURE_MIN_K, TEMPERATURE_MAX_K
    if not lo <= T <= hi:
        unit_k = str(text).strip().upper().endswith("K")
        hint = temperature_hint(T, lo, hi) if unit_k else ""
        raise ParameterError(name, text, f"{lo:g}-{hi:g} K ({lo - 273.15:.0f} to {hi - 273.15:.0f} degC), the range "
                                         f"of cellsim's models; {text} is {T:.2f} K{hint}")
    return T


def duration(text, name: str) -> float:
    """A duration option ("600s", "10min", "1h") in s; ``name`` is the option named in errors."""
    from ..parameters.units import parse_quantity

    return parse_quantity(text, "s", name)


def length(text, name: str) -> float:
    """A length option ("500nm", "50um") in m; ``name`` is the option named in errors."""
    from ..parameters.units import parse_quantity

    return parse_quantity(text, "m", name)


def cell_temperature(text, default=None, design=None):
    """A ``--temperature`` option as a checked cell temperature [K]; ``default`` if unset.

    With ``design``, the temperature must lie in the data range of the cell's electrolyte (what the cell model
    requires), checked here, before any model is built.
    """
    from ..checks import check_temperature

    T = check_temperature(temperature(text)) if text else default
    if design is not None and T is not None:
        from ..errors import ParameterError
        from ..parameters import load_electrolyte

        e = load_electrolyte(design.electrolyte)
        lo, hi = e.temperature_min, e.temperature_max
        if not lo <= T <= hi:
            given = f"{text} = {T:.2f} K" if text else f"{T:.2f} K (the cell's own)"
            raise ParameterError("--temperature", text if text else T,
                                 f"{lo - 273.15:.0f} to {hi - 273.15:.0f} degC ({lo:.2f}-{hi:.2f} K), the data range "
                                 f"of the cell's electrolyte {e.name}; {given} is outside it")
    return T
