"""Curves read off a cycling time series: differential capacity (dQ/dV) of a half cycle."""
from __future__ import annotations

import numpy as np

#: voltage step of the dQ/dV grid [V]
DQDV_STEP_V = 0.005
#: Savitzky-Golay window (points of the voltage grid) and polynomial order of the dQ/dV derivative
DQDV_WINDOW, DQDV_ORDER = 9, 2


def differential_capacity(capacity, voltage, step_V: float = DQDV_STEP_V, window: int = DQDV_WINDOW,
                          order: int = DQDV_ORDER):
    """dQ/dV of one half cycle (charge or discharge) on a uniform voltage grid.

    Parameters
    ----------
    capacity : array
        Charge passed since the start of the half cycle, growing [any unit, e.g. mAh.g-1].
    voltage : array
        Cell voltage at the same points [V].
    step_V : float
        Spacing of the voltage grid [V].
    window, order : int
        Savitzky-Golay window (odd, points of the grid) and polynomial order.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Voltage grid [V] (increasing) and |dQ/dV| on it [capacity unit per V]; empty arrays when the half cycle
        spans less than two grid steps.

    Notes
    -----
    Differentiating Q against V point by point amplifies the noise of a flat plateau (dV -> 0). Instead: (1) V is
    made monotonic in the direction of the half cycle (running maximum on charge, minimum on discharge), which
    only removes the small relaxation at a step start; (2) Q(V) is interpolated linearly onto a uniform grid of
    ``step_V``; (3) dQ/dV is the first derivative of a Savitzky-Golay fit (``scipy.signal.savgol_filter`` with
    ``deriv=1``: a least-squares polynomial of ``order`` over ``window`` grid points, i.e. smoothing over
    ``window x step_V`` = 45 mV by default). Its integral over V returns the capacity (tested), and a peak wider
    than the window keeps its height and position. Reference: A. Savitzky, M. J. E. Golay, Anal. Chem. 36 (1964)
    1627, doi:10.1021/ac60214a047.

    Examples
    --------
    >>> v, d = differential_capacity([0.0, 50.0, 100.0], [2.0, 2.25, 2.5])   # 100 mAh/g over 0.5 V, linear
    >>> round(float(d[len(d) // 2]), 6)
    200.0
    """
    from scipy.signal import savgol_filter

    q, v = np.asarray(capacity, dtype=float), np.asarray(voltage, dtype=float)
    ok = np.isfinite(q) & np.isfinite(v)
    q, v = q[ok], v[ok]
    if len(v) < 2:
        return np.array([]), np.array([])
    if v[-1] < v[0]:  # discharge: monotonic falling, then reversed to rising
        v, q = np.minimum.accumulate(v)[::-1], q[::-1]
    else:
        v = np.maximum.accumulate(v)
    v, first = np.unique(v, return_index=True)  # a repeated V keeps its first capacity
    q = q[first]
    n = int(np.floor((v[-1] - v[0]) / step_V)) + 1
    if n < 3:
        return np.array([]), np.array([])
    grid = v[0] + step_V * np.arange(n)
    q_grid = np.interp(grid, v, q)
    w = min(window, n if n % 2 else n - 1)
    if w <= order:
        return grid, np.abs(np.gradient(q_grid, step_V))
    return grid, np.abs(savgol_filter(q_grid, w, order, deriv=1, delta=step_V))
