"""Argument validators: the one set of checks cellsim's functions run on their inputs.

Each validator takes the value and the argument's name, returns it as a float (scalar in) or a float
ndarray (array in), and raises :class:`cellsim.errors.ParameterError` naming the argument, the value and
what is allowed. Booleans, strings, None and other non-numbers are rejected, as are NaN and infinities.

One physical temperature range, :data:`TEMPERATURE_MIN_K` to :data:`TEMPERATURE_MAX_K`, holds for every
model: it spans the coldest data in the library (-70 degC, 7Li NMR of Li2.17(OH)0.83Cl) up past the
melt-infiltration and solidification temperatures (300-320 degC, ~593 K), and rejects a temperature
given in degC by mistake (25 or 100 "K"). Models with narrower data ranges check those separately.
"""
from __future__ import annotations

import numpy as np

from .errors import ParameterError

__all__ = [
    "TEMPERATURE_MIN_K",
    "TEMPERATURE_MAX_K",
    "as_output",
    "check_number",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_range",
    "check_fraction",
    "check_poisson_ratio",
    "check_temperature",
    "temperature_hint",
]

TEMPERATURE_MIN_K = 150.0  # [K], -123 degC
TEMPERATURE_MAX_K = 700.0  # [K], 427 degC


def temperature_hint(value_K, lo: float = TEMPERATURE_MIN_K, hi: float = TEMPERATURE_MAX_K) -> str:
    """"; did you pass degC? 25 degC is 298.15 K" when ``value_K`` read as degC would be in ``lo``..``hi``, else "".

    Examples
    --------
    >>> temperature_hint(25)
    '; did you pass degC? 25 degC is 298.15 K'
    >>> temperature_hint(5273.15)
    ''
    """
    v = np.asarray(value_K, dtype=float).ravel()
    bad = v[~(np.isfinite(v) & (v >= lo) & (v <= hi))]
    if bad.size and np.all(np.isfinite(bad) & (bad + 273.15 >= lo) & (bad + 273.15 <= hi)):
        return f"; did you pass degC? {bad[0]:g} degC is {bad[0] + 273.15:.2f} K"
    return ""


def as_output(x):
    """Numeric out as numeric in: a 0-d array becomes a float, other arrays stay arrays.

    Examples
    --------
    >>> as_output(np.asarray(2.0)), as_output(np.array([1.0, 2.0]))
    (2.0, array([1., 2.]))
    """
    x = np.asarray(x)
    return x if x.ndim else float(x)


def _shown(value):
    return value.tolist() if isinstance(value, np.ndarray) else value


def check_number(value, name: str, allowed: str = "a number"):
    """``value`` as float or float ndarray; rejects bool, str, None and other non-numbers.

    NaN and infinities pass (see :func:`check_finite`).

    Examples
    --------
    >>> check_number(3, "n_cells")
    3.0
    >>> check_number(True, "n_cells")
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter 'n_cells' = True is invalid; allowed: a number
    """
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise ParameterError(name, value, allowed)
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):  # ragged sequences
        raise ParameterError(name, value, allowed) from None
    if a.dtype.kind not in "iuf":
        raise ParameterError(name, _shown(value), allowed)
    return as_output(a.astype(float))


def check_finite(value, name: str, unit: str = ""):
    """``value`` as float or float ndarray, all finite.

    Examples
    --------
    >>> check_finite(-2.5e9, "pressure_Pa", "Pa")
    -2500000000.0
    """
    allowed = f"a finite number{' in ' + unit if unit else ''}"
    a = check_number(value, name, allowed)
    if not np.all(np.isfinite(a)):
        raise ParameterError(name, _shown(value), allowed)
    return a


