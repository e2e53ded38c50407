"""Open-circuit potentials of the electrode materials [V vs Li/Li+].

Each function takes the stoichiometry ``x = c / c_max`` and a math namespace ``xp``
(``numpy`` for arrays, ``pybamm`` for expression trees), so the same equation serves the
PyBaMM cell and the tests; a temperature-dependent one also takes ``temperature_K`` (a number or a
PyBaMM symbol), and parameterised ones take their parameters from the material file
(:data:`OCP_PARAMETER_FIELDS`). The registry :data:`OCP_FUNCTIONS` maps the names used in
``parameter_sets/electrodes/*.toml`` to the functions; :func:`material_ocp` binds a material's.
"""
from __future__ import annotations

import functools

import numpy as np

from ..constants import BOLTZMANN, ELEMENTARY_CHARGE, FARADAY, GAS_CONSTANT
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


def ncm111_bpx_slope(x):
    """Derivative of :func:`ncm111_bpx` with respect to its own stoichiometry, dU/dx_BPX [V].

    Parameters
    ----------
    x : float or numpy.ndarray
        Li stoichiometry on BPX's scale, c / 46,200 mol/m3 [1].

    Notes
    -----
    Term by term, d tanh(k (x - x0)) / dx = k (1 - tanh^2(k (x - x0))):

    .. math:: U' = -3.04420906 + 0.65637536 \\cdot 4.02134095\\,\\mathrm{sech}^2(-4.02134095(x - 0.80063948))
              + 4.24678547 \\cdot 12.17805062\\,\\mathrm{sech}^2(\\ldots) - 0.3757068 \\cdot 59.33067782\\,
              \\mathrm{sech}^2(59.33067782(x - 0.99784492))

    Examples
    --------
    >>> round(float(ncm111_bpx_slope(0.9621)), 3)
    -2.512
    """
    def sech2(k, x0):
        return 1 - np.tanh(k * (x - x0)) ** 2

    return (-3.04420906 + 0.65637536 * 4.02134095 * sech2(-4.02134095, 0.80063948)
            + 4.24678547 * 12.17805062 * sech2(12.17805062, 7.57659337)
            - 0.3757068 * 59.33067782 * sech2(59.33067782, 0.99784492))


def msmr_site_occupancy(potential_V, site_capacity, standard_potential_V, ideality_factor, temperature_K=T_REF_K,
                        xp=np):
    """Li held by one site (gallery) of the multi-site multi-reaction (MSMR) model at a potential [1].

    .. math:: x_j(U) = \\frac{X_j}{1 + \\exp\\left(\\frac{F (U - U_j^0)}{w_j R T}\\right)}

    Parameters
    ----------
    potential_V : float, array or pybamm.Symbol
        Electrode potential U [V vs Li/Li+].
    site_capacity : float
        X_j, the fraction of the host's Li sites of this kind [1].
    standard_potential_V : float
        U_j^0 [V vs Li/Li+].
    ideality_factor : float
        w_j [1] (1: an ideal Fermi-Dirac site; larger: a broader one).
    temperature_K : float
        T [K].

    References
    ----------
    M. Verbrugge, D. Baker, B. Koch, X. Xiao, W. Gu, J. Electrochem. Soc. 164 (2017) E3243,
    doi:10.1149/2.0341708jes, eq. 6 and Table 1; as in PyBaMM's ``MSMR_example_set``.

    Examples
    --------
    >>> round(float(msmr_site_occupancy(3.62274, 0.13442, 3.62274, 0.9671)), 5)
    0.06721
    """
    return site_capacity / (1 + xp.exp(FARADAY * (potential_V - standard_potential_V)
                                       / (ideality_factor * GAS_CONSTANT * temperature_K)))


def msmr_site_potential(occupancy, site_capacity, standard_potential_V, ideality_factor, temperature_K=T_REF_K,
                        xp=np):
    """Inverse of :func:`msmr_site_occupancy`: the potential at which one MSMR site holds ``occupancy`` [V].

    .. math:: U = U_j^0 + \\frac{w_j R T}{F} \\ln\\frac{X_j - x_j}{x_j}, \\qquad 0 < x_j < X_j

    Strictly decreasing in x_j; finite for 0 < x_j < X_j.

    Examples
    --------
    >>> round(float(msmr_site_potential(0.06721, 0.13442, 3.62274, 0.9671)), 5)
    3.62274
    """
    return standard_potential_V + (ideality_factor * GAS_CONSTANT * temperature_K / FARADAY) * xp.log(
        (site_capacity - occupancy) / occupancy)


