"""Steady state of the line of grains: equilibrium occupancy, the periodic unit-cell solve and D_eff.

Eqs. (1)-(2) of the package docstring (:mod:`cellsim.electrolyte.segregation`): McLean occupancy at fixed mean
content, then the linearised periodic unit-cell problem on a FiPy grid, which in 1D is Lifson-Jackson.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Sequence

import numpy as np

from ...constants import BOLTZMANN_EV
from ...errors import ModelError, ParameterError, SolverFailure
from ...parameters.segregation import SegregationParameters
from ...checks import check_temperature
from ..defects import free_vacancy_fraction
from ._common import _GAUSS_W, _GAUSS_X, _fipy, _params
from .landscape import grain_landscape_1d

_PERIODIC_ENERGY_ATOL_EV = 1e-6
_PERIODIC_DIFFUSIVITY_RTOL = 1e-6
_MAX_EXPONENT = 650.0  # largest |E - E_ref| / kT kept finite in double precision


def equilibrium_occupancy(energy_eV, volume_weights, mean_site_fraction: float, temperature_K: float,
                          site_saturation: bool = True):
    """Equilibrium vacancy site fraction on a landscape at a fixed mean content.

    Parameters
    ----------
    energy_eV : array
        Segregation energy at sample points [eV]; the last axis may hold quadrature points of each cell.
    volume_weights : array
        Volume of each sample point, broadcastable to ``energy_eV`` [m3, or any consistent measure].
    mean_site_fraction : float
        Mean vacancy site fraction over the landscape [1].
    temperature_K : float
        Temperature [K].
    site_saturation : bool
        McLean / Fermi-Dirac occupancy (True) or dilute Boltzmann occupancy (False).

    Returns
    -------
    theta : array
        Site fraction at the sample points [1].
    eta : float
        Chemical potential over kB T, mu / (kB T) [1].

    Notes
    -----
    McLean isotherm :math:`\\theta = 1/(1+\\exp(E/k_BT - \\eta))`, dilute limit :math:`\\theta = e^{\\eta - E/k_BT}`;
    :math:`\\eta` solves :math:`\\sum V\\theta = \\bar\\theta\\sum V`.

    References
    ----------
    McLean, Grain Boundaries in Metals (Oxford, 1957); Lejcek, Grain Boundary Segregation in Metals
    (Springer, 2010), doi:10.1007/978-3-642-12505-8.

    Examples
    --------
    A two-site system, one site 0.1 eV deeper, half a vacancy per site on average at 300 K:

    >>> theta, eta = equilibrium_occupancy([0.0, -0.1], [1.0, 1.0], 0.5, 300.0)
    >>> [round(float(t), 4) for t in theta]
    [0.1263, 0.8737]
    """
    from scipy.optimize import brentq
    from scipy.special import expit, logit

    T = check_temperature(temperature_K)
    be = np.asarray(energy_eV, dtype=float) / (BOLTZMANN_EV * T)
    vol = np.broadcast_to(np.asarray(volume_weights, dtype=float), be.shape)
    if not 0 < mean_site_fraction < 1:
        raise ParameterError("mean_site_fraction", mean_site_fraction, "0 < fraction < 1")
    total = vol.sum()
    if site_saturation:
        def excess(eta):
            return float((vol * expit(eta - be)).sum() / total - mean_site_fraction)

        base = float(logit(mean_site_fraction))
        lo, hi = base + be.min() - 1.0, base + be.max() + 1.0
        eta = brentq(excess, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=500)
        return expit(eta - be), eta
    shift = be.min()
    weight = np.exp(-(be - shift))
    eta = math.log(mean_site_fraction * total / float((vol * weight).sum())) + shift
    return np.exp(eta - be), eta



def reference_site_fraction(temperature_K: float, params: SegregationParameters | None = None) -> float:
    r"""Free-vacancy site fraction of a single crystal of the same composition (no boundaries) [1].

    Parameters
    ----------
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.

    Returns
    -------
    float
        ``vacancy_site_fraction`` when the set fixes it; otherwise the dopant-vacancy association of
        :func:`cellsim.electrolyte.defects.free_vacancy_fraction` (free vacancies per formula unit) divided by
        the Li sites per formula unit.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.1, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Li2.99M0.005OCl (0.167 % of Li sites vacant) at 300 K: 2.7e-8 of the Li sites hold a free vacancy
    (8.1e-8 per formula unit; the Review's section 5.3.1 quotes ~1e-7):

    >>> f"{reference_site_fraction(300.0):.1e}"
    '2.7e-08'
    """
    p = _params(params)
    T = check_temperature(temperature_K)
    if p.vacancy_site_fraction is not None:
        return float(p.vacancy_site_fraction)
    v = free_vacancy_fraction(p.dopant_per_formula_unit, p.dopant_binding_energy_eV, T, p.li_sites_per_formula_unit)
    return float(v) / p.li_sites_per_formula_unit


def dopant_buffered_occupancy(energy_eV, volume_weights, temperature_K: float, params: SegregationParameters):
    r"""Equilibrium free-vacancy occupancy of a polycrystal whose vacancies come from bound dopant pairs.

    Parameters
    ----------
    energy_eV : array
        Segregation energy at sample points [eV].
    volume_weights : array
        Volume of each sample point, broadcastable to ``energy_eV`` [any consistent measure].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters
        With ``dopant_per_formula_unit`` c, ``dopant_binding_energy_eV`` E_b and ``li_sites_per_formula_unit`` N.

    Returns
    -------
    theta : array
        Free-vacancy site fraction at the sample points [1].
    eta : float
        logit of the bulk (E = 0) site fraction with site saturation, its log without [1].

    Notes
    -----
    The dopant-vacancy association of :func:`cellsim.electrolyte.defects.free_vacancy_fraction`
    (M_Li + V_Li <-> (M_Li V_Li), mass action in the grain interior with :math:`K = N e^{-E_b/k_BT}`) plus
    vacancies held by the boundaries. Per formula unit, with :math:`v = N\theta_b` the free vacancies of the grain
    interior and :math:`u = N\langle\theta\rangle` all unpaired vacancies (free dopants, by charge
    neutrality; space charge ignored):

    .. math:: v\,u = K\,(c - u), \qquad \theta(x) = \frac{1}{1 + e^{E(x)/k_BT}(1-\theta_b)/\theta_b}

    solved for :math:`\theta_b` by Brent's method in :math:`\ln\theta_b`. Without boundaries u = v and it is
    the single-crystal quadratic. Dilute, :math:`u = g v` with :math:`g = \langle e^{-E/k_BT}\rangle`, so
    :math:`u` is the single-crystal root with K replaced by gK (E_b lowered by :math:`k_BT\ln g`): when the
    pairs hold most vacancies (:math:`v \ll c`), :math:`\theta_b` falls only as :math:`g^{-1/2}`, not as the
    :math:`g^{-1}` of a closed set of free vacancies: the pairs replenish what the boundaries hold.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.1 and Table 2, doi:10.1021/acs.chemrev.1c00594.
    McLean, Grain Boundaries in Metals (Oxford, 1957).

    Examples
    --------
    No boundary: the single-crystal free fraction of :func:`reference_site_fraction`.

    >>> from cellsim.parameters.segregation import load_parameters
    >>> theta, eta = dopant_buffered_occupancy([0.0, 0.0], [1.0, 1.0], 300.0, load_parameters())
    >>> f"{theta[0]:.3e}" == f"{reference_site_fraction(300.0):.3e}"
    True
    """
    from scipy.optimize import brentq
    from scipy.special import expit

    T = check_temperature(temperature_K)
    be = np.asarray(energy_eV, dtype=float) / (BOLTZMANN_EV * T)
    vol = np.broadcast_to(np.asarray(volume_weights, dtype=float), be.shape)
    total = float(vol.sum())
    N, c = params.li_sites_per_formula_unit, params.dopant_per_formula_unit
    K = N * math.exp(-params.dopant_binding_energy_eV / (BOLTZMANN_EV * T))  # as in defects.free_vacancy_fraction
    theta_single = reference_site_fraction(T, params)

    def occupancy(log_theta_b):
        if params.site_saturation:
            eta = log_theta_b - math.log1p(-math.exp(log_theta_b))
            return expit(eta - be), eta
        return np.exp(log_theta_b - be), log_theta_b

    def balance(log_theta_b):  # v u / (K c) - (1 - u / c), increasing in theta_b
        u = N * float((vol * occupancy(log_theta_b)[0]).sum()) / total
        return N * math.exp(log_theta_b) * u / (K * c) - (1.0 - u / c)

    # traps (E < 0) lower theta_b below the single crystal's, repulsive boundaries (E > 0) raise it
    base = math.log(theta_single)
    lo = base + 2.0 * min(float(be.min()), 0.0) - 1.0
    hi = min(base + max(float(be.max()), 0.0) + 1.0, math.log(0.5) if params.site_saturation else 0.0)
    log_theta_b = brentq(balance, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=500)
    return occupancy(log_theta_b)


def polycrystal_occupancy(energy_eV, volume_weights, temperature_K: float, params: SegregationParameters):
    r"""Free-vacancy occupancy of the landscape: fixed mean content, or buffered by dopant pairs.

    Parameters
    ----------
    energy_eV, volume_weights : array
        As in :func:`equilibrium_occupancy`.
    temperature_K : float
        Temperature [K].
    params : SegregationParameters

    Returns
    -------
    (theta, eta, theta_ref) : (array, float, float)
        Occupancy and reduced chemical potential (:func:`equilibrium_occupancy` with ``vacancy_site_fraction``
        when the set fixes it, else :func:`dopant_buffered_occupancy`) and the single-crystal free fraction of
        :func:`reference_site_fraction` [1].

    Examples
    --------
    >>> from cellsim.parameters.segregation import load_parameters
    >>> theta, eta, ref = polycrystal_occupancy([0.0, -0.2], [1.0, 1.0], 300.0, load_parameters())
    >>> bool(theta[1] > ref > theta[0])
    True
    """
    ref = reference_site_fraction(temperature_K, params)
    if params.vacancy_site_fraction is not None:
        theta, eta = equilibrium_occupancy(energy_eV, volume_weights, ref, temperature_K, params.site_saturation)
    else:
        theta, eta = dopant_buffered_occupancy(energy_eV, volume_weights, temperature_K, params)
    return theta, eta, ref


# --------------------------------------------------------------------------------------------------------------
# Steady state: the unit-cell (periodic-with-jump) solve
# --------------------------------------------------------------------------------------------------------------
def centred_exponent(energy_eV, temperature_K: float) -> np.ndarray:
    """E/kT shifted to centre its range on zero, so exp(+-E/kT) stays finite [1].

    Raises
    ------
    ModelError
        The range exceeds 2 x 650 kT, beyond what double precision represents.
    """
    e = np.asarray(energy_eV, dtype=float)
    be = e / (BOLTZMANN_EV * temperature_K)
    be = be - 0.5 * (be.max() + be.min())
    if be.max() > _MAX_EXPONENT:
        raise ModelError(f"energy range {np.ptp(e):.3g} eV is {np.ptp(be):.0f} kT, beyond the "
                         f"{2 * _MAX_EXPONENT:.0f} kT representable in double precision")
    return be


def mobility_weights(theta, eta, energy_eV, temperature_K: float, params: SegregationParameters,
                     reference_site_fraction_: float | None = None):
    """Thermodynamic weights w = theta0 (1 - theta0) of an occupancy, and the single-crystal reference.

    Parameters
    ----------
    theta, eta : array, float
        Equilibrium occupancy and its reduced chemical potential (:func:`equilibrium_occupancy`).
    energy_eV : array
        Segregation energy at the same points [eV].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters
    reference_site_fraction_ : float, optional
        Free-vacancy site fraction theta_ref of the single crystal; default :func:`reference_site_fraction`.

    Returns
    -------
    (w, single) : (array, float)
        With site saturation w = theta0 (1 - theta0), computed as theta0 expit(E/kT - eta) without
        cancellation, and single = theta_ref (1 - theta_ref); dilute: w = theta0 and single = theta_ref [1].

    Raises
    ------
    ModelError
        The weights under- or overflow (a trap too deep for the temperature).
    """
    from scipy.special import expit

    theta_bar = (reference_site_fraction(temperature_K, params) if reference_site_fraction_ is None
                 else reference_site_fraction_)
    if params.site_saturation:
        w = theta * expit(np.asarray(energy_eV) / (BOLTZMANN_EV * temperature_K) - eta)
        single = theta_bar * (1.0 - theta_bar)
    else:
        w, single = theta, theta_bar
    if np.min(w) <= 0 or not np.all(np.isfinite(w)):
        raise ModelError("vacancy occupancy under- or overflows: the trap is too deep for this temperature")
    return w, single


def _periodic_flux_1d(faces_m: np.ndarray, inverse_mobility_cells: np.ndarray) -> float:
    """FiPy solve of d/dx(a dpsi/dx) = 0 on one period with psi(x + L) = psi(x) + L; returns -J = <a dpsi/dx>.

    ``inverse_mobility_cells`` is the cell average of 1/a (any units); the result is in the units of a.
    """
    fipy = _fipy()
    dx = np.diff(faces_m)
    L = float(faces_m[-1] - faces_m[0])
    scale = float(np.min(inverse_mobility_cells))
    inv_a = inverse_mobility_cells / scale  # >= 1
    mesh = fipy.PeriodicGrid1D(dx=dx / L)
    a = fipy.CellVariable(mesh=mesh, value=1.0 / inv_a)
    a_face = a.harmonicFaceValue
    phi = fipy.CellVariable(mesh=mesh, value=0.0)
    pin = np.zeros(mesh.numberOfCells)
    pin[int(np.argmax(1.0 / inv_a))] = 1.0 / float(np.min(dx / L)) ** 2
    gradient = a_face * [[1.0]]  # a G x_hat with G = 1 per unit of x / L
    pin = fipy.CellVariable(mesh=mesh, value=pin)
    eq = fipy.DiffusionTerm(coeff=a_face) - fipy.ImplicitSourceTerm(coeff=pin) == -gradient.divergence
    eq.solve(var=phi, solver=fipy.LinearLUSolver())
    interior = np.asarray(mesh.interiorFaces.value, dtype=bool)
    flux = (np.asarray(a_face.value) * (1.0 + np.asarray(phi.faceGrad.value)[0]))[interior]
    spread = float(np.ptp(flux) / np.mean(flux))
    if not np.isfinite(spread) or spread > 1e-5:  # LU round-off grows with the cell count (1e-6 at 4e4 cells)
        raise SolverFailure(f"steady unit-cell flux is not uniform (relative spread {spread:.2e})")
    # flux per unit dpsi/d(x/L): a_eff / scale with dpsi/dx = 1/L  ->  a_eff = mean(flux) / scale
    return float(np.mean(flux)) / scale


def effective_diffusivity_1d(x_m, energy_eV, diffusivity_m2_s, temperature_K) -> float:
    """Effective diffusivity of a periodic 1D energy and diffusivity landscape (dilute vacancies).

    Parameters
    ----------
    x_m : array
        Strictly increasing sample positions covering one closed period: ``x_m[-1] - x_m[0]`` is the period and
        the first and last points are the same physical point [m].
    energy_eV : array
        Site energy at the sample points [eV]; ``energy_eV[0]`` and ``energy_eV[-1]`` must agree within 1e-6 eV.
    diffusivity_m2_s : array
        Local diffusivity at the sample points [m2.s-1], > 0; first and last must agree within 1e-6 relative.
    temperature_K : float
        Temperature [K].

    Returns
    -------
    float
        Effective diffusivity D_eff relating the flux to the gradient of the period-averaged concentration
        [m2.s-1].

    Notes
    -----
    The drift-diffusion flux :math:`J = -D(\\partial_x c + c\\,\\partial_x E/k_BT)` is written with the Slotboom
    variable :math:`\\psi = c\\,e^{E/k_BT}` as :math:`J = -a\\,\\partial_x\\psi`, :math:`a = D e^{-E/k_BT}`. The
    steady state under a macroscopic gradient is solved by FiPy on a ``PeriodicGrid1D`` whose cells are the
    intervals between the samples, with :math:`\\psi = Gx + \\phi`, :math:`\\phi` periodic (the jump
    :math:`GL` per period is the imposed gradient; one cell is pinned to remove the constant), and
    :math:`D_{eff} = \\langle J\\rangle / (G \\langle e^{-E/k_BT}\\rangle)`. Between samples, :math:`1/a` and
    :math:`e^{-E/k_BT}` are taken linear (cell values are the averages of the two end samples; FiPy's
    harmonic face average then gives the exact series resistance of the cells), so the result is the
    Lifson-Jackson formula

    .. math:: D_{eff} = \\frac{1}{\\langle e^{E/k_BT}/D\\rangle\\,\\langle e^{-E/k_BT}\\rangle}

    evaluated with the trapezoid rule on the samples: second order in the sample spacing for piecewise smooth
    landscapes, spectrally accurate for smooth periodic ones. Energies are shifted by their mid-range, so
    ranges up to about 1300 kT are representable.

    References
    ----------
    Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.
    Slotboom, Electron. Lett. 5 (1969) 677, doi:10.1049/el:19690510.

    Examples
    --------
    A cosine landscape of amplitude kT and constant D: D_eff / D = 1 / I0(1)^2 = 0.62387.

    >>> import numpy as np
    >>> x = np.linspace(0.0, 1e-9, 401)
    >>> from cellsim.constants import BOLTZMANN_EV
    >>> kT = BOLTZMANN_EV * 300.0
    >>> d_eff = effective_diffusivity_1d(x, kT * np.cos(2 * np.pi * x / 1e-9), np.full(x.size, 1e-12), 300.0)
    >>> round(d_eff / 1e-12, 4)
    0.6239
    """
    T = check_temperature(temperature_K)
    x = np.asarray(x_m, dtype=float)
    e = np.asarray(energy_eV, dtype=float)
    d = np.asarray(diffusivity_m2_s, dtype=float)
    valid_shape = "1D arrays of equal length >= 3, e.g. x_m = np.linspace(0, L, 201)"
    if x.ndim != 1 or x.size < 3:
        raise ParameterError("x_m", f"shape {x.shape}", valid_shape)
    for key, arr in (("energy_eV", e), ("diffusivity_m2_s", d)):
        if arr.shape != x.shape:
            raise ParameterError(key, f"shape {arr.shape}", f"same shape as x_m {x.shape}; {valid_shape}")
        if not np.all(np.isfinite(arr)):
            raise ParameterError(key, "non-finite values", "finite numbers")
    if not np.all(np.isfinite(x)) or np.any(np.diff(x) <= 0):
        raise ParameterError("x_m", "not strictly increasing", "strictly increasing positions [m]")
    if np.any(d <= 0):
        raise ParameterError("diffusivity_m2_s", float(d.min()), "> 0 m2.s-1 at every point")
    if abs(e[-1] - e[0]) > _PERIODIC_ENERGY_ATOL_EV:
        raise ParameterError("energy_eV", (float(e[0]), float(e[-1])),
                             "a periodic landscape: energy_eV[0] == energy_eV[-1] within 1e-6 eV "
                             "(x_m spans one closed period, endpoint included)")
    if abs(d[-1] - d[0]) > _PERIODIC_DIFFUSIVITY_RTOL * max(d[0], d[-1]):
        raise ParameterError("diffusivity_m2_s", (float(d[0]), float(d[-1])),
                             "a periodic landscape: diffusivity_m2_s[0] == diffusivity_m2_s[-1] within 1e-6 "
                             "relative (x_m spans one closed period, endpoint included)")
    be = centred_exponent(e, T)
    inv_a_nodes = np.exp(be) / d
    w_nodes = np.exp(-be)
    inv_a_cells = 0.5 * (inv_a_nodes[1:] + inv_a_nodes[:-1])
    w_mean = float(np.sum(0.5 * (w_nodes[1:] + w_nodes[:-1]) * np.diff(x)) / (x[-1] - x[0]))
    a_eff = _periodic_flux_1d(x - x[0], inv_a_cells)
    return a_eff / w_mean


@dataclasses.dataclass(frozen=True)
class GrainTransport:
    """Steady-state transport of a periodic line of grains.

    Attributes
    ----------
    grain_size_m : float
        Grain size [m].
    temperature_K : float
        Temperature [K].
    effective_diffusivity_m2_s : float
        Chemical diffusivity relating the flux to the gradient of the mean vacancy content [m2.s-1].
    bulk_diffusivity_m2_s : float
        Bulk vacancy diffusivity at this temperature [m2.s-1].
    diffusivity_ratio : float
        D_eff / D_bulk [1].
    conductivity_ratio : float
        Vacancy conductivity of the polycrystal over that of a single crystal with the same mean vacancy
        content (Nernst-Einstein with the lattice-gas thermodynamic factor) [1].
    max_site_fraction : float
        Largest equilibrium vacancy site fraction in the grain (at the boundary) [1].
    trapped_fraction : float
        Fraction of the vacancies within one decay length plus half a boundary width of a boundary plane [1].
    bulk_site_fraction : float
        Equilibrium site fraction far from any boundary (E = 0), i.e. the bulk-equivalent chemical potential [1].
    reference_site_fraction : float
        Free-vacancy site fraction of a single crystal of the same composition (:func:`reference_site_fraction`)
        [1].
    """

    grain_size_m: float
    temperature_K: float
    effective_diffusivity_m2_s: float
    bulk_diffusivity_m2_s: float
    diffusivity_ratio: float
    conductivity_ratio: float
    max_site_fraction: float
    trapped_fraction: float
    bulk_site_fraction: float
    reference_site_fraction: float


def grain_transport_1d(grain_size_m: float, temperature_K: float, params: SegregationParameters | None = None,
                       segregation: bool = True, fine_cell_m: float = 0.05e-9) -> GrainTransport:
    """Steady-state D_eff and conductivity ratio of a periodic 1D line of grains.

    Parameters
    ----------
    grain_size_m : float
        Grain size, the distance between boundary planes [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.
    segregation : bool
        If False the energy landscape is flat (the slow boundary core stays).
    fine_cell_m : float
        Cell size near the boundary [m].

    Returns
    -------
    GrainTransport

    Notes
    -----
    Equilibrium occupancy :math:`\\theta_0` at fixed mean content (:func:`equilibrium_occupancy`), then the
    linearised unit-cell problem of the module docstring, eq. (2):
    :math:`D_{eff} = 1/(\\langle 1/a\\rangle \\langle w\\rangle)` with :math:`a = D\\theta_0(1-\\theta_0)`,
    :math:`w = \\theta_0(1-\\theta_0)` (dilute: :math:`a = De^{-E/kT}`, :math:`w = e^{-E/kT}`), cell averages by
    four-point Gauss quadrature. Conductivity ratio
    :math:`1/(\\langle 1/a\\rangle\\,D_{bulk}\\,\\theta_{ref}(1-\\theta_{ref}))` with the single-crystal free
    fraction :math:`\\theta_{ref}` (:func:`reference_site_fraction`); dilute and trapping (eq. 3 of the package
    docstring): :math:`(\\theta_b/\\theta_{ref})/\\langle D_{bulk}/D_s\\rangle`, the brick layer of the core
    times the depletion of the grain interior.

    References
    ----------
    Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> r = grain_transport_1d(16e-9, 300.0, segregation=False)
    >>> round(r.diffusivity_ratio, 4)
    0.035
    """
    from scipy.special import expit

    p = _params(params)
    if not segregation:
        p = p.without_segregation()
    T = check_temperature(temperature_K)
    land = grain_landscape_1d(grain_size_m, T, p, fine_cell_m)
    faces = land.faces_m
    L = float(faces[-1])
    centre = 0.5 * (faces[1:] + faces[:-1])
    pts = centre[:, None] + 0.5 * np.diff(faces)[:, None] * _GAUSS_X[None, :]
    vol = np.diff(faces)[:, None] * _GAUSS_W[None, :]
    energy = land.energy_eV(pts)
    diff = land.diffusivity_m2_s(pts)
    d_bulk = p.bulk_diffusivity(T)
    theta, eta, theta_ref = polycrystal_occupancy(energy, vol, T, p)
    w, single = mobility_weights(theta, eta, energy, T, p, theta_ref)
    inv_a_cells = (1.0 / (diff * w)) @ _GAUSS_W
    w_mean = float((w * vol).sum() / L)
    a_eff = _periodic_flux_1d(faces, inv_a_cells)
    d_eff = a_eff / w_mean
    dist = np.minimum(pts, L - pts)
    near = dist <= 0.5 * p.gb_width_m + p.decay_length_m
    trapped = float((theta * vol)[near].sum() / (theta * vol).sum())
    bulk = float(expit(eta)) if p.site_saturation else float(np.exp(eta))
    return GrainTransport(L, T, d_eff, d_bulk, d_eff / d_bulk, a_eff / (d_bulk * single), float(theta.max()),
                          trapped, bulk, theta_ref)


def effective_diffusivity(grain_size_m: float, temperature_K: float, params: SegregationParameters | None = None,
                          segregation: bool = True) -> float:
    """Effective vacancy diffusivity of a periodic 1D line of grains.

    Parameters
    ----------
    grain_size_m : float
        Grain size [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.
    segregation : bool
        Include the segregation energy landscape (True) or not.

    Returns
    -------
    float
        D_eff [m2.s-1].

    Notes
    -----
    See :func:`grain_transport_1d`.

    References
    ----------
    Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.

    Examples
    --------
    >>> round(effective_diffusivity(16e-9, 300.0, segregation=False) / effective_diffusivity(16e-9, 300.0), 1)
    12.0
    """
    return grain_transport_1d(grain_size_m, temperature_K, params, segregation).effective_diffusivity_m2_s


def diffusivity_ratio_curve(grain_sizes_m: Sequence[float], temperature_K: float,
                            params: SegregationParameters | None = None, segregation: bool = True) -> np.ndarray:
    """D_eff / D_bulk of the 1D line of grains for several grain sizes.

    Parameters
    ----------
    grain_sizes_m : sequence of float
        Grain sizes [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.
    segregation : bool
        Include the segregation landscape.

    Returns
    -------
    ndarray
        D_eff / D_bulk [1], one per grain size.

    Notes
    -----
    One :func:`grain_transport_1d` solve per grain size.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> [round(float(r), 3) for r in diffusivity_ratio_curve([16e-9, 133e-9], 300.0, segregation=False)]
    [0.035, 0.232]
    """
    p = _params(params)
    return np.array([grain_transport_1d(L, temperature_K, p, segregation).diffusivity_ratio for L in grain_sizes_m])


def conductivity_factor(grain_size_m: float, temperature_K: float, params: SegregationParameters | None = None,
                        *, reference_grain_size_m: float | None = None, basis: str = "mobility") -> float:
    """Factor multiplying a single-crystal vacancy conductivity to account for grain boundaries and segregation.

    Parameters
    ----------
    grain_size_m : float
        Grain size [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters` (with segregation as set there).
    reference_grain_size_m : float, optional
        If given, the factor is relative to a polycrystal of this grain size instead of a single crystal
        (use it when the electrolyte's conductivity was measured on a polycrystal) [m].
    basis : {"mobility", "diffusivity"}
        "mobility" (default): Nernst-Einstein with the lattice-gas thermodynamic factor, see Notes.
        "diffusivity": the plain ratio D_eff / D_bulk (the Review's quantity).

    Returns
    -------
    float
        sigma(grain_size) / sigma_reference at the same mean vacancy content [1].

    Notes
    -----
    Nernst-Einstein for the lattice gas: the conductivity is proportional to the Onsager mobility
    :math:`a_{eff} = 1/\\langle 1/(D\\theta_0(1-\\theta_0))\\rangle`, and a single crystal has
    :math:`D_{bulk}\\theta_{ref}(1-\\theta_{ref})`, :math:`\\theta_{ref}` its free-vacancy fraction
    (:func:`reference_site_fraction`). The factor is
    :math:`(D_{eff}/D_{bulk})\\,\\langle\\theta_0(1-\\theta_0)\\rangle/(\\theta_{ref}(1-\\theta_{ref}))`: a
    trapped vacancy counts in D_eff's denominator but carries no more current than the saddles let it. With a
    fixed free-vacancy content (``vacancy_site_fraction``) and dilute occupancy it equals :math:`D_{eff}/D_{bulk}`;
    with dopant-buffered vacancies (the shipped sets) the pairs replace part of what the boundaries hold and the
    factor lies between :math:`D_{eff}/D_{bulk}` and the core's brick layer.

    References
    ----------
    Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> round(conductivity_factor(500e-9, 300.0), 3)
    0.457
    """
    p = _params(params)
    attribute = {"mobility": "conductivity_ratio", "diffusivity": "diffusivity_ratio"}.get(basis)
    if attribute is None:
        raise ParameterError("basis", basis, "'mobility' or 'diffusivity'")
    factor = getattr(grain_transport_1d(grain_size_m, temperature_K, p), attribute)
    if reference_grain_size_m is not None:
        factor /= getattr(grain_transport_1d(reference_grain_size_m, temperature_K, p), attribute)
    return float(factor)