def check_range(value, name: str, lo: float = -np.inf, hi: float = np.inf, *, lo_inclusive: bool = True,
                hi_inclusive: bool = True, unit: str = "", note: str = ""):
    """``value`` (scalar or array) finite and within ``lo``..``hi``; the error states the interval.

    Parameters
    ----------
    value : float or array_like
        The argument.
    name : str
        Its name, as the user wrote it.
    lo, hi : float
        Bounds; infinite means unbounded on that side.
    lo_inclusive, hi_inclusive : bool
        Whether the bounds themselves are allowed.
    unit : str
        Unit shown after the interval (dotted PyBaMM form, e.g. ``"S.m-1"``).
    note : str
        Explanation appended in parentheses.

    Examples
    --------
    >>> check_range(0.5, "volume_fraction", 0, 1, hi_inclusive=False)
    0.5
    >>> check_range(1.0, "volume_fraction", 0, 1, hi_inclusive=False)
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter 'volume_fraction' = 1.0 is invalid; allowed: 0 <= volume_fraction < 1
    """
    parts = []
    if np.isfinite(lo):
        parts.append(f"{lo:g} {'<=' if lo_inclusive else '<'}")
    parts.append(name)
    if np.isfinite(hi):
        parts.append(f"{'<=' if hi_inclusive else '<'} {hi:g}")
    if not (np.isfinite(lo) or np.isfinite(hi)):
        parts.append("finite")
    allowed = " ".join(parts) + (f" {unit}" if unit else "") + (f" ({note})" if note else "")
    a = check_number(value, name, allowed)
    ok = np.isfinite(a) & ((a >= lo) if lo_inclusive else (a > lo)) & ((a <= hi) if hi_inclusive else (a < hi))
    if not np.all(ok):
        raise ParameterError(name, _shown(value), allowed)
    return a


def check_positive(value, name: str, unit: str = "", note: str = ""):
    """``value`` finite and > 0; the error reads ``> 0 unit (note)``.

    Examples
    --------
    >>> check_positive([1e-6, 2e-6], "grain_size_m", "m")
    array([1.e-06, 2.e-06])
    >>> check_positive(0.0, "grain_size_m", "m")
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter 'grain_size_m' = 0.0 is invalid; allowed: > 0 m
    """
    allowed = "> 0" + (f" {unit}" if unit else "") + (f" ({note})" if note else "")
    a = check_number(value, name, allowed)
    if not np.all(np.isfinite(a) & (a > 0)):
        raise ParameterError(name, _shown(value), allowed)
    return a


def check_nonnegative(value, name: str, unit: str = "", note: str = ""):
    """``value`` finite and >= 0; the error reads ``>= 0 unit (note)``.

    Examples
    --------
    >>> check_nonnegative(0, "thickness_m", "m")
    0.0
    """
    allowed = ">= 0" + (f" {unit}" if unit else "") + (f" ({note})" if note else "")
    a = check_number(value, name, allowed)
    if not np.all(np.isfinite(a) & (a >= 0)):
        raise ParameterError(name, _shown(value), allowed)
    return a


def check_fraction(value, name: str, *, zero: bool = True, one: bool = True, note: str = ""):
    """``value`` a fraction [1]: 0 (if ``zero``) <= value <= 1 (if ``one``).

    Examples
    --------
    >>> check_fraction(0.25, "volume_fraction", zero=False)
    0.25
    """
    return check_range(value, name, 0.0, 1.0, lo_inclusive=zero, hi_inclusive=one, note=note)


def check_poisson_ratio(value, name: str = "poisson_ratio"):
    """``value`` a Poisson's ratio of a stable isotropic solid, -1 < nu < 0.5 [1].

    Examples
    --------
    >>> check_poisson_ratio(0.5, "poisson_ratio_matrix")
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter 'poisson_ratio_matrix' = 0.5 is invalid; allowed: -1 < poisson_ratio_matrix < 0.5 (isotropic, stable)
    """
    return check_range(value, name, -1.0, 0.5, lo_inclusive=False, hi_inclusive=False, note="isotropic, stable")


def check_temperature(value, name: str = "temperature_K", lo: float = TEMPERATURE_MIN_K,
                      hi: float = TEMPERATURE_MAX_K):
    """A physical temperature in kelvin, ``lo`` <= T <= ``hi`` (default 150-700 K); float or array out.

    Parameters
    ----------
    value : float or array_like
        Temperature [K].
    name : str
        Argument name shown in the error.
    lo, hi : float
        Allowed range [K]; the defaults are the one range of every cellsim model (module docstring).

    Returns
    -------
    float or ndarray
        The temperature [K].

    Raises
    ------
    ParameterError
        For bool, non-numbers, NaN/infinite values and values outside ``lo``..``hi``; the message gives the
        range and, where the value read as degC would be in range, asks whether degC was passed.

    Examples
    --------
    >>> check_temperature(373.15)
    373.15
    >>> check_temperature(100)
    Traceback (most recent call last):
    ...
    cellsim.errors.ParameterError: parameter 'temperature_K' = 100 is invalid; allowed: 150-700 K; did you pass degC? 100 degC is 373.15 K
    """
    allowed = f"{lo:g}-{hi:g} K"
    T = check_number(value, name, f"a finite temperature, {allowed}")
    if not np.all(np.isfinite(T) & (T >= lo) & (T <= hi)):
        raise ParameterError(name, _shown(value), allowed + temperature_hint(T, lo, hi))
    return T
