"""Pure interface checks: electrode potential time series against a stability window.

No I/O and no model state: arrays in, numbers out. The cell model supplies the surface potential of an
electrode (V vs Li/Li+) over a cycle; these functions say how far and for how long the material across
the interface is driven outside its window, whether a coating bridges cathode and electrolyte, and what
the coating costs in area-specific resistance.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..errors import ParameterError


class Excursion(NamedTuple):
    """Summary of a potential time series against a window (see :func:`window_excursion`)."""

    min_margin_V: float
    """Smallest distance to the nearer limit [V]; negative when the window is left."""
    fraction_outside: float
    """Fraction of the elapsed time spent outside the window [-]."""
    worst_excursion_V: float
    """Largest distance beyond a limit [V]; 0 if the window is never left."""
    time_outside_s: float
    """Time spent outside the window [s]."""


def _limits(window) -> tuple[float, float]:
    if hasattr(window, "lower") and hasattr(window, "upper"):
        lower, upper = window.lower, window.upper
    else:
        try:
            lower, upper = window
        except (TypeError, ValueError):
            raise ParameterError("window", window, "(lower, upper) in V vs Li/Li+, or a Window") from None
    lower, upper = float(lower), float(upper)
    if np.isnan(lower) or np.isnan(upper) or lower > upper:
        raise ParameterError("window", (lower, upper), "lower <= upper [V vs Li/Li+]")
    return lower, upper


def _segment_fraction_above(p0: np.ndarray, p1: np.ndarray, level: float) -> np.ndarray:
    """Fraction of each linear segment p0 -> p1 on which the potential exceeds ``level``."""
    dp = p1 - p0
    flat = dp == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(flat, 0.0, (level - p0) / np.where(flat, 1.0, dp))  # crossing point in [0, 1]
    rising = np.clip(1.0 - s, 0.0, 1.0)
    falling = np.clip(s, 0.0, 1.0)
    return np.where(flat, (p0 > level).astype(float), np.where(dp > 0, rising, falling))


def window_excursion(time_s, potential_V, window) -> Excursion:
    """How far, and for how long, an electrode potential leaves a stability window.

    Parameters
    ----------
    time_s : array_like
        Strictly increasing times [s], at least two.
    potential_V : array_like
        Electrode surface potential at those times [V] vs Li/Li+.
    window : tuple or Window
        ``(lower, upper)`` [V] vs Li/Li+, or an object with ``lower`` and ``upper``.

    Returns
    -------
    Excursion
        ``(min_margin_V, fraction_outside, worst_excursion_V, time_outside_s)``.

    Raises
    ------
    ParameterError
        Arrays of different length, fewer than two points, non-increasing or non-finite times,
        non-finite potentials, or ``lower > upper``.

    Notes
    -----
    The margin is :math:`m(t) = \\min(\\phi(t) - V_{lower},\\; V_{upper} - \\phi(t))`; the minimum margin
    and the worst excursion :math:`\\max(0, -\\min_t m)` are taken over the samples. The time outside,

    .. math:: t_{out} = \\int \\mathbb{1}[\\phi(t) < V_{lower} \\;\\lor\\; \\phi(t) > V_{upper}]\\,dt,

    is integrated exactly for the piecewise-linear interpolant of the samples (crossing times found
    on each segment), so refining the output grid of a linear signal does not change it.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, sections 7.2-7.3, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    A cathode swept linearly from 3.0 to 4.2 V in 1200 s against Li1.9(OH)Cl0.9's assumed 0.82-3.15 V:

    >>> e = window_excursion([0.0, 1200.0], [3.0, 4.2], (0.82, 3.15))
    >>> round(e.min_margin_V, 3), round(e.time_outside_s, 1), round(e.worst_excursion_V, 3)
    (-1.05, 1050.0, 1.05)
    """
    t = np.asarray(time_s, dtype=float)
    phi = np.asarray(potential_V, dtype=float)
    if t.ndim != 1 or phi.ndim != 1 or t.shape != phi.shape or t.size < 2:
        raise ParameterError("time_s/potential_V", (t.shape, phi.shape), "two 1-D arrays of equal length >= 2")
    if not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ParameterError("time_s", time_s, "finite, strictly increasing times [s]")
    if not np.all(np.isfinite(phi)):
        raise ParameterError("potential_V", potential_V, "finite potentials [V vs Li/Li+]")
    lower, upper = _limits(window)
    margin = np.minimum(phi - lower, upper - phi)
    min_margin = float(np.min(margin))
    dt = np.diff(t)
    above = _segment_fraction_above(phi[:-1], phi[1:], upper) if np.isfinite(upper) else 0.0
    below = _segment_fraction_above(-phi[:-1], -phi[1:], -lower)
    t_out = float(np.sum(dt * (above + below)))
    total = float(t[-1] - t[0])
    return Excursion(min_margin, t_out / total, max(0.0, -min_margin), t_out)


class CoatingCheck(NamedTuple):
    """Result of :func:`coating_check`; all margins [V], positive when satisfied."""

    passes: bool
    cathode_low_margin_V: float
    """Lowest cathode potential minus the coating's lower limit."""
    cathode_high_margin_V: float
    """Coating's upper limit minus the highest cathode potential."""
    overlap_V: float
    """Width of the overlap of coating and electrolyte windows (negative: gap between them)."""


