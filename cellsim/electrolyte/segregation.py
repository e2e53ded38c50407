r"""Li-vacancy segregation at grain boundaries and the effective diffusivity of a polycrystal.

Problem
-------
Li vacancies in polycrystalline Li3OCl are attracted to grain boundaries (negative segregation energies within
10-20 A of the boundary) and move more slowly inside the boundary core. The Review (section 5.3.4, Figure 15)
quotes D_eff/D_bulk = 3.5 % without and 0.3 % with segregation at 16 nm grains, and a with/without ratio of about
2 at 133 nm. This module computes D_eff for a chosen material, grain size and temperature with FiPy
finite volumes.

Model
-----
Vacancies are a lattice gas of site fraction :math:`\theta` on Li sites with the chemical potential and flux

.. math::
    \mu = E(\mathbf r) + k_B T \ln\frac{\theta}{1-\theta}, \qquad
    \mathbf J = -\frac{D(\mathbf r)}{k_B T}\,\theta(1-\theta)\,\nabla\mu
              = -D\left[\nabla\theta + \theta(1-\theta)\,\nabla\frac{E}{k_B T}\right]  \quad (1)

(:math:`\mathbf J` in site fractions times m.s-1), where :math:`E` is the segregation energy (negative at the
boundary) and :math:`D` the vacancy diffusivity (``D_gb`` in the core, ``D_bulk`` elsewhere, each Arrhenius).
At equilibrium :math:`\mu` is uniform and the occupancy is the McLean (Fermi-Dirac) isotherm
:math:`\theta_0 = 1/(1 + \exp[(E-\mu_0)/k_B T])`, which never exceeds one vacancy per site. With
``site_saturation`` off, eq. (1) is the dilute (Boltzmann) limit :math:`\mathbf J=-D(\nabla\theta+\theta\nabla E/k_BT)`.

Steady state and linearisation. Under a small macroscopic gradient the chemical potential is
:math:`\mu_0 + k_B T\psi` with :math:`\psi` small, so :math:`\mathbf J = -a\nabla\psi` with mobility
:math:`a = D\,\theta_0(1-\theta_0)` and the local concentration response :math:`\delta\theta = w\psi`,
:math:`w = \theta_0(1-\theta_0)`. (Dilute limit: :math:`a = D e^{-E/k_BT}`, :math:`w = e^{-E/k_BT}`, i.e. the
Slotboom variable :math:`\psi = \theta e^{E/k_BT}`.) The unit cell is solved with
:math:`\psi = G x + \phi`, :math:`\phi` periodic, :math:`\nabla\cdot(a\nabla\phi) = -\nabla\cdot(a G\hat x)` on a
FiPy periodic grid, and

.. math:: D_{eff} = \frac{\langle J_x\rangle}{G\,\langle w\rangle}  \quad (2)

which in 1D is the Lifson-Jackson formula :math:`D_{eff} = 1/(\langle e^{E/kT}/D\rangle\langle e^{-E/kT}\rangle)`
(dilute) or :math:`1/(\langle 1/a\rangle\langle w\rangle)` (saturated). Because :math:`\theta_0` depends on the
mean vacancy content, so does D_eff with saturation: the mean content is held fixed (set by the dopants).

Transient filling (Review Fig. 15c-d) integrates eq. (1) in time with a Scharfetter-Gummel
(``ExponentialConvectionTerm``) drift whose blocking factor :math:`(1-\theta)` is averaged over the logit of
:math:`\theta` on each face, which makes the discrete closed-system steady state exactly the McLean isotherm.

References
----------
Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.
Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.
McLean, Grain Boundaries in Metals (Oxford, 1957).
Scharfetter & Gummel, IEEE Trans. Electron Devices 16 (1969) 64, doi:10.1109/T-ED.1969.16566.
"""
from __future__ import annotations

import dataclasses
import math
import warnings
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..errors import ModelError, ParameterError, SolverFailure, UnknownNameError

from ..constants import BOLTZMANN_EV
DEFAULT_PARAMETER_FILE = Path(__file__).resolve().parents[2] / "parameter_sets" / "segregation" / "li3ocl.toml"