def lithiated_tail(join_x, join_potential_V, join_slope_V, site_capacity, ideality_factor, end_x=1.0,
                   temperature_K=T_REF_K):
    """The one MSMR site that continues an OCP fit from its lithiated end to ``end_x`` with value and slope (C1).

    Parameters
    ----------
    join_x : float
        Stoichiometry of the fit's lithiated end x_f [1].
    join_potential_V, join_slope_V : float
        The fit's U(x_f) [V] and dU/dx there (< 0) [V].
    site_capacity, ideality_factor : float
        X and w of the site (:func:`msmr_site_occupancy`), taken from a related material measured to its
        lithiated end.
    end_x : float
        Full lithiation [1] (one Li per formula unit: 1).
    temperature_K : float
        Temperature of the site's data [K].

    Returns
    -------
    dict
        ``start_x`` x_a (where the site starts to fill: x = x_a + x_j), ``standard_potential_V`` U0, ``join_occupancy``
        z_f, ``end_vacancy`` (X - z at ``end_x``: > 0, so U(end_x) is finite) and ``end_potential_V``.

    Raises
    ------
    ParameterError
        No C1 join with a finite end exists: the slope asks for more than the site can give
        (X < 4 w R T / (F |U'|)), or the site fills before ``end_x``.

    Notes
    -----
    The tail is U(x) = U0 + a ln((X - z) / z), z = x - x_a, a = w R T / F, so dU/dx = -a X / (z (X - z)).
    Matching the slope s = |U'(x_f)| gives z_f (X - z_f) = a X / s, whose smaller root

    .. math:: z_f = \\frac{X - \\sqrt{X^2 - 4 a X / s}}{2}

    leaves the most of the site to fill beyond the join; the value gives U0 = U(x_f) - a ln((X - z_f) / z_f), and
    x_a = x_f - z_f. The site is finite at ``end_x`` when X - z_f > end_x - x_f.

    Examples
    --------
    >>> t = lithiated_tail(0.90264, 3.6133, -2.677, 0.13442, 0.9671)
    >>> round(t["join_occupancy"], 5), round(t["end_vacancy"], 4), round(t["end_potential_V"], 3)
    (0.01003, 0.027, 3.516)
    """
    a = ideality_factor * GAS_CONSTANT * temperature_K / FARADAY
    s = -join_slope_V
    disc = site_capacity ** 2 - 4 * a * site_capacity / s if s > 0 else -1.0
    if disc < 0:
        raise ParameterError("ocp_tail_site_capacity", site_capacity,
                             f"> 4 w R T / (F |dU/dx|) = {4 * a / s if s > 0 else float('inf'):.4g} for a C1 join "
                             f"(dU/dx at the fit's end {join_slope_V:.4g} V must be < 0)")
    z_f = (site_capacity - disc ** 0.5) / 2
    end_vacancy = site_capacity - z_f - (end_x - join_x)
    if end_vacancy <= 0:
        raise ParameterError("ocp_tail_site_capacity", site_capacity,
                             f"a site that is not full at x = {end_x} (needs X > {z_f + end_x - join_x:.4g})")
    U0 = join_potential_V - a * np.log((site_capacity - z_f) / z_f)
    return {"start_x": join_x - z_f, "standard_potential_V": float(U0), "join_occupancy": float(z_f),
            "end_vacancy": float(end_vacancy),
            "end_potential_V": float(msmr_site_potential(site_capacity - end_vacancy, site_capacity, U0,
                                                         ideality_factor, temperature_K))}


