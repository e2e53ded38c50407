"""Option parsers shared by the sub-commands (quantities with units, the checked cell temperature).

The CLI imports the science it runs inside the command functions (never at module level), so that
``cellsim --help`` and ``cellsim list`` do not pay for numpy/scipy/pandas/PyBaMM imports.
"""
from __future__ import annotations


def temperature(text) -> float:
    """A temperature option ("100C", "373.15K") in K."""
    from ..parameters.units import parse_quantity

    return parse_quantity(text, "K", "--temperature")


def length(text, name: str) -> float:
    """A length option ("500nm", "50um") in m; ``name`` is the option named in errors."""
    from ..parameters.units import parse_quantity

    return parse_quantity(text, "m", name)


def cell_temperature(text, default=None):
    """A ``--temperature`` option ("100C", "373.15K") as a checked cell temperature [K]; ``default`` if unset."""
    from ..checks import check_temperature

    return check_temperature(temperature(text)) if text else default
