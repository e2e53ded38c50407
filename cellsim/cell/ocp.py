"""Open-circuit potentials of the electrode materials [V vs Li/Li+].

Each function takes the stoichiometry ``x = c / c_max`` and a math namespace ``xp``
(``numpy`` for arrays, ``pybamm`` for expression trees), so the same equation serves the
PyBaMM cell and the tests. The registry :data:`OCP_FUNCTIONS` maps the names used in
``parameter_sets/electrodes/*.toml`` to the functions.
"""
from __future__ import annotations

import numpy as np

from ..constants import FARADAY, GAS_CONSTANT

# Yao & Viswanathan (2024), LTO fit at 300 K: G0 and Redlich-Kister coefficients [J.mol-1]
_LTO_G0 = -155432.9219
_LTO_OMEGA = (14025.5664, 15593.5771, -100475.7578, -26389.4648)
_LTO_T_FIT = 300.0
_LTO_GAP = (0.11861, 0.84824)  # two-phase region bounds in x
_LTO_MU_GAP = -155770.73  # J.mol-1, chemical potential on the two-phase plateau
_LTO_GAP_SMOOTHING = 0.004  # width of the smoothed step at the two-phase bounds, in x


def lto_yao2024(x, xp=np):
    """Open-circuit potential of Li4+3xTi5O12 from the Yao & Viswanathan (2024) free-energy fit.

    Parameters
    ----------
    x : array-like or pybamm.Symbol
        Fraction of the three insertable Li filled, 0 < x < 1 [1].
    xp : module
        ``numpy`` or ``pybamm`` (provides ``log``).

    Returns
    -------
    U : same type as ``x``
        Open-circuit potential [V vs Li/Li+].

    Notes
    -----
    Regular-solution chemical potential with a Redlich-Kister excess term,

    .. math:: \\mu(x) = G_0 + RT\\ln\\frac{x}{1-x} + \\sum_{i=0}^{3}\\Omega_i\\left[(1-2x)^{i+1}
              - 2ix(1-x)(1-2x)^{i-1}\\right], \\qquad U = -\\mu / F,

    evaluated at the fit temperature 300 K (no entropic term is modelled), and the common-tangent
    plateau :math:`\\mu = -155770.73` J/mol (U = 1.6145 V) for 0.11861 < x < 0.84824, entered
    through a tanh step of width 0.004 in x so that the function is smooth for the DAE solver.
    The plateau is 1.61 V, some 60 mV above the often-quoted 1.55 V.

    References
    ----------
    A. Yao, V. Viswanathan, J. Phys. Chem. Lett. 15 (2024), doi:10.1021/acs.jpclett.3c03129;
    coefficients from the authors' open code BattModels/Diffthermo_OCV_paper (LTO.py).

    Examples
    --------
    >>> round(float(lto_yao2024(0.5)), 3)
    1.614
    >>> round(float(lto_yao2024(0.05)), 2)
    2.14
    """
    one_minus_2x = 1 - 2 * x
    mu = _LTO_G0 + GAS_CONSTANT * _LTO_T_FIT * xp.log(x / (1 - x))
    mu = mu + _LTO_OMEGA[0] * one_minus_2x  # i = 0: the x(1-x)(1-2x)^(i-1) term has factor i = 0
    for i, omega in enumerate(_LTO_OMEGA[1:], start=1):
        mu = mu + omega * (one_minus_2x ** (i + 1) - 2 * i * x * (1 - x) * one_minus_2x ** (i - 1))
    # smooth indicator of the two-phase region: a sharp Heaviside step makes the DAE solver stall at
    # tight tolerances, a tanh step of width 0.004 in x changes U by < 1 mV away from the bounds
    w = _LTO_GAP_SMOOTHING
    inside = 0.5 * (xp.tanh((x - _LTO_GAP[0]) / w) - xp.tanh((x - _LTO_GAP[1]) / w))
    return -(inside * _LTO_MU_GAP + (1 - inside) * mu) / FARADAY


def ncm111_bpx(x, xp=np):
    """Open-circuit potential of LiNi1/3Mn1/3Co1/3O2 (NCM111) from the BPX example cell.

    Parameters
    ----------
    x : array-like or pybamm.Symbol
        Li stoichiometry c / c_max [1]; the fit covers 0.42424 (4.29 V) to 0.96210 (3.61 V).
    xp : module
        ``numpy`` or ``pybamm`` (provides ``tanh``).

    Returns
    -------
    U : same type as ``x``
        Open-circuit potential [V vs Li/Li+].

    Notes
    -----
    .. math:: U = -3.04420906x + 10.04892207 - 0.65637536\\tanh(-4.02134095(x - 0.80063948))
              + 4.24678547\\tanh(12.17805062(x - 7.57659337)) - 0.3757068\\tanh(59.33067782(x - 0.99784492))

    Outside the fitted range the expression is an extrapolation.

    References
    ----------
    Faraday Institution BPX parameter set, examples/nmc_pouch_cell_BPX.json (NMC111 pouch cell),
    https://github.com/FaradayInstitution/BPX.

    Examples
    --------
    >>> round(float(ncm111_bpx(0.42424)), 2)
    4.29
    >>> round(float(ncm111_bpx(0.9621)), 2)
    3.61
    """
    return (
        -3.04420906 * x
        + 10.04892207
        - 0.65637536 * xp.tanh(-4.02134095 * (x - 0.80063948))
        + 4.24678547 * xp.tanh(12.17805062 * (x - 7.57659337))
        - 0.3757068 * xp.tanh(59.33067782 * (x - 0.99784492))
    )


OCP_FUNCTIONS = {"lto_yao2024": lto_yao2024, "ncm111_bpx": ncm111_bpx}
