"""Open-circuit potentials of the electrode materials [V vs Li/Li+].

Each function takes the stoichiometry ``x = c / c_max`` and a math namespace ``xp``
(``numpy`` for arrays, ``pybamm`` for expression trees), so the same equation serves the
PyBaMM cell and the tests; a temperature-dependent one also takes ``temperature_K`` (a number or a
PyBaMM symbol), and parameterised ones take their parameters from the material file
(:data:`OCP_PARAMETER_FIELDS`). The registry :data:`OCP_FUNCTIONS` maps the names used in
``parameter_sets/electrodes/*.toml`` to the functions; :func:`material_ocp` binds a material's.
"""
from __future__ import annotations

import numpy as np

from ..constants import BOLTZMANN, ELEMENTARY_CHARGE
from ..errors import ParameterError, UnknownNameError

#: temperature at which an OCP without its own temperature dependence is given; PyBaMM adds
#: (T - T_REF_K) * ocp_entropic_change to it (cellsim.cell.balance.T_REF_ENTROPIC is this number) [K]
T_REF_K = 298.15
#: curvature K of the parabolic continuation of each single-phase branch past its spinodal [V]: any K > 0 keeps
#: the construction monotone and C1; 1 V puts the continued branch >= 70 mV off the plateau at x = 1/2 (100 degC)
_BRANCH_CURVATURE_V = 1.0


def _smooth_max(a, b, width, xp):
    """max(a, b) rounded over ``width``: max(a, b) + width ln(1 + exp(-|a - b| / width)) (overflow-free)."""
    return xp.maximum(a, b) + width * xp.log(1 + xp.exp(-abs(a - b) / width))


def _smooth_min(a, b, width, xp):
    """min(a, b) rounded over ``width``: min(a, b) - width ln(1 + exp(-|a - b| / width)) (overflow-free)."""
    return xp.minimum(a, b) - width * xp.log(1 + xp.exp(-abs(a - b) / width))


def regular_solution_excess(y, temperature_K, interaction_energy_J, xp=np):
    """Open-circuit potential of a symmetric regular solution relative to its plateau, U(y) - U0 [V].

    Parameters
    ----------
    y : array-like or pybamm.Symbol
        Site fraction filled, 0 < y < 1 [1].
    temperature_K : float or pybamm.Symbol
        Temperature [K].
    interaction_energy_J : float
        Regular-solution interaction energy per site, Omega [J].
    xp : module
        ``numpy`` or ``pybamm`` (provides ``log``).

    Returns
    -------
    same type as ``y``
        U(y) - U0 [V]; zero at y = 1/2, antisymmetric about it.

    Notes
    -----
    Chemical potential of the regular solution per site, mu = mu0 + k_B T ln(y / (1 - y)) + Omega (1 - 2y);
    the potential vs Li/Li+ is U = -(mu - mu0_Li) / e, so

    .. math:: U(y) - U_0 = -\\frac{k_B T}{e}\\ln\\frac{y}{1 - y} - \\frac{\\Omega}{e}(1 - 2y).

    For Omega > 2 k_B T it has a van der Waals loop between the spinodals (:func:`regular_solution_spinodal`).

    References
    ----------
    MPET, TRI-AMDD/mpet, ``mpet/props_am.py`` (``reg_sln``: mu / k_B T = ln(y / (1 - y)) + Omega (1 - 2y) / k_B T).

    Examples
    --------
    >>> round(float(regular_solution_excess(0.01, 373.15, 1.43e-20)), 4)
    0.0603
    """
    return (-(BOLTZMANN * temperature_K / ELEMENTARY_CHARGE) * xp.log(y / (1 - y))
            - (interaction_energy_J / ELEMENTARY_CHARGE) * (1 - 2 * y))


def regular_solution_spinodal(temperature_K, interaction_energy_J, xp=np):
    """Lower spinodal of a symmetric regular solution, where dU/dy = 0 [1] (1/2 above the critical temperature).

    Parameters
    ----------
    temperature_K : float or pybamm.Symbol
        Temperature [K].
    interaction_energy_J : float
        Interaction energy per site, Omega [J].
    xp : module
        ``numpy`` or ``pybamm`` (provides ``sqrt``, ``maximum``).

    Returns
    -------
    float or pybamm.Symbol
        y_s with y_s (1 - y_s) = k_B T / (2 Omega), the lower root; the upper spinodal is 1 - y_s [1].

    Notes
    -----
    dU/dy = -(k_B T / e) / (y (1 - y)) + 2 Omega / e = 0 gives :math:`y_s = (1 - \\sqrt{1 - 2 k_B T / \\Omega}) / 2`
    for T below the critical temperature :math:`T_c = \\Omega / (2 k_B)`; at and above it y_s = 1/2.

    Examples
    --------
    >>> round(float(regular_solution_spinodal(298.15, 1.43e-20)), 3)
    0.174
    """
    two_over_a = 2 * BOLTZMANN * temperature_K / interaction_energy_J
    return (1 - xp.sqrt(xp.maximum(1 - two_over_a, 0 * two_over_a))) / 2


