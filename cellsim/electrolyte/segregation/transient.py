"""Transient filling of a row of grains: eq. (1) of :mod:`cellsim.electrolyte.segregation` in time (FiPy).

Implicit Euler with Picard sweeps on the site-blocking factor and a Scharfetter-Gummel drift; the 2D model
(:mod:`.two_d`) uses the same integrator.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from ...constants import BOLTZMANN_EV
from ...errors import ParameterError, SolverFailure
from ...parameters.segregation import SegregationParameters
from ...checks import check_temperature
from ._common import _GAUSS_W, _GAUSS_X, _check_grain_size, _fipy, _params
from .landscape import _graded_half, local_diffusivity
from .steady import grain_transport_1d


@dataclasses.dataclass(frozen=True)
class TransientResult:
    """Vacancy profiles of a transient run.

    Attributes
    ----------
    x_m : ndarray
        Cell centres [m] (1D), or an (n_cells, 2) array of cell centres (2D) [m].
    times_s : ndarray
        Output times [s].
    site_fraction : ndarray
        Vacancy site fraction, shape (n_times + 1, n_cells); row 0 is the initial state [1].
    inventory : ndarray
        Integral of the site fraction over the domain per unit cross-section (1D) [m] or area (2D) [m2],
        shape (n_times + 1,).
    energy_eV : ndarray
        Cell energies used by the drift [eV].
    boundary_planes_m : ndarray
        Positions of the internal boundary planes (1D) [m]; empty in 2D.
    """

    x_m: np.ndarray
    times_s: np.ndarray
    site_fraction: np.ndarray
    inventory: np.ndarray
    energy_eV: np.ndarray
    boundary_planes_m: np.ndarray


def _logit_mean_blocking(theta_1: np.ndarray, theta_2: np.ndarray) -> np.ndarray:
    """Mean of (1 - theta) over the logit between two site fractions (face blocking factor)."""
    t1 = np.clip(theta_1, 1e-300, 1 - 1e-16)
    t2 = np.clip(theta_2, 1e-300, 1 - 1e-16)
    s1 = np.log(t1) - np.log1p(-t1)
    s2 = np.log(t2) - np.log1p(-t2)
    ds = s1 - s2
    close = np.abs(ds) < 1e-6
    safe = np.where(close, 1.0, ds)
    mean_theta = np.where(close, 0.5 * (t1 + t2), (np.log1p(-t2) - np.log1p(-t1)) / safe)
    return np.clip(1.0 - mean_theta, 0.0, 1.0)


def _run_transient(mesh, energy_cells_eV, diffusivity_cells, temperature_K, times_s, saturation, initial,
                   inlet_faces=None, inlet_face_theta=None, max_step_s=None, first_step_s=None,
                   sweep_tol=1e-8, max_sweeps=60):
    """Implicit-Euler FiPy integration of eq. (1); returns (theta history, inventory history)."""
    fipy = _fipy()
    kT = BOLTZMANN_EV * temperature_K
    theta = fipy.CellVariable(mesh=mesh, value=np.asarray(initial, dtype=float), hasOld=True)
    if inlet_faces is not None:
        theta.constrain(inlet_face_theta, where=inlet_faces)
    e_var = fipy.CellVariable(mesh=mesh, value=np.asarray(energy_cells_eV, dtype=float) / kT)
    d_var = fipy.CellVariable(mesh=mesh, value=np.asarray(diffusivity_cells, dtype=float))
    d_face = d_var.harmonicFaceValue
    blocking = fipy.FaceVariable(mesh=mesh, value=1.0)
    velocity = d_face * blocking * e_var.faceGrad
    eq = fipy.TransientTerm() == fipy.DiffusionTerm(coeff=d_face) + fipy.ExponentialConvectionTerm(coeff=velocity)
    ids = np.asarray(mesh.faceCellIDs.filled(-1))
    interior = ids[1] >= 0
    volumes = np.asarray(mesh.cellVolumes)

    def update_blocking(relax=1.0):
        th = np.asarray(theta.value)
        b = np.ones(mesh.numberOfFaces)
        b[interior] = _logit_mean_blocking(th[ids[0, interior]], th[ids[1, interior]])
        blocking.setValue(relax * b + (1.0 - relax) * np.asarray(blocking.value))

    times = np.asarray(times_s, dtype=float)
    history = [np.array(theta.value)]
    inventory = [float(np.sum(np.asarray(theta.value) * volumes))]
    t = 0.0
    dt = first_step_s if first_step_s is not None else times[0] / 20.0
    solver = fipy.LinearLUSolver()
    def take_step(step):
        """One implicit-Euler step; False if the Picard sweeps fail (theta is then restored)."""
        start = np.array(theta.value)
        if not saturation:
            eq.solve(var=theta, dt=step, solver=solver)
            return True
        for sweep in range(max_sweeps):
            previous = np.array(theta.value)
            update_blocking(1.0 if sweep < 4 else 0.5)  # under-relax if the plain Picard iteration is slow
            eq.sweep(var=theta, dt=step, solver=solver)
            now = np.asarray(theta.value)
            if np.min(now) < -1e-12 or np.max(now) > 1 + 1e-9:
                break
            if float(np.max(np.abs(now - previous))) <= sweep_tol * max(float(np.max(np.abs(previous))), 1e-12):
                return True
        theta.setValue(start)
        return False

    for t_out in times:
        while t < t_out * (1 - 1e-12):
            step = min(dt, t_out - t)
            theta.updateOld()
            halvings = 0
            while not take_step(step):
                halvings += 1
                if halvings > 30:
                    raise SolverFailure(f"transient step failed at t = {t:.3g} s even with dt = {step:.3g} s")
                step *= 0.25
                dt = step
            if np.min(theta.value) < -1e-12:
                raise SolverFailure(f"site fraction became negative at t = {t:.3g} s")
            t += step
            dt = min(dt * 1.2, max_step_s if max_step_s is not None else np.inf)
        history.append(np.array(theta.value))
        inventory.append(float(np.sum(np.asarray(theta.value) * volumes)))
    return np.asarray(history), np.asarray(inventory)


def _line_of_grains_faces(n_grains: int, grain_size_m: float, p: SegregationParameters, fine_cell_m: float):
    """Faces of n grains in a row with boundaries between them (outer surfaces carry no boundary)."""
    L = grain_size_m
    half = _graded_half(0.5 * L, 0.5 * p.gb_width_m, fine_cell_m, 0.5 * p.gb_width_m + 6 * p.decay_length_m,
                        1.15, max(fine_cell_m, L / 40))
    # one grain from its centre (coarse) to its boundaries (fine) on both sides
    left = 0.5 * L - half[::-1]
    grain = np.concatenate([left, 0.5 * L + half[1:]])
    faces = [grain]
    for k in range(1, n_grains):
        faces.append(grain[1:] + k * L)
    return np.concatenate(faces)


def transient_filling_1d(grain_size_m: float, temperature_K: float, times_s: Sequence[float],
                         params: SegregationParameters | None = None, *, n_grains: int = 5,
                         segregation: bool = True, reservoir_site_fraction: float | None = None,
                         closed: bool = False, initial_site_fraction=None, fine_cell_m: float = 0.1e-9
                         ) -> TransientResult:
    """Vacancies filling a row of grains from the left (Review Fig. 15c-d), or relaxing in a closed row.

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
        Number of grains in the row; boundaries sit between them, the outer faces are free surfaces.
    segregation : bool
        Include the segregation landscape.
    reservoir_site_fraction : float, optional
        Bulk-equivalent site fraction of the reservoir at x = 0 (its chemical potential). Defaults to the
        bulk site fraction of the periodic line of grains (:attr:`GrainTransport.bulk_site_fraction`: dopant
        buffered, or at the fixed mean content ``params.vacancy_site_fraction``), so the filled state is the state
        whose D_eff :func:`grain_transport_1d` reports. The run itself conserves free vacancies: pair dissociation
        during the filling is not modelled [1].
    closed : bool
        No-flux at both ends (conservation check) instead of the reservoir at x = 0.
    initial_site_fraction : array or callable, optional
        Initial site fraction at the cell centres (array, or function of x [m]); defaults to zero, or for a
        closed run to the reservoir value in the first grain and zero elsewhere [1].
    fine_cell_m : float
        Cell size near the boundaries [m].

    Returns
    -------
    TransientResult

    Notes
    -----
    Eq. (1) of the module docstring, :math:`\\partial_t\\theta = \\nabla\\cdot[D\\nabla\\theta +
    D(1-\\theta)\\theta\\nabla(E/k_BT)]`, implicit Euler with Picard sweeps on the blocking factor and a
    Scharfetter-Gummel drift; finite volumes conserve the inventory exactly up to round-off in a closed run.

    References
    ----------
    Scharfetter & Gummel, IEEE Trans. Electron Devices 16 (1969) 64, doi:10.1109/T-ED.1969.16566.
    Xia et al., Chem. Rev. 122 (2022) 3763, Figure 15c-d, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> r = transient_filling_1d(16e-9, 300.0, [1e-4], n_grains=2, closed=True, fine_cell_m=0.2e-9)
    >>> bool(abs(r.inventory[-1] / r.inventory[0] - 1) < 1e-9)
    True
    """
    fipy = _fipy()
    p = _params(params)
    if not segregation:
        p = p.without_segregation()
    T = check_temperature(temperature_K)
    L = _check_grain_size(grain_size_m, p)
    if int(n_grains) != n_grains or n_grains < 1:
        raise ParameterError("n_grains", n_grains, "an integer >= 1")
    times = np.asarray(times_s, dtype=float)
    if times.ndim != 1 or times.size == 0 or times[0] <= 0 or np.any(np.diff(times) <= 0):
        raise ParameterError("times_s", times_s, "increasing positive times [s], e.g. [1e-3, 1e-2]")
    if reservoir_site_fraction is None:
        theta_res = grain_transport_1d(L, T, p).bulk_site_fraction
    else:
        theta_res = float(reservoir_site_fraction)
    if not 0 < theta_res < 1:
        raise ParameterError("reservoir_site_fraction", reservoir_site_fraction, "0 < fraction < 1")
    faces = _line_of_grains_faces(int(n_grains), L, p, fine_cell_m)
    planes = np.arange(1, int(n_grains)) * L
    kT = BOLTZMANN_EV * T

    def distance(x):
        if planes.size == 0:
            return np.full_like(x, np.inf)
        return np.min(np.abs(x[..., None] - planes), axis=-1)

    d_b = p.bulk_diffusivity(T)
    pts = 0.5 * (faces[1:] + faces[:-1])[:, None] + 0.5 * np.diff(faces)[:, None] * _GAUSS_X[None, :]
    dist = distance(pts)
    energy_pts = np.where(np.isfinite(dist), p.profile_energy_eV(np.where(np.isfinite(dist), dist, 0.0)), 0.0)
    shift = float(energy_pts.min())
    energy_cells = shift - kT * np.log(np.exp(-(energy_pts - shift) / kT) @ _GAUSS_W)
    local = np.where(np.isfinite(dist), local_diffusivity(np.where(np.isfinite(dist), dist, 0.0), T, p), d_b)
    diff_cells = 1.0 / ((1.0 / local) @ _GAUSS_W)
    mesh = fipy.Grid1D(dx=np.diff(faces))
    centres = np.asarray(mesh.cellCenters.value)[0]
    if initial_site_fraction is None:
        initial = np.where(centres < L, theta_res, 0.0) if closed else np.zeros_like(centres)
    elif callable(initial_site_fraction):
        initial = np.asarray(initial_site_fraction(centres), dtype=float) * np.ones_like(centres)
    else:
        initial = np.asarray(initial_site_fraction, dtype=float) * np.ones_like(centres)
    if initial.shape != centres.shape or np.any(initial < 0) or np.any(initial >= 1):
        raise ParameterError("initial_site_fraction", "array", f"{centres.size} values in [0, 1)")
    if closed:
        inlet, inlet_theta = None, None
    else:
        inlet = mesh.facesLeft
        inlet_theta = theta_res  # the inlet is a free surface far from boundaries: E = 0 there
    tau = (n_grains * L) ** 2 / d_b
    hist, inv = _run_transient(mesh, energy_cells, diff_cells, T, times, p.site_saturation, initial, inlet,
                               inlet_theta, max_step_s=max(times[-1] / 30.0, 1e-9 * tau),
                               first_step_s=min(times[0] / 20.0, 1e-4 * tau))
    return TransientResult(centres, times, hist, inv, energy_cells, planes)
