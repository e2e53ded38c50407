"""Segregation-energy landscapes: the energy profile near a boundary, graded meshes and one grain of the 1D line.

See the package docstring of :mod:`cellsim.electrolyte.segregation` for the model.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Callable

import numpy as np

from ...constants import BOLTZMANN_EV
from ...errors import ParameterError
from ...parameters.segregation import SegregationParameters
from ...checks import check_temperature
from ._common import _check_grain_size, _params


def segregation_energy(distance_m, params: SegregationParameters | None = None):
    """Segregation energy of a vacancy at a distance from the nearest grain-boundary plane.

    Parameters
    ----------
    distance_m : float or array
        Distance from the boundary plane [m].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.

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
    -0.1857
    """
    out = _params(params).profile_energy_eV(distance_m)
    return out if out.ndim else float(out)


def local_diffusivity(distance_m, temperature_K: float, params: SegregationParameters | None = None):
    r"""Local vacancy diffusivity D(x) of the continuum flux law, eq. (1) of the package docstring.

    Parameters
    ----------
    distance_m : float or array
        Distance from the nearest boundary plane [m].
    temperature_K : float
        Temperature [K].
    params : SegregationParameters, optional
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.

    Returns
    -------
    float or array
        D(x) [m2.s-1].

    Notes
    -----
    Hops between neighbouring Li sites i, i+1 (spacing a) over a saddle of energy :math:`S_{i,i+1}` from sites
    of energy :math:`E_i` go at :math:`\nu e^{-(S_{i,i+1}-E_i)/k_BT}`. Writing the site occupancy
    :math:`p_i = \psi_i e^{-E_i/k_BT}`, the net flux over a bond is
    :math:`J = \nu e^{-S_{i,i+1}/k_BT}(\psi_i - \psi_{i+1})`: only the saddle sets the bond's conductance. Its
    continuum limit is :math:`J = -D e^{-E/k_BT}\partial_x(c\,e^{E/k_BT})` with

    .. math:: D(x)\,e^{-E(x)/k_BT} = D_s(x) \equiv a^2\nu\,e^{-S(x)/k_BT}  \quad (3)

    so ``saddle_model = "trapping"`` (segregation lowers the sites, not the saddles: S is the bulk barrier, or
    the boundary core's own barrier inside the core) gives :math:`D = D_s e^{E/k_BT}`: a trapped vacancy
    (E < 0) leaves more slowly. ``"shifted"`` (saddles lowered with the sites) gives :math:`D = D_s`.
    :math:`D_s` is ``gb_diffusivity`` inside the core (``gb_width_m``) and ``bulk_diffusivity`` elsewhere.

    References
    ----------
    Haus & Kehr, Phys. Rep. 150 (1987) 263 (random-trap and random-barrier models; DOI not checked).
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    At the boundary plane of the Li3OCl set the trap and the slow core both slow the hop out:

    >>> p = _params(None)
    >>> float(local_diffusivity(0.0, 300.0)) < p.gb_diffusivity(300.0) < p.bulk_diffusivity(300.0)
    True
    """
    p = _params(params)
    T = check_temperature(temperature_K)
    d = np.asarray(distance_m, dtype=float)
    saddle = np.where(d < 0.5 * p.gb_width_m, p.gb_diffusivity(T), p.bulk_diffusivity(T))
    if p.saddle_model == "trapping":
        saddle = saddle * np.exp(p.profile_energy_eV(d) / (BOLTZMANN_EV * T))
    return saddle if saddle.ndim else float(saddle)


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
        Defaults to :func:`~cellsim.parameters.segregation.load_parameters`.
    fine_cell_m : float
        Cell size in the boundary core and within six decay lengths of it [m].

    Returns
    -------
    Landscape1D
        Faces (boundary-core edges are faces) and the energy and the local diffusivity
        (:func:`local_diffusivity`) as functions of position.

    Examples
    --------
    >>> land = grain_landscape_1d(16e-9, 300.0)
    >>> round(float(land.faces_m[-1]) * 1e9, 6), land.faces_m.size > 100
    (16.0, True)
    """
    p = _params(params)
    T = check_temperature(temperature_K)
    L = _check_grain_size(grain_size_m, p)
    if not (fine_cell_m > 0):
        raise ParameterError("fine_cell_m", fine_cell_m, "> 0 m, e.g. 5e-11")
    half = _graded_half(0.5 * L, 0.5 * p.gb_width_m, fine_cell_m, 0.5 * p.gb_width_m + 6 * p.decay_length_m,
                        1.15, max(fine_cell_m, L / 40))
    faces = np.concatenate([half, L - half[::-1][1:]])
    def distance(x):
        return np.minimum(x, L - x)

    def energy(x):
        return p.profile_energy_eV(distance(x))

    def diffusivity(x):
        return np.asarray(local_diffusivity(distance(x), T, p))

    return Landscape1D(faces, energy, diffusivity)