_GAUSS_X, _GAUSS_W = np.polynomial.legendre.leggauss(4)
_GAUSS_W = _GAUSS_W / 2.0  # weights of the cell average
_PERIODIC_ENERGY_ATOL_EV = 1e-6
_PERIODIC_DIFFUSIVITY_RTOL = 1e-6
_MAX_EXPONENT = 650.0  # largest |E - E_ref| / kT kept finite in double precision


def _fipy():
    """Import FiPy, silencing its own numpy.core DeprecationWarning (fipy/tools/numerix.py, numpy >= 2)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="numpy.core is deprecated", category=DeprecationWarning)
        import fipy
    return fipy


# --------------------------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class SegregationParameters:
    """Material parameters of the segregation model, in SI units.

    Attributes
    ----------
    bulk_diffusivity_prefactor_m2_s : float
        Arrhenius prefactor of the bulk vacancy diffusivity [m2.s-1].
    bulk_activation_energy_eV : float
        Activation energy of the bulk vacancy diffusivity [eV].
    gb_diffusivity_prefactor_m2_s : float
        Arrhenius prefactor of the grain-boundary-core vacancy diffusivity [m2.s-1].
    gb_activation_energy_eV : float
        Activation energy of the grain-boundary-core vacancy diffusivity [eV].
    gb_width_m : float
        Full width of the slow grain-boundary core [m].
    trap_depth_eV : float
        Depth of the segregation well at the boundary plane, minus the segregation energy there [eV];
        positive attracts vacancies, negative repels them.
    decay_length_m : float
        Decay length of the exponential segregation profile [m].
    vacancy_site_fraction : float
        Mean vacancy fraction of Li sites over the polycrystal [1].
    site_saturation : bool
        McLean / Fermi-Dirac occupancy (True) or dilute Boltzmann occupancy (False).
    li_site_density_mol_m3 : float
        Li-site density, used only to report concentrations [mol.m-3].
    temperature_K : float
        Temperature at which fitted values were fitted; the default of studies [K].
    energy_profile : callable or tuple or None
        Optional user segregation profile replacing ``trap_depth_eV`` and ``decay_length_m``: a function of the
        distance to the boundary plane [m] returning the segregation energy [eV], or a table
        ``(distance_m, energy_eV)`` interpolated linearly and zero beyond its last distance.
    """

    bulk_diffusivity_prefactor_m2_s: float
    bulk_activation_energy_eV: float
    gb_diffusivity_prefactor_m2_s: float
    gb_activation_energy_eV: float
    gb_width_m: float
    trap_depth_eV: float
    decay_length_m: float
    vacancy_site_fraction: float
    site_saturation: bool = True
    li_site_density_mol_m3: float = 8.33e4
    temperature_K: float = 300.0
    energy_profile: Callable | tuple | None = None

    def __post_init__(self):
        _validate_parameters(self)

    def bulk_diffusivity(self, temperature_K: float) -> float:
        """Bulk vacancy diffusivity D0 exp(-Ea / kB T) [m2.s-1]."""
        return self.bulk_diffusivity_prefactor_m2_s * math.exp(
            -self.bulk_activation_energy_eV / (BOLTZMANN_EV * temperature_K))

    def gb_diffusivity(self, temperature_K: float) -> float:
        """Grain-boundary-core vacancy diffusivity D0 exp(-Ea / kB T) [m2.s-1]."""
        return self.gb_diffusivity_prefactor_m2_s * math.exp(
            -self.gb_activation_energy_eV / (BOLTZMANN_EV * temperature_K))

    def without_segregation(self) -> "SegregationParameters":
        """A copy with a flat energy landscape (the slow boundary core is kept)."""
        return dataclasses.replace(self, trap_depth_eV=0.0, energy_profile=None)


def _validate_parameters(p: SegregationParameters, file: str | None = None) -> None:
    positive = {
        "bulk_diffusivity_prefactor_m2_s": "> 0 m2.s-1 (a diffusivity cannot be negative)",
        "gb_diffusivity_prefactor_m2_s": "> 0 m2.s-1 (a diffusivity cannot be negative)",
        "gb_width_m": "> 0 m, e.g. 1e-9",
        "decay_length_m": "> 0 m, e.g. 4e-10",
        "li_site_density_mol_m3": "> 0 mol.m-3",
        "temperature_K": "> 0 K",
    }
    for key, allowed in positive.items():
        value = getattr(p, key)
        if not (np.isfinite(value) and value > 0):
            raise ParameterError(key, value, allowed, file)
    for key in ("bulk_activation_energy_eV", "gb_activation_energy_eV", "trap_depth_eV"):
        if not np.isfinite(getattr(p, key)):
            raise ParameterError(key, getattr(p, key), "a finite energy [eV]", file)
    if not 0.0 < p.vacancy_site_fraction < 1.0:
        raise ParameterError("vacancy_site_fraction", p.vacancy_site_fraction, "0 < fraction < 1, e.g. 1.67e-3", file)
    if not isinstance(p.site_saturation, (bool, np.bool_)):
        raise ParameterError("site_saturation", p.site_saturation, "true or false", file)
    if p.energy_profile is not None and not callable(p.energy_profile):
        try:
            d, e = (np.asarray(v, dtype=float) for v in p.energy_profile)
        except (TypeError, ValueError):
            raise ParameterError("energy_profile", p.energy_profile,
                                 "a function of distance [m] -> energy [eV], or (distance_m, energy_eV) arrays",
                                 file) from None
        if d.ndim != 1 or d.shape != e.shape or d.size < 2 or np.any(np.diff(d) <= 0) or d[0] < 0:
            raise ParameterError("energy_profile", p.energy_profile,
                                 "two equal-length 1D arrays, distances >= 0 strictly increasing", file)
    if not p.site_saturation:
        trap = p.trap_depth_eV if p.energy_profile is None else -float(np.min(_profile_energy(p, np.linspace(
            0.0, 10 * p.gb_width_m, 2001))))
        if trap > 0.0:
            raise ParameterError(
                "trap_depth_eV", trap,
                "<= 0 eV (a flat or repulsive boundary) when site_saturation is false: a dilute (Boltzmann) trap "
                "can hold more vacancies than there are sites; set site_saturation = true for an attractive "
                "boundary (it reduces to the dilute limit wherever that limit is valid)", file)


# TOML key -> (dataclass field, SI unit or None for a boolean)
_SCHEMA: dict[str, tuple[str, str | None]] = {
    "bulk_diffusivity_prefactor": ("bulk_diffusivity_prefactor_m2_s", "m2.s-1"),
    "bulk_activation_energy": ("bulk_activation_energy_eV", "eV"),
    "gb_diffusivity_prefactor": ("gb_diffusivity_prefactor_m2_s", "m2.s-1"),
    "gb_activation_energy": ("gb_activation_energy_eV", "eV"),
    "gb_width": ("gb_width_m", "m"),
    "trap_depth": ("trap_depth_eV", "eV"),
    "decay_length": ("decay_length_m", "m"),
    "vacancy_site_fraction": ("vacancy_site_fraction", "1"),
    "site_saturation": ("site_saturation", None),
    "li_site_density": ("li_site_density_mol_m3", "mol.m-3"),
    "temperature": ("temperature_K", "K"),
}


def load_parameters(path: str | Path | None = None, **overrides) -> SegregationParameters:
    """Load a segregation parameter file into a fresh :class:`SegregationParameters`.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        TOML file with a ``[parameters]`` table whose entries are ``{value, unit, source}`` inline tables.
        Defaults to ``parameter_sets/segregation/li3ocl.toml``.
    **overrides
        Field values replacing those of the file (SI, dataclass field names), e.g. ``trap_depth_eV=0.2``.

    Returns
    -------
    SegregationParameters
        A new, validated object.

    Raises
    ------
    ParameterError
        Unknown or missing key (with suggestions), entry without value/unit/source, wrong unit, or a value
        out of range.

    Examples
    --------
    >>> p = load_parameters()
    >>> round(p.gb_width_m * 1e9, 3), p.site_saturation
    (1.0, True)
    """
    from ..parameters.loader import read_quantity, read_toml

    file = str(path if path is not None else DEFAULT_PARAMETER_FILE)
    data = read_toml(file)
    table = data.get("parameters")
    if not isinstance(table, dict):
        raise ParameterError("parameters", table, "a [parameters] table", file)
    values = {}
    for key, entry in table.items():
        if key not in _SCHEMA:
            raise UnknownNameError("parameters key", key, _SCHEMA, file)
        if not isinstance(entry, dict) or not {"value", "unit", "source"} <= set(entry):
            raise ParameterError(f"parameters.{key}", entry,
                                 '{value = ..., unit = "...", source = "..."} (source may be "assumed: why")', file)
        extra = set(entry) - {"value", "unit", "source"}
        if extra:
            raise ParameterError(f"parameters.{key}", sorted(extra), "only value, unit and source", file)
        field, si_unit = _SCHEMA[key]
        if si_unit is not None:
            values[field], _ = read_quantity(entry, f"parameters.{key}", si_unit, file)
            continue
        if not str(entry["source"]).strip():
            raise ParameterError(f"parameters.{key}.source", entry["source"], "a non-empty source or reason", file)
        if not isinstance(entry["value"], bool):
            raise ParameterError(f"parameters.{key}", entry["value"], "true or false", file)
        values[field] = entry["value"]
    missing = [k for k, (f, _) in _SCHEMA.items() if f not in values]
    if missing:
        raise ParameterError("parameters", missing, f"all of {sorted(_SCHEMA)} (missing ones listed)", file)
    known = [f.name for f in dataclasses.fields(SegregationParameters)]
    for name in overrides:
        if name not in known:
            raise UnknownNameError("override", name, known)
    values.update(overrides)
    try:
        return SegregationParameters(**values)
    except ParameterError as exc:
        raise ParameterError(exc.key, exc.value, exc.allowed, file if exc.file is None else exc.file) from None


def _params(params: SegregationParameters | None) -> SegregationParameters:
    if params is None:
        return load_parameters()
    if not isinstance(params, SegregationParameters):
        raise ParameterError("params", type(params).__name__, "a SegregationParameters (see load_parameters) or None")
    return params


def _check_temperature(temperature_K) -> float:
    T = float(temperature_K)
    if not (np.isfinite(T) and T > 0):
        raise ParameterError("temperature_K", temperature_K, "> 0 K (absolute temperature)")
    return T


def _check_grain_size(grain_size_m, p: SegregationParameters) -> float:
    L = float(grain_size_m)
    if not np.isfinite(L) or L <= p.gb_width_m:
        raise ParameterError("grain_size_m", grain_size_m,
                             f"larger than the grain-boundary width gb_width_m = {p.gb_width_m:.3g} m, e.g. 16e-9")
    return L


# --------------------------------------------------------------------------------------------------------------
# Landscapes
# --------------------------------------------------------------------------------------------------------------
def _profile_energy(p: SegregationParameters, distance_m) -> np.ndarray:
    """Segregation energy [eV] at a distance [m] from the nearest boundary plane (negative = attractive)."""
    d = np.asarray(distance_m, dtype=float)
    if p.energy_profile is None:
        if p.trap_depth_eV == 0.0:
            return np.zeros_like(d)
        return -p.trap_depth_eV * np.exp(-d / p.decay_length_m)
    if callable(p.energy_profile):
        e = np.asarray(p.energy_profile(d), dtype=float) * np.ones_like(d)
        if not np.all(np.isfinite(e)):
            raise ParameterError("energy_profile", "non-finite values", "a function returning finite energies [eV]")
        return e
    dd, ee = (np.asarray(v, dtype=float) for v in p.energy_profile)
    return np.interp(d, dd, ee, right=0.0)


def segregation_energy(distance_m, params: SegregationParameters | None = None):
    """Segregation energy of a vacancy at a distance from the nearest grain-boundary plane.

    Parameters
    ----------
    distance_m : float or array
        Distance from the boundary plane [m].
    params : SegregationParameters, optional
        Defaults to :func:`load_parameters`.

    Returns
    -------
    energy_eV : float or array
        Segregation energy [eV]; negative where vacancies are attracted.

    Notes
    -----
    Default profile :math:`E(d) = -E_{trap}\\exp(-d/\\lambda)`; a user profile replaces it.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> round(float(segregation_energy(0.0)), 4)
    -0.2955
    """
    out = _profile_energy(_params(params), distance_m)
    return out if out.ndim else float(out)


def _graded_half(length_m: float, core_half_m: float, fine_m: float, refine_to_m: float, growth: float,
                 coarse_m: float) -> np.ndarray:
    """Face positions from 0 to ``length_m``: uniform ``fine_m`` cells in the core and up to ``refine_to_m``,
    then cells growing by ``growth`` up to ``coarse_m``; ``core_half_m`` is a face."""
    faces = [0.0]
    if core_half_m > 0:
        core_end = min(core_half_m, length_m)
        n = max(1, int(math.ceil(core_end / fine_m - 1e-9)))
        faces.extend(np.linspace(0.0, core_end, n + 1)[1:])
    h = fine_m
    while faces[-1] < length_m * (1 - 1e-12):
        x = faces[-1]
        if x >= refine_to_m:
            h = min(h * growth, coarse_m)
        nxt = x + h
        if nxt > length_m - 0.5 * h:
            nxt = length_m
        faces.append(nxt)
    return np.asarray(faces)


@dataclasses.dataclass(frozen=True)
class Landscape1D:
    """One period (one grain with a half boundary at each end) of the 1D line of grains.

    Attributes
    ----------
    faces_m : ndarray
        Cell faces from 0 to the grain size; boundary planes at both ends [m].
    energy_eV : callable
        Segregation energy at positions [m] -> [eV].
    diffusivity_m2_s : callable
        Vacancy diffusivity at positions [m] -> [m2.s-1].
    """

    faces_m: np.ndarray
    energy_eV: Callable
    diffusivity_m2_s: Callable


def grain_landscape_1d(grain_size_m: float, temperature_K: float, params: SegregationParameters | None = None,
                       fine_cell_m: float = 0.05e-9) -> Landscape1D:
    """Mesh and landscape of one grain of a periodic 1D line of grains.

    Parameters
    ----------
    grain_size_m : float
        Grain size, the period of the line [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`load_parameters`.
    fine_cell_m : float
        Cell size in the boundary core and within six decay lengths of it [m].

    Returns
    -------
    Landscape1D
        Faces (boundary-core edges are faces) and the energy and diffusivity as functions of position.

    Examples
    --------
    >>> land = grain_landscape_1d(16e-9, 300.0)
    >>> round(float(land.faces_m[-1]) * 1e9, 6), land.faces_m.size > 100
    (16.0, True)
    """
    p = _params(params)
    T = _check_temperature(temperature_K)
    L = _check_grain_size(grain_size_m, p)
    if not (fine_cell_m > 0):
        raise ParameterError("fine_cell_m", fine_cell_m, "> 0 m, e.g. 5e-11")
    half = _graded_half(0.5 * L, 0.5 * p.gb_width_m, fine_cell_m, 0.5 * p.gb_width_m + 6 * p.decay_length_m,
                        1.15, max(fine_cell_m, L / 40))
    faces = np.concatenate([half, L - half[::-1][1:]])
    d_gb, d_b = p.gb_diffusivity(T), p.bulk_diffusivity(T)
    half_width = 0.5 * p.gb_width_m

    def distance(x):
        return np.minimum(x, L - x)

    def energy(x):
        return _profile_energy(p, distance(x))

    def diffusivity(x):
        return np.where(distance(x) < half_width, d_gb, d_b)

    return Landscape1D(faces, energy, diffusivity)


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

    T = _check_temperature(temperature_K)
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


def mobility_weights(theta, eta, energy_eV, temperature_K: float, params: SegregationParameters):
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

    Returns
    -------
    (w, single) : (array, float)
        With site saturation w = theta0 (1 - theta0), computed as theta0 expit(E/kT - eta) without
        cancellation, and single = theta_bar (1 - theta_bar); dilute: w = theta0 and single = theta_bar [1].

    Raises
    ------
    ModelError
        The weights under- or overflow (a trap too deep for the temperature).
    """
    from scipy.special import expit

    theta_bar = params.vacancy_site_fraction
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
    if not np.isfinite(spread) or spread > 1e-6:
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
    >>> kT = 8.617333262e-5 * 300.0
    >>> d_eff = effective_diffusivity_1d(x, kT * np.cos(2 * np.pi * x / 1e-9), np.full(x.size, 1e-12), 300.0)
    >>> round(d_eff / 1e-12, 4)
    0.6239
    """
    T = _check_temperature(temperature_K)
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
        Defaults to :func:`load_parameters`.
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
    four-point Gauss quadrature. Conductivity ratio :math:`1/(\\langle 1/a\\rangle\\,D_{bulk}\\,\\bar\\theta(1-\\bar\\theta))`
    (dilute: :math:`D_{eff}/D_{bulk}`).

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
    T = _check_temperature(temperature_K)
    land = grain_landscape_1d(grain_size_m, T, p, fine_cell_m)
    faces = land.faces_m
    L = float(faces[-1])
    centre = 0.5 * (faces[1:] + faces[:-1])
    pts = centre[:, None] + 0.5 * np.diff(faces)[:, None] * _GAUSS_X[None, :]
    vol = np.diff(faces)[:, None] * _GAUSS_W[None, :]
    energy = land.energy_eV(pts)
    diff = land.diffusivity_m2_s(pts)
    theta_bar = p.vacancy_site_fraction
    d_bulk = p.bulk_diffusivity(T)
    theta, eta = equilibrium_occupancy(energy, vol, theta_bar, T, p.site_saturation)
    w, single = mobility_weights(theta, eta, energy, T, p)
    inv_a_cells = (1.0 / (diff * w)) @ _GAUSS_W
    w_mean = float((w * vol).sum() / L)
    a_eff = _periodic_flux_1d(faces, inv_a_cells)
    d_eff = a_eff / w_mean
    dist = np.minimum(pts, L - pts)
    near = dist <= 0.5 * p.gb_width_m + p.decay_length_m
    trapped = float((theta * vol)[near].sum() / (theta * vol).sum())
    bulk = float(expit(eta)) if p.site_saturation else float(np.exp(eta))
    return GrainTransport(L, T, d_eff, d_bulk, d_eff / d_bulk, a_eff / (d_bulk * single), float(theta.max()),
                          trapped, bulk)


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
        Defaults to :func:`load_parameters`.
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
        Defaults to :func:`load_parameters`.
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
        Defaults to :func:`load_parameters` (with segregation as set there).
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
    :math:`D_{bulk}\\bar\\theta(1-\\bar\\theta)`. In the dilute limit this factor equals
    :math:`D_{eff}/D_{bulk}`; with saturated boundaries it is
    :math:`(D_{eff}/D_{bulk})\\,\\langle\\theta_0(1-\\theta_0)\\rangle/(\\bar\\theta(1-\\bar\\theta))`, because a filled
    site stores vacancies without responding to the field.

    References
    ----------
    Lifson & Jackson, J. Chem. Phys. 36 (1962) 2410, doi:10.1063/1.1732900.
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    >>> round(conductivity_factor(500e-9, 300.0), 3)
    0.501
    """
    p = _params(params)
    attribute = {"mobility": "conductivity_ratio", "diffusivity": "diffusivity_ratio"}.get(basis)
    if attribute is None:
        raise ParameterError("basis", basis, "'mobility' or 'diffusivity'")
    factor = getattr(grain_transport_1d(grain_size_m, temperature_K, p), attribute)
    if reference_grain_size_m is not None:
        factor /= getattr(grain_transport_1d(reference_grain_size_m, temperature_K, p), attribute)
    return float(factor)


# --------------------------------------------------------------------------------------------------------------
# Transient filling
# --------------------------------------------------------------------------------------------------------------
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
        Defaults to :func:`load_parameters`.
    n_grains : int
        Number of grains in the row; boundaries sit between them, the outer faces are free surfaces.
    segregation : bool
        Include the segregation landscape.
    reservoir_site_fraction : float, optional
        Bulk-equivalent site fraction of the reservoir at x = 0 (its chemical potential). Defaults to the
        bulk site fraction of the periodic line of grains at mean content ``params.vacancy_site_fraction``
        (:attr:`GrainTransport.bulk_site_fraction`), so the filled state is the state whose D_eff
        :func:`grain_transport_1d` reports [1].
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
    T = _check_temperature(temperature_K)
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

    d_gb, d_b = p.gb_diffusivity(T), p.bulk_diffusivity(T)
    pts = 0.5 * (faces[1:] + faces[:-1])[:, None] + 0.5 * np.diff(faces)[:, None] * _GAUSS_X[None, :]
    dist = distance(pts)
    energy_pts = np.where(np.isfinite(dist), _profile_energy(p, np.where(np.isfinite(dist), dist, 0.0)), 0.0)
    shift = float(energy_pts.min())
    energy_cells = shift - kT * np.log(np.exp(-(energy_pts - shift) / kT) @ _GAUSS_W)
    diff_cells = 1.0 / ((1.0 / np.where(dist < 0.5 * p.gb_width_m, d_gb, d_b)) @ _GAUSS_W)
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