def ncm111_bpx_msmr_tail(x, xp=np, *, reference_scale, fit_end, tail_site_capacity, tail_ideality_factor):
    """NCM111: the BPX fit (:func:`ncm111_bpx`) up to its lithiated end, then one MSMR site to full lithiation.

    Parameters
    ----------
    x : array-like or pybamm.Symbol
        Li stoichiometry c / c_max on the material's own scale (x = 1: one Li per LiNi1/3Mn1/3Co1/3O2) [1].
    xp : module
        ``numpy`` or ``pybamm``.
    reference_scale : float
        c_max / 46,200 mol/m3: BPX's fit is evaluated at x_BPX = x * reference_scale [1].
    fit_end : float
        The fit's lithiated end on the material's scale, x_f (0.90264 = x_BPX 0.96210 / reference_scale) [1].
    tail_site_capacity, tail_ideality_factor : float
        X and w of the tail's site [1] (NCM111.toml: the lithiated-end site of NMC622, Verbrugge et al. 2017).

    Returns
    -------
    U : same type as ``x``
        Open-circuit potential at 298.15 K [V vs Li/Li+] (PyBaMM adds the entropic term); the BPX fit for
        x <= x_f, the tail (:func:`lithiated_tail`, at 298.15 K) for x_f < x <= 1, held at U(1) beyond.

    Notes
    -----
    The BPX expression past its fit has a steep tanh at x_BPX 0.998 (x = 0.936) and reaches ~2.7 V at x = 1: an
    unsourced extrapolation. The tail replaces it with the form the MSMR model gives a layered oxide's lithiated
    end, one Fermi-Dirac site x_j(U) = X / (1 + exp(F (U - U0) / (w R T))) filling as the potential falls, with X
    and w of the NMC622 site that fills last (lowest U0) in Verbrugge et al.'s fit to data measured to the
    lithiated end. Its standard potential and start are not NMC622's: they follow from joining the BPX fit in value
    and slope at x_f (U0 = 3.5507 V, 72 mV below NMC622's 3.62274 V; the site is 7.5 % full at the join). Finite at
    x = 1 (U = 3.516 V, the site 80 % full), strictly decreasing, C1 at the join (not C2). The MSMR fractions X_j
    are shares of the host capacity Verbrugge et al. fitted (their sum is 1); X is used here as a share of
    c_max = 49,243 mol/m3 (one Li per formula unit): an assumption, as is the site's width frozen at 298.15 K.

    References
    ----------
    Faraday Institution BPX, examples/nmc_pouch_cell_BPX.json (the fit); M. Verbrugge, D. Baker, B. Koch, X. Xiao,
    W. Gu, J. Electrochem. Soc. 164 (2017) E3243, doi:10.1149/2.0341708jes, Table 1 (NMC site 1: X = 0.13442,
    w = 0.96710; PyBaMM ``MSMR_example_set``).

    Examples
    --------
    >>> p = dict(reference_scale=49243 / 46200, fit_end=0.90264, tail_site_capacity=0.13442,
    ...          tail_ideality_factor=0.9671)
    >>> round(float(ncm111_bpx_msmr_tail(0.90264, **p)), 4), round(float(ncm111_bpx_msmr_tail(1.0, **p)), 3)
    (3.6133, 3.516)
    """
    tail = _tail_of(reference_scale, fit_end, tail_site_capacity, tail_ideality_factor)
    inside = x <= fit_end
    x_tail = xp.minimum(xp.maximum(x, fit_end), 1.0)
    U_tail = msmr_site_potential(x_tail - tail["start_x"], tail_site_capacity, tail["standard_potential_V"],
                                 tail_ideality_factor, T_REF_K, xp)
    return inside * ncm111_bpx(x * reference_scale, xp) + (1 - inside) * U_tail


def _tail_of(reference_scale, fit_end, site_capacity, ideality_factor) -> dict:
    """:func:`lithiated_tail` of the BPX NCM111 fit at ``fit_end`` (numbers, computed once per material)."""
    return _tail_cached(float(reference_scale), float(fit_end), float(site_capacity), float(ideality_factor))


@functools.lru_cache(maxsize=8)
def _tail_cached(reference_scale, fit_end, site_capacity, ideality_factor) -> dict:
    x_bpx = fit_end * reference_scale
    return lithiated_tail(fit_end, float(ncm111_bpx(x_bpx)), float(reference_scale * ncm111_bpx_slope(x_bpx)),
                          site_capacity, ideality_factor)


OCP_FUNCTIONS = {"lto_vasileiadis2018": lto_vasileiadis2018, "ncm111_bpx": ncm111_bpx,
                 "ncm111_bpx_msmr_tail": ncm111_bpx_msmr_tail}
#: material fields (schema.ActiveMaterial) that parameterise an OCP function -> its keyword argument
OCP_PARAMETER_FIELDS = {"ocp_plateau_potential": "plateau_potential_V",
                        "ocp_interaction_energy": "interaction_energy_J",
                        "ocp_join_width": "join_width_V", "ocp_plateau_slope": "plateau_slope_V",
                        "ocp_tail_site_capacity": "tail_site_capacity",
                        "ocp_tail_ideality_factor": "tail_ideality_factor"}


def material_ocp(material):
    """The OCP of an electrode material as a function of its own stoichiometry ``x = c / maximum_concentration``.

    A source that defines its fit against another concentration scale (BPX's NCM111 fit: x_BPX = c / 46,200
    mol/m3) names it as ``ocp_reference_concentration``; the registered function is then evaluated at
    ``x * maximum_concentration / ocp_reference_concentration``, so U(c) stays the source's whatever c_max is.
    A function with a ``reference_scale`` argument gets that ratio instead and takes the material's own x (it
    scales its fit itself, e.g. to continue it with a tail on the material's scale); one with ``fit_end`` gets the
    material's ``stoichiometry_max``. The material's ``ocp_*`` parameters (:data:`OCP_PARAMETER_FIELDS`) are
    passed to the function; a function with a ``temperature_K`` argument gets the temperature, the others ignore
    it (their temperature dependence is PyBaMM's entropic term).

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
    if "reference_scale" in takes:  # the function works on the material's own x and scales its fit itself
        params["reference_scale"], scale = scale, 1.0
    if "fit_end" in takes:  # a function that continues its fit past stoichiometry_max
        params["fit_end"] = material.stoichiometry_max

    def ocp(x, xp=np, temperature_K=T_REF_K):
        if with_T:
            return fn(x * scale if scale != 1.0 else x, xp, temperature_K=temperature_K, **params)
        return fn(x * scale if scale != 1.0 else x, xp, **params)

    return ocp