def regular_solution_binodal(temperature_K: float, interaction_energy_J: float) -> float:
    """Lower binodal (common-tangent) edge of a symmetric regular solution [1]; the upper edge is 1 - y_b.

    Parameters
    ----------
    temperature_K : float
        Temperature, below the critical temperature Omega / (2 k_B) [K].
    interaction_energy_J : float
        Interaction energy per site, Omega [J].

    Returns
    -------
    float
        y_b < 1/2 [1].

    Raises
    ------
    ParameterError
        At or above the critical temperature (no two-phase region).

    Notes
    -----
    By symmetry the common tangent of the free energy is horizontal at mu(1/2), so the coexisting phases
    satisfy U(y_b) = U0 (equal areas of the loop on both sides of y = 1/2), i.e.
    :math:`\\ln\\frac{y}{1-y} = \\frac{\\Omega}{k_B T}(2y - 1)`, solved by bisection in (0, y_s).

    Examples
    --------
    >>> round(regular_solution_binodal(298.15, 1.43e-20), 3), round(regular_solution_binodal(373.15, 1.43e-20), 3)
    (0.039, 0.096)
    """
    from scipy.optimize import brentq

    T_c = interaction_energy_J / (2 * BOLTZMANN)
    if not 0 < temperature_K < T_c:
        raise ParameterError("temperature_K", temperature_K, f"0 < T < Omega / (2 k_B) = {T_c:.1f} K")
    y_s = float(regular_solution_spinodal(temperature_K, interaction_energy_J))
    return brentq(lambda y: float(regular_solution_excess(y, temperature_K, interaction_energy_J)), 1e-300, y_s,
                  xtol=1e-15, rtol=1e-13)


def lto_vasileiadis2018(x, xp=np, *, temperature_K, plateau_potential_V, interaction_energy_J, join_width_V,
                        plateau_slope_V):
    """Equilibrium open-circuit potential of Li4+3xTi5O12: MPET's regular solution with the common tangent.

    Parameters
    ----------
    x : array-like or pybamm.Symbol
        Fraction of the three insertable Li filled, 0 < x < 1 (x = 1: Li7Ti5O12) [1].
    xp : module
        ``numpy`` or ``pybamm`` (provides ``log``, ``exp``, ``sqrt``, ``minimum``, ``maximum``).
    temperature_K : float or pybamm.Symbol
        Temperature [K]; the two-phase region narrows as it rises.
    plateau_potential_V : float
        Two-phase potential U0 [V vs Li/Li+] (1.55 V).
    interaction_energy_J : float
        Regular-solution interaction energy per site, Omega [J] (1.43e-20 J).
    join_width_V : float
        Width w of the smooth joins between the plateau and the single-phase branches [V].
    plateau_slope_V : float
        Slope s of the plateau, -dU/dx inside the two-phase region [V]; 0 for a flat plateau.

    Returns
    -------
    U : same type as ``x``
        Open-circuit potential [V vs Li/Li+], non-increasing in x.

    Notes
    -----
    The homogeneous regular solution, :math:`U_{rs} = U_0 + f(x)` with f from :func:`regular_solution_excess`,
    has a van der Waals loop for Omega > 2 k_B T. A particle in equilibrium follows the common tangent instead:
    U = U0 between the binodal edges x_b and 1 - x_b (:func:`regular_solution_binodal`; 0.039 / 0.961 at 25 degC,
    0.096 / 0.904 at 100 degC) and U_rs outside. Since f > 0 below x_b and f < 0 between x_b and 1/2 (and the
    mirror image above 1/2), the construction needs no x_b:

    .. math:: U = U_0 + \\mathrm{smax}(f_{lo}, p) + \\mathrm{smin}(f_{hi}, p) - p, \\qquad p = -s (x - 1/2),

    with f_lo(x) = f(min(x, x_s)) - K max(x - x_s, 0)^2 and f_hi(x) = f(max(x, 1 - x_s)) + K max(1 - x_s - x, 0)^2
    (x_s the spinodal, K = 1 V: each branch continued past its extremum, where f' = 0, as a falling parabola, so it
    stays C1, non-increasing and clear of the plateau), and smax / smin log-sum-exp smooth maximum / minimum of
    width w. Every term is non-increasing, so is U. Outside the binodal, where f_lo >> p (f_hi << p), U equals
    U_rs to w exp(-|f - p| / w); inside it U = U0 + p to the same order; at the edges the corner is rounded over
    about w / |f'(x_b)| in x (0.004 at 25 degC, 0.010 at 100 degC for w = 2 mV) and lies w ln 2 off the exact
    corner. The regular solution has no entropic term beyond k_B T ln(x / (1 - x)), so the material's
    ``ocp_entropic_change`` is 0: the temperature enters here. Above T_c = Omega / (2 k_B) = 518 K the spinodal is
    1/2 and U is the single-phase U_rs (plus p).

    References
    ----------
    A. Vasileiadis, N. J. J. de Klerk, R. B. Smith, S. Ganapathy, P. P. R. M. L. Harks, M. Z. Bazant, M. Wagemaker,
    "Towards optimal performance and in-depth understanding of spinel Li4Ti5O12 electrodes through phase field
    modeling", Adv. Funct. Mater. 28 (2018) 1705992, doi:10.1002/adfm.201705992, arXiv:1801.06521;
    parameters as in MPET (TRI-AMDD/mpet), ``mpet/electrode/materials/LTO.py`` (U0 = 1.55 V) and
    ``configs/params_LTO.cfg`` (Omega_a = 1.43e-20 J).

    Examples
    --------
    >>> p = dict(plateau_potential_V=1.55, interaction_energy_J=1.43e-20, join_width_V=0.002, plateau_slope_V=0.0)
    >>> round(float(lto_vasileiadis2018(0.5, temperature_K=373.15, **p)), 4)
    1.55
    >>> round(float(lto_vasileiadis2018(0.01, temperature_K=373.15, **p)), 4)
    1.6103
    """
    w, s = join_width_V, plateau_slope_V
    x_s = regular_solution_spinodal(temperature_K, interaction_energy_J, xp)
    x_lo, x_hi = xp.minimum(x, x_s), xp.maximum(x, 1 - x_s)
    beyond_lo, beyond_hi = xp.maximum(x - x_s, 0 * x), xp.maximum(1 - x_s - x, 0 * x)
    f_lo = regular_solution_excess(x_lo, temperature_K, interaction_energy_J, xp) - _BRANCH_CURVATURE_V * beyond_lo ** 2
    f_hi = regular_solution_excess(x_hi, temperature_K, interaction_energy_J, xp) + _BRANCH_CURVATURE_V * beyond_hi ** 2
    p = -s * (x - 0.5)
    return plateau_potential_V + _smooth_max(f_lo, p, w, xp) + _smooth_min(f_hi, p, w, xp) - p


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


