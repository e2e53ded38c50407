r"""Two-dimensional polycrystal of hexagonal grains: effective diffusivity and transient filling.

The 1D line of grains (:mod:`.steady`, :mod:`.transient`) is the default; this module is for pictures and
for checking what the 1D series picture leaves out (boundaries inclined to the flux, triple junctions).

Geometry: grain centres on a triangular lattice of spacing ``d`` (the grain size, flat-to-flat width of the
hexagonal grains); a rectangular periodic cell ``d x sqrt(3) d`` holds two grains and has mirror planes at
y = 0 and y = sqrt(3) d, which pass through grain centres. The distance of a point to the nearest boundary plane
is computed exactly from the Voronoi construction,
:math:`\min_{j\neq i}(|p-c_j|^2-|p-c_i|^2)/(2|c_j-c_i|)` with :math:`c_i` the nearest centre.

The steady state uses the same linearised unit-cell problem as in 1D (module docstring of
:mod:`cellsim.electrolyte.segregation`, eqs. 1-2) on a FiPy ``PeriodicGrid2D`` with the gradient along x.

References
----------
Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4 and Figure 15, doi:10.1021/acs.chemrev.1c00594.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Sequence

import numpy as np

from ...constants import BOLTZMANN_EV
from ...errors import ParameterError, SolverFailure
from ...parameters.segregation import SegregationParameters
from ...checks import check_temperature
from ._common import _check_grain_size, _fipy, _params
from .landscape import local_diffusivity
from .steady import centred_exponent, grain_transport_1d, mobility_weights, polycrystal_occupancy
from .transient import TransientResult, _run_transient

SQRT3 = math.sqrt(3.0)


def hexagonal_boundary_distance(x_m, y_m, grain_size_m: float):
    """Distance from points to the nearest boundary of a hexagonal grain structure.

    Parameters
    ----------
    x_m, y_m : array
        Point coordinates [m].
    grain_size_m : float
        Grain size, the spacing of the triangular lattice of grain centres (flat-to-flat width) [m].

    Returns
    -------
    ndarray
        Distance to the nearest grain-boundary plane [m].

    Notes
    -----
    Centres :math:`(i d + (j \\bmod 2) d/2,\\; j\\sqrt3 d/2)`; distance
    :math:`\\min_{j\\neq i}(|p-c_j|^2-|p-c_i|^2)/(2|c_j-c_i|)` with :math:`c_i` the nearest centre (Voronoi).

    References
    ----------
    Okabe, Boots, Sugihara & Chiu, Spatial Tessellations (Wiley, 2000), doi:10.1002/9780470317013.

    Examples
    --------
    The midpoint between two neighbouring centres lies on a boundary; a centre is d/2 from it:

    >>> [round(float(v), 12) for v in hexagonal_boundary_distance([8e-9, 0.0], [0.0, 0.0], 16e-9) * 1e9]
    [0.0, 8.0]
    """
    x = np.asarray(x_m, dtype=float)
    y = np.asarray(y_m, dtype=float)
    d = float(grain_size_m)
    shape = np.broadcast(x, y).shape
    px, py = (np.broadcast_to(v, shape).ravel() for v in (x, y))
    row = SQRT3 * d / 2
    j0 = int(np.floor(py.min() / row)) - 2
    j1 = int(np.ceil(py.max() / row)) + 2
    i0 = int(np.floor(px.min() / d)) - 2
    i1 = int(np.ceil(px.max() / d)) + 2
    jj, ii = np.meshgrid(np.arange(j0, j1 + 1), np.arange(i0, i1 + 1), indexing="ij")
    cx = (ii * d + (jj % 2) * d / 2).ravel()
    cy = (jj * row).ravel()
    out = np.empty(px.size)
    for start in range(0, px.size, 20000):
        sx, sy = px[start:start + 20000], py[start:start + 20000]
        r2 = (sx[:, None] - cx[None, :]) ** 2 + (sy[:, None] - cy[None, :]) ** 2
        nearest = np.argmin(r2, axis=1)
        r2n = r2[np.arange(sx.size), nearest]
        sep = np.hypot(cx[None, :] - cx[nearest][:, None], cy[None, :] - cy[nearest][:, None])
        with np.errstate(divide="ignore", invalid="ignore"):
            dist = (r2 - r2n[:, None]) / (2 * sep)
        dist[sep == 0] = np.inf
        out[start:start + 20000] = dist.min(axis=1)
    return out.reshape(shape)


def _periodic_mobility_2d(dx: float, dy: float, inv_a: np.ndarray):
    """FiPy unit-cell solve on a periodic nx x ny grid (cell arrays indexed [iy, ix]); returns <J_x>/G in the
    units of a, the potential field and the per-column flux spread."""
    fipy = _fipy()
    ny, nx = inv_a.shape
    scale = float(inv_a.min())
    a_cells = scale / inv_a  # <= 1
    Lx = nx * dx
    mesh = fipy.PeriodicGrid2D(dx=dx / Lx, dy=dy / Lx, nx=nx, ny=ny)
    a = fipy.CellVariable(mesh=mesh, value=a_cells.ravel())
    a_face = a.harmonicFaceValue
    phi = fipy.CellVariable(mesh=mesh, value=0.0)
    pin = np.zeros(mesh.numberOfCells)
    pin[int(np.argmax(a_cells))] = 1.0 / (dx / Lx) ** 2
    pin = fipy.CellVariable(mesh=mesh, value=pin)
    gradient = a_face * [[1.0], [0.0]]
    eq = fipy.DiffusionTerm(coeff=a_face) - fipy.ImplicitSourceTerm(coeff=pin) == -gradient.divergence
    eq.solve(var=phi, solver=fipy.LinearLUSolver())
    normals = np.asarray(mesh.faceNormals)
    xfaces = np.asarray(mesh.interiorFaces.value, dtype=bool) & (np.abs(normals[0]) > 0.5)
    flux = np.asarray(a_face.value) * (1.0 + np.asarray(phi.faceGrad.value)[0])
    fx = flux[xfaces]
    centres_x = np.asarray(mesh.faceCenters.value)[0][xfaces]
    columns = np.round(centres_x / (dx / Lx)).astype(int) % nx
    per_column = np.bincount(columns, weights=fx, minlength=nx) / np.bincount(columns, minlength=nx)
    spread = float(np.ptp(per_column) / np.mean(per_column))
    if not np.isfinite(spread) or spread > 1e-6:
        raise SolverFailure(f"2D unit-cell flux differs between columns (relative spread {spread:.2e})")
    return float(np.mean(per_column)) / scale, np.asarray(phi.value).reshape(ny, nx)


def effective_diffusivity_2d_field(dx_m: float, dy_m: float, energy_eV, diffusivity_m2_s, temperature_K: float):
    """Effective diffusivity along x of a periodic 2D landscape given on a uniform grid (dilute vacancies).

    Parameters
    ----------
    dx_m, dy_m : float
        Cell sizes [m].
    energy_eV : array, shape (ny, nx)
        Site energy at the cell centres [eV].
    diffusivity_m2_s : array, shape (ny, nx)
        Local diffusivity at the cell centres [m2.s-1], > 0.
    temperature_K : float
        Temperature [K].

    Returns
    -------
    float
        D_eff along x [m2.s-1].

    Notes
    -----
    :math:`D_{eff} = \\langle J_x\\rangle/(G\\langle e^{-E/k_BT}\\rangle)` from the periodic unit-cell problem
    :math:`\\nabla\\cdot(a\\nabla\\psi)=0`, :math:`a = De^{-E/k_BT}`, :math:`\\psi = Gx + \\phi` (FiPy,
    harmonic face averages). For a landscape varying along x only it reduces to Lifson-Jackson; along y only
    to the arithmetic mean :math:`\\langle a\\rangle/\\langle e^{-E/k_BT}\\rangle`.

    References
    ----------
    Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.

    Examples
    --------
    Stripes along the flux (parallel layers) of D = 1e-12 and 3e-12 m2/s, flat energy: D_eff = 2e-12 m2/s.

    >>> import numpy as np
    >>> D = np.ones((4, 3)) * np.array([[1e-12], [3e-12], [1e-12], [3e-12]])
    >>> round(effective_diffusivity_2d_field(1e-9, 1e-9, np.zeros((4, 3)), D, 300.0) * 1e12, 9)
    2.0
    """
    T = check_temperature(temperature_K)
    e = np.asarray(energy_eV, dtype=float)
    D = np.asarray(diffusivity_m2_s, dtype=float)
    if e.ndim != 2 or D.shape != e.shape:
        raise ParameterError("energy_eV", f"shapes {e.shape}, {D.shape}", "two equal (ny, nx) arrays")
    if np.any(D <= 0) or not np.all(np.isfinite(D)):
        raise ParameterError("diffusivity_m2_s", float(np.min(D)), "> 0 m2.s-1 in every cell")
    w = np.exp(-centred_exponent(e, T))
    a_eff, _ = _periodic_mobility_2d(dx_m, dy_m, 1.0 / (D * w))
    return a_eff / float(w.mean())


@dataclasses.dataclass(frozen=True)
class Transport2D:
    """Steady-state transport of the hexagonal polycrystal along x.

    Attributes
    ----------
    effective_diffusivity_m2_s : float
        D_eff [m2.s-1].
    diffusivity_ratio : float
        D_eff / D_bulk [1].
    conductivity_ratio : float
        Vacancy conductivity relative to a single crystal of the same mean content [1].
    series_bound_ratio, parallel_bound_ratio : float
        Wiener bounds of D_eff / D_bulk from the same cell data (harmonic and arithmetic mean mobility) [1].
    x_m, y_m : ndarray
        Cell-centre coordinates, shape (ny, nx) [m].
    site_fraction : ndarray
        Equilibrium vacancy site fraction, shape (ny, nx) [1].
    potential : ndarray
        Periodic part of the perturbation potential, shape (ny, nx) [1].
    """

    effective_diffusivity_m2_s: float
    diffusivity_ratio: float
    conductivity_ratio: float
    series_bound_ratio: float
    parallel_bound_ratio: float
    x_m: np.ndarray
    y_m: np.ndarray
    site_fraction: np.ndarray
    potential: np.ndarray


def _hex_cells(grain_size_m, n_cells_x, p, T, width_x_grains=1, subsamples=3):
    """Cell grid of ``width_x_grains`` x 1 periodic cells; sub-sampled energy, diffusivity, volumes."""
    d = grain_size_m
    nx = int(n_cells_x) * int(width_x_grains)
    h = d / int(n_cells_x)
    ny = max(2, int(round(SQRT3 * d / h)))
    dy = SQRT3 * d / ny
    s = int(subsamples)
    off = (np.arange(s) + 0.5) / s - 0.5
    xc = (np.arange(nx) + 0.5) * h
    yc = (np.arange(ny) + 0.5) * dy
    X = xc[None, :, None, None] + h * off[None, None, :, None]
    Y = yc[:, None, None, None] + dy * off[None, None, None, :]
    X, Y = np.broadcast_arrays(X, Y)  # (ny, nx, s, s)
    dist = hexagonal_boundary_distance(X, Y, d)
    energy = p.profile_energy_eV(dist)
    diff = np.asarray(local_diffusivity(dist, T, p))
    return h, dy, np.meshgrid(xc, yc), energy.reshape(ny, nx, s * s), diff.reshape(ny, nx, s * s)


def effective_diffusivity_2d(grain_size_m: float, temperature_K: float, params: SegregationParameters | None = None,
                             segregation: bool = True, n_cells: int = 192, subsamples: int = 3) -> Transport2D:
    """Steady-state D_eff of a periodic hexagonal polycrystal, gradient along x.

    Parameters
    ----------
    grain_size_m : float
        Grain size (flat-to-flat width of the hexagons) [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.
    segregation : bool
        Include the segregation landscape.
    n_cells : int
        Cells across one grain along x (the cell is ``n_cells`` x about ``1.73 n_cells``). With the default
        parameters (trapping) D_eff/D_bulk at 16 nm is 0.001508, 0.001504, 0.001503 for 128, 192, 256 cells
        (0.0341 without segregation at 192: the hexagons hold more boundary per area than the 1D line, so the
        with/without ratio is 23 rather than the 1D 12).
    subsamples : int
        Sub-samples per cell and direction for the cell averages of 1/a and w.

    Returns
    -------
    Transport2D

    Notes
    -----
    McLean occupancy (:func:`~cellsim.electrolyte.segregation.steady.polycrystal_occupancy`: fixed mean content,
    or buffered by dopant pairs), local diffusivity of
    :func:`~cellsim.electrolyte.segregation.landscape.local_diffusivity` (trapping: saddles kept), then eq. (2) of
    :mod:`cellsim.electrolyte.segregation` with :math:`a = D\\theta_0(1-\\theta_0)`,
    :math:`w=\\theta_0(1-\\theta_0)` (dilute: Boltzmann weights); cell values
    are sub-sample averages of :math:`w` and :math:`1/a`. Bounds: :math:`1/\\langle 1/a\\rangle \\le
    D_{eff}\\langle w\\rangle \\le \\langle a\\rangle`.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> r = effective_diffusivity_2d(16e-9, 300.0, segregation=False, n_cells=32)
    >>> bool(r.series_bound_ratio < r.diffusivity_ratio < r.parallel_bound_ratio)
    True
    """
    p = _params(params)
    if not segregation:
        p = p.without_segregation()
    T = check_temperature(temperature_K)
    L = _check_grain_size(grain_size_m, p)
    if int(n_cells) < 4:
        raise ParameterError("n_cells", n_cells, "an integer >= 4, e.g. 80")
    h, dy, (Xc, Yc), energy, diff = _hex_cells(L, n_cells, p, T, 1, subsamples)
    theta, eta, theta_ref = polycrystal_occupancy(energy, 1.0, T, p)
    w, single = mobility_weights(theta, eta, energy, T, p, theta_ref)
    inv_a = (1.0 / (diff * w)).mean(axis=-1)
    w_cells = w.mean(axis=-1)
    a_eff, phi = _periodic_mobility_2d(h, dy, inv_a)
    d_b = p.bulk_diffusivity(T)
    w_mean = float(w_cells.mean())
    d_eff = a_eff / w_mean
    series = 1.0 / float(inv_a.mean()) / w_mean / d_b
    parallel = float((1.0 / inv_a).mean()) / w_mean / d_b
    return Transport2D(d_eff, d_eff / d_b, a_eff / (d_b * single), series, parallel, Xc, Yc,
                       theta.mean(axis=-1), phi)


def transient_filling_2d(grain_size_m: float, temperature_K: float, times_s: Sequence[float],
                         params: SegregationParameters | None = None, *, n_grains: int = 3,
                         segregation: bool = True, reservoir_site_fraction: float | None = None,
                         closed: bool = False, n_cells: int = 40) -> TransientResult:
    """Vacancies filling a strip of hexagonal grains from the left edge (Review Fig. 15c).

    Parameters
    ----------
    grain_size_m : float
        Grain size [m].
    temperature_K : float
        Temperature [K].
    times_s : sequence of float
        Increasing output times [s].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.
    n_grains : int
        Grains along x; the strip is one periodic cell (sqrt(3) grain sizes) high with mirror planes top and
        bottom.
    segregation : bool
        Include the segregation landscape.
    reservoir_site_fraction : float, optional
        Bulk-equivalent site fraction of the reservoir at x = 0; defaults to that of the 1D line of grains at
        the mean content of ``params`` [1].
    closed : bool
        No flux anywhere; the initial state is then the reservoir value in the first grain.
    n_cells : int
        Cells across one grain along x.

    Returns
    -------
    TransientResult
        ``x_m`` holds the (n_cells, 2) cell centres; ``site_fraction`` rows are flattened (ny, nx) fields.

    Notes
    -----
    Eq. (1) of :mod:`cellsim.electrolyte.segregation` on a FiPy ``Grid2D``; cell energies are
    :math:`-k_BT\\ln\\langle e^{-E/k_BT}\\rangle` over sub-samples and cell diffusivities harmonic means.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, Figure 15c-d, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> r = transient_filling_2d(16e-9, 300.0, [1e-4], n_grains=2, closed=True, n_cells=16)
    >>> bool(abs(r.inventory[-1] / r.inventory[0] - 1) < 1e-9)
    True
    """
    fipy = _fipy()
    p = _params(params)
    if not segregation:
        p = p.without_segregation()
    T = check_temperature(temperature_K)
    L = _check_grain_size(grain_size_m, p)
    times = np.asarray(times_s, dtype=float)
    if times.ndim != 1 or times.size == 0 or times[0] <= 0 or np.any(np.diff(times) <= 0):
        raise ParameterError("times_s", times_s, "increasing positive times [s], e.g. [1e-3, 1e-2]")
    if reservoir_site_fraction is None:
        theta_res = grain_transport_1d(L, T, p).bulk_site_fraction
    else:
        theta_res = float(reservoir_site_fraction)
    if not 0 < theta_res < 1:
        raise ParameterError("reservoir_site_fraction", reservoir_site_fraction, "0 < fraction < 1")
    h, dy, (Xc, Yc), energy, diff = _hex_cells(L, n_cells, p, T, int(n_grains), 3)
    kT = BOLTZMANN_EV * T
    shift = float(energy.min())
    e_cells = shift - kT * np.log(np.exp(-(energy - shift) / kT).mean(axis=-1))
    d_cells = 1.0 / (1.0 / diff).mean(axis=-1)
    ny, nx = e_cells.shape
    mesh = fipy.Grid2D(dx=h, dy=dy, nx=nx, ny=ny)
    xc = np.asarray(mesh.cellCenters.value)
    initial = np.where(xc[0] < L, theta_res, 0.0) if closed else np.zeros(mesh.numberOfCells)
    inlet = None if closed else mesh.facesLeft
    # the left edge cuts grains through their centres: take the inlet value at the local energy
    inlet_theta = None
    if not closed:
        e_left = np.asarray(e_cells[:, 0])
        if p.site_saturation:
            from scipy.special import expit, logit
            inlet_theta = fipy.FaceVariable(mesh=mesh, value=0.0)
            vals = np.zeros(mesh.numberOfFaces)
            left = np.asarray(mesh.facesLeft.value, dtype=bool)
            vals[left] = expit(logit(theta_res) - e_left / kT)
            inlet_theta.setValue(vals)
        else:
            inlet_theta = fipy.FaceVariable(mesh=mesh, value=0.0)
            vals = np.zeros(mesh.numberOfFaces)
            left = np.asarray(mesh.facesLeft.value, dtype=bool)
            vals[left] = theta_res * np.exp(-e_left / kT)
            inlet_theta.setValue(vals)
    tau = (n_grains * L) ** 2 / p.bulk_diffusivity(T)
    hist, inv = _run_transient(mesh, e_cells.ravel(), d_cells.ravel(), T, times, p.site_saturation, initial,
                               inlet, inlet_theta, max_step_s=max(times[-1] / 30.0, 1e-9 * tau),
                               first_step_s=min(times[0] / 20.0, 1e-4 * tau))
    return TransientResult(xc.T.copy(), times, hist, inv, e_cells.ravel(), np.empty(0))