def coating_check(cathode_potential_range, coating_window, electrolyte_window) -> CoatingCheck:
    """Margins of a cathode coating: does its window cover the cathode and meet the electrolyte's?

    Parameters
    ----------
    cathode_potential_range : array_like
        Cathode surface potentials over the cycle [V] vs Li/Li+ (a ``(min, max)`` pair or a time series).
    coating_window, electrolyte_window : tuple or Window
        ``(lower, upper)`` [V] vs Li/Li+.

    Returns
    -------
    CoatingCheck
        ``passes`` and the three margins [V].

    Notes
    -----
    The coating passes when (Review section 7.3, Figure 21)

    .. math:: V^{c}_{lower} \\le \\min_t \\phi_{cat}, \\quad \\max_t \\phi_{cat} \\le V^{c}_{upper},
              \\quad \\max(V^{c}_{lower}, V^{e}_{lower}) \\le \\min(V^{c}_{upper}, V^{e}_{upper}),

    i.e. the coating is stable against the cathode over the whole cycle and there is a Li potential at
    which coating and electrolyte are both stable, so the coating|electrolyte interface can equilibrate.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 7.3, doi:10.1021/acs.chemrev.1c00594.
    Zhu, He & Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685, doi:10.1021/acsami.5b07517.

    Examples
    --------
    LiNbO3 (1.74-3.88 V) on a cathode cycling 3.6-4.3 V fails on the high side by 0.42 V:

    >>> c = coating_check((3.6, 4.3), (1.74, 3.88), (0.82, 3.15))
    >>> c.passes, round(c.cathode_high_margin_V, 2), round(c.overlap_V, 2)
    (False, -0.42, 1.41)
    """
    phi = np.asarray(cathode_potential_range, dtype=float).ravel()
    if phi.size == 0 or not np.all(np.isfinite(phi)):
        raise ParameterError("cathode_potential_range", cathode_potential_range,
                             "finite cathode potentials [V vs Li/Li+], e.g. (3.6, 4.3)")
    c_lo, c_hi = _limits(coating_window)
    e_lo, e_hi = _limits(electrolyte_window)
    low = float(phi.min() - c_lo)
    high = float(c_hi - phi.max())
    overlap = float(min(c_hi, e_hi) - max(c_lo, e_lo))
    return CoatingCheck(bool(low >= 0 and high >= 0 and overlap >= 0), low, high, overlap)


def coating_passes(cathode_potential_range, coating_window, electrolyte_window) -> bool:
    """Whether a coating's window covers the cathode's potential range and overlaps the electrolyte's.

    Parameters
    ----------
    cathode_potential_range : array_like
        Cathode surface potentials [V] vs Li/Li+ (``(min, max)`` or a time series).
    coating_window, electrolyte_window : tuple or Window
        ``(lower, upper)`` [V] vs Li/Li+.

    Returns
    -------
    bool

    Notes
    -----
    See :func:`coating_check` for the three conditions.

    Examples
    --------
    Al2O3 (0.74 V - no oxidation limit) on NCM111 at 3.6-4.3 V with Li1.9(OH)Cl0.9 (0.82-3.15 V):

    >>> coating_passes((3.6, 4.3), (0.74, float("inf")), (0.82, 3.15))
    True
    """
    return coating_check(cathode_potential_range, coating_window, electrolyte_window).passes


def area_specific_resistance(thickness_m, ionic_conductivity_S_m):
    """Area-specific resistance of a dense ion-conducting layer.

    Parameters
    ----------
    thickness_m : float or array
        Layer thickness [m].
    ionic_conductivity_S_m : float or array
        Li-ion conductivity of the layer [S.m-1].

    Returns
    -------
    float or array
        Area-specific resistance [Ohm.m2].

    Notes
    -----
    Ohm's law for a uniform slab: :math:`R_A = L / \\sigma`.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 7.3 (coating thickness and conductivity),
    doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    10 nm of LiNbO3 at 1e-4 S/m (1e-6 S/cm): 1e-4 Ohm.m2 = 1 Ohm.cm2.

    >>> round(area_specific_resistance(10e-9, 1e-4) * 1e4, 6)  # Ohm.cm2
    1.0
    """
    L = np.asarray(thickness_m, dtype=float)
    sigma = np.asarray(ionic_conductivity_S_m, dtype=float)
    if np.any(~np.isfinite(L)) or np.any(L < 0):
        raise ParameterError("thickness_m", thickness_m, "finite thickness >= 0 [m]")
    if np.any(~np.isfinite(sigma)) or np.any(sigma <= 0):
        raise ParameterError("ionic_conductivity_S_m", ionic_conductivity_S_m, "finite conductivity > 0 [S.m-1]")
    out = L / sigma
    return out if out.ndim else float(out)