OCP_FUNCTIONS = {"lto_vasileiadis2018": lto_vasileiadis2018, "ncm111_bpx": ncm111_bpx}
#: material fields (schema.ActiveMaterial) that parameterise an OCP function -> its keyword argument
OCP_PARAMETER_FIELDS = {"ocp_plateau_potential": "plateau_potential_V",
                        "ocp_interaction_energy": "interaction_energy_J",
                        "ocp_join_width": "join_width_V", "ocp_plateau_slope": "plateau_slope_V"}


def material_ocp(material):
    """The OCP of an electrode material as a function of its own stoichiometry ``x = c / maximum_concentration``.

    A source that defines its fit against another concentration scale (BPX's NCM111 fit: x_BPX = c / 46,200
    mol/m3) names it as ``ocp_reference_concentration``; the registered function is then evaluated at
    ``x * maximum_concentration / ocp_reference_concentration``, so U(c) stays the source's whatever c_max is.
    The material's ``ocp_*`` parameters (:data:`OCP_PARAMETER_FIELDS`) are passed to the function; a function
    with a ``temperature_K`` argument gets the temperature, the others ignore it (their temperature dependence is
    PyBaMM's entropic term).

    Returns
    -------
    callable
        ``U(x, xp=numpy, temperature_K=T_REF_K)`` [V vs Li/Li+]; ``temperature_K`` may be a pybamm.Symbol.

    Raises
    ------
    UnknownNameError
        The material names an OCP function that is not in :data:`OCP_FUNCTIONS`.
    ParameterError
        The material sets an ``ocp_*`` parameter its OCP function does not take, or omits one it needs.
    """
    import inspect

    fn = OCP_FUNCTIONS.get(material.ocp)
    if fn is None:
        raise UnknownNameError("ocp", material.ocp, OCP_FUNCTIONS)
    takes = inspect.signature(fn).parameters
    params = {}
    for field, arg in OCP_PARAMETER_FIELDS.items():
        value = getattr(material, field, None)
        if (value is not None) != (arg in takes):
            raise ParameterError(field, value, f"set exactly when the OCP function takes it ({material.ocp}: "
                                 f"{', '.join(a for a in OCP_PARAMETER_FIELDS.values() if a in takes) or 'none'})")
        if value is not None:
            params[arg] = value
    with_T = "temperature_K" in takes
    ref = getattr(material, "ocp_reference_concentration", None)
    scale = 1.0 if ref is None else material.maximum_concentration / ref

    def ocp(x, xp=np, temperature_K=T_REF_K):
        if with_T:
            return fn(x * scale if ref is not None else x, xp, temperature_K=temperature_K, **params)
        return fn(x * scale if ref is not None else x, xp, **params)

    return ocp
