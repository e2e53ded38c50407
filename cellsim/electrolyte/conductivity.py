"""Ionic conductivity of antiperovskite electrolytes vs temperature (review eq. 1).

The model is the review's eq. 1, sigma = (A / T) n exp(-Ea / kB T), with the prefactor A*n of
each branch anchored at one measured point (T_ref, sigma_ref). A first-order phase transition
switches between a low-temperature and a high-temperature branch at ``transition_temperature``.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..checks import as_output, check_fraction, check_temperature
from ..checks import check_range as _check_range
from ..constants import BOLTZMANN_EV
from ..errors import ParameterError
from ..parameters.loader import load_electrolyte
from ..parameters.mechanics import migration_volume
from ..parameters.segregation import load_segregation, segregation_materials
from .grain_boundary import brick_layer
from .segregation import conductivity_factor
from .stress import stress_conductivity_ratio


def arrhenius_conductivity(temperature_K, conductivity_ref_S_m, temperature_ref_K, activation_energy_eV):
    """Conductivity of one Arrhenius branch of the review's eq. 1.

    Parameters
    ----------
    temperature_K : float or array
        Temperature [K].
    conductivity_ref_S_m : float
        Conductivity at ``temperature_ref_K`` [S.m-1].
    temperature_ref_K : float
        Temperature of the anchor point [K].
    activation_energy_eV : float
        Activation energy Ea [eV].

    Returns
    -------
    sigma : float or array
        Ionic conductivity [S.m-1].

    Notes
    -----
    Review eq. 1, :math:`\\sigma = (A/T)\\,n\\,\\exp(-E_a/k_B T)`, written through an anchor point:

    .. math:: \\sigma(T) = \\sigma_{ref}\\,\\frac{T_{ref}}{T}
              \\exp\\left[-\\frac{E_a}{k_B}\\left(\\frac{1}{T} - \\frac{1}{T_{ref}}\\right)\\right]

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, eq. 1, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Li3OCl, 0.85 mS/cm at 298.15 K and Ea = 0.26 eV (Zhao & Daemen 2012), at 100 degC:

    >>> round(float(arrhenius_conductivity(373.15, 0.085, 298.15, 0.26)), 3)
    0.519
    """
    T = check_temperature(temperature_K)
    return as_output(conductivity_ref_S_m * (temperature_ref_K / T) * np.exp(
        -activation_energy_eV / BOLTZMANN_EV * (1.0 / T - 1.0 / temperature_ref_K)))


def _branch(branch, T):
    return arrhenius_conductivity(T, branch.conductivity_ref, branch.temperature_ref, branch.activation_energy)


def electrolyte_conductivity(electrolyte, temperature_K, check_range: str = "warn"):
    """Bulk ionic conductivity of a loaded electrolyte, with its phase transition if it has one.

    Parameters
    ----------
    electrolyte : cellsim.parameters.Electrolyte
        Loaded parameter set.
    temperature_K : float or array
        Temperature [K].
    check_range : {"warn", "error", "ignore"}
        What to do outside the temperature range of the material's data: warn (default) with the
        range, raise :class:`~cellsim.errors.ParameterError`, or say nothing.

    Returns
    -------
    sigma : float or array
        Ionic conductivity [S.m-1].

    Notes
    -----
    Below ``transition_temperature`` the low-temperature branch applies, at and above it the
    high-temperature branch (a first-order transition: a step in sigma, no hysteresis modelled).

    Examples
    --------
    >>> from cellsim.parameters import load_electrolyte
    >>> li2ohcl = load_electrolyte("Li2(OH)Cl")
    >>> jump = electrolyte_conductivity(li2ohcl, 313.15) / electrolyte_conductivity(li2ohcl, 303.15)
    >>> bool(jump > 100)
    True
    """
    T = np.asarray(check_temperature(temperature_K), dtype=float)  # 25 "K" (degC meant): an error, not a warning
    lo, hi = electrolyte.temperature_min, electrolyte.temperature_max
    if np.any((T < lo) | (T > hi)) and check_range != "ignore":
        shown = f"{float(T):.2f} K ({float(T) - 273.15:.1f} degC)" if T.ndim == 0 else f"{T.tolist()} K"
        rng = f"{lo:.2f}-{hi:.2f} K ({lo - 273.15:.0f} to {hi - 273.15:.0f} degC)"
        msg = f"temperature {shown} is outside the data range of {electrolyte.name}: {rng}"
        if check_range == "error":
            raise ParameterError("temperature_K", as_output(T), f"{rng}, the data range of {electrolyte.name}")
        warnings.warn(msg + "; the Arrhenius law is extrapolated", RuntimeWarning, stacklevel=2)
    sigma = _branch(electrolyte.conductivity, T)
    if electrolyte.transition_temperature is not None:
        sigma = np.where(T < electrolyte.transition_temperature,
                         _branch(electrolyte.low_temperature_conductivity, T), sigma)
    sigma = np.asarray(sigma)
    return sigma if sigma.ndim else float(sigma)


def effective_conductivity(sigma_S_m, volume_fraction, bruggeman_exponent=1.5):
    """Effective conductivity of the electrolyte in a porous composite (Bruggeman).

    Parameters
    ----------
    sigma_S_m : float
        Bulk conductivity of the electrolyte [S.m-1].
    volume_fraction : float
        Volume fraction of electrolyte, 0 < eps <= 1 [1].
    bruggeman_exponent : float
        Exponent b [1].

    Returns
    -------
    float
        Effective conductivity sigma * eps^b [S.m-1].

    Notes
    -----
    :math:`\\sigma_{eff} = \\sigma\\,\\varepsilon^{b} = \\sigma\\,\\varepsilon/\\tau` with tortuosity
    :math:`\\tau = \\varepsilon^{1-b}`; b = 1.5 for spheres (Bruggeman, Ann. Phys. 416 (1935) 636,
    doi:10.1002/andp.19354160705). This is the same law PyBaMM applies inside the cell.

    Examples
    --------
    >>> round(effective_conductivity(0.1, 0.36, 1.5), 4)
    0.0216
    """
    check_fraction(volume_fraction, "volume_fraction", zero=False)
    return sigma_S_m * volume_fraction ** bruggeman_exponent


GB_MODELS = ("brick-layer", "segregation")

#: grain sizes accepted by the grain-boundary models [m]: 1 nm (a few unit cells) to 1 cm (near a single crystal);
#: outside, a length in the wrong unit (16 "m" meant as 16 nm) is far more likely than a real microstructure
GRAIN_SIZE_RANGE_M = (1e-9, 1e-2)


def grain_boundary_conductivity(electrolyte, temperature_K):
    """Specific grain-boundary conductivity sigma_gb(T) and boundary width of a loaded electrolyte.

    Parameters
    ----------
    electrolyte : cellsim.parameters.Electrolyte
        Loaded parameter set with a ``[grain_boundary]`` table.
    temperature_K : float or array
        Temperature [K].

    Returns
    -------
    (sigma_gb, width) : (float or array [S.m-1], float [m])

    Notes
    -----
    The three data forms of :class:`~cellsim.parameters.schema.GrainBoundary` become one specific
    conductivity anchored at ``temperature_ref`` and continued with the boundary's own Ea (review eq. 1):
    a branch is used as is; ``conductivity_ratio`` r gives sigma_gb(T_ref) = r sigma_bulk(T_ref); a measured
    pellet ``resistance_ratio`` R = R_gb/R_bulk gives sigma_gb(T_ref) = sigma_bulk(T_ref) w / ((d - w) R)
    (series brick layer of :func:`cellsim.electrolyte.grain_boundary.brick_layer`, grain size d, width w).
    """
    gb = electrolyte.grain_boundary
    if gb is None:
        raise ParameterError("grain_boundary", None, f"[grain_boundary] data for {electrolyte.name} to use a grain "
                             "size (see parameter_sets/electrolytes/README.md for the materials that have them)")
    if gb.width is None:
        raise ParameterError("grain_boundary.width", None, f"a boundary width for {electrolyte.name}")
    if gb.conductivity is not None:
        return _branch(gb.conductivity, temperature_K), gb.width
    ref = _branch(electrolyte.conductivity if electrolyte.transition_temperature is None
                  or gb.temperature_ref >= electrolyte.transition_temperature
                  else electrolyte.low_temperature_conductivity, gb.temperature_ref)
    if gb.conductivity_ratio is not None:
        sigma_ref = gb.conductivity_ratio * ref
    else:
        if gb.grain_size is None:
            raise ParameterError("grain_boundary.grain_size", None,
                                 f"the grain size of the pellet behind resistance_ratio of {electrolyte.name}")
        sigma_ref = ref * gb.width / ((gb.grain_size - gb.width) * gb.resistance_ratio)
    return arrhenius_conductivity(temperature_K, sigma_ref, gb.temperature_ref, gb.activation_energy), gb.width


def total_conductivity(electrolyte, temperature_K, grain_size_m=None, *, pressure_Pa=0.0, gb_model="brick-layer",
                       gb_factor=1.0, check_range: str = "warn", activation_volume_m3=None, dirs=()):
    """Ionic conductivity of a polycrystalline electrolyte under stress: bulk, grain boundaries, pressure.

    Parameters
    ----------
    electrolyte : cellsim.parameters.Electrolyte
        Loaded parameter set.
    temperature_K : float
        Temperature [K].
    grain_size_m : float, optional
        Grain size [m]; None returns the material's stored (as-measured) conductivity.
    pressure_Pa : float
        Hydrostatic pressure, positive in compression [Pa] (activation-volume term,
        :func:`cellsim.electrolyte.stress.stress_conductivity_ratio`).
    activation_volume_m3 : float, optional
        Activation volume [m3]; default the material's migration volume from ``mechanics/migration_volume.toml``
        (:func:`cellsim.parameters.mechanics.migration_volume`, the one source of it; an error if the material has
        no entry and a pressure is given).
    gb_model : {"brick-layer", "segregation"}
        "brick-layer": bulk and grain boundaries in series with the material's ``[grain_boundary]`` data;
        "segregation": bulk times the FiPy vacancy-segregation factor of
        :func:`cellsim.electrolyte.segregation.conductivity_factor` with the material's own segregation set
        (:func:`cellsim.parameters.segregation.load_segregation`; an error for a material without one).
    gb_factor : float
        Multiplies the grain-boundary conductivity of the brick layer (hook for other boundary models) [1].
    check_range : {"warn", "error", "ignore"}
        Temperature outside the material's data range (see :func:`electrolyte_conductivity`).
    dirs : iterable of path
        Extra parameter folders searched for the segregation set (``gb_model="segregation"``).

    Returns
    -------
    float
        sigma [S.m-1].

    Raises
    ------
    ParameterError
        ``gb_model="segregation"`` with a grain size for a material that has no segregation data.

    Examples
    --------
    >>> from cellsim.parameters import load_electrolyte
    >>> li3obr = load_electrolyte("Li3OBr")
    >>> bulk = total_conductivity(li3obr, 298.15)
    >>> round(total_conductivity(li3obr, 298.15, li3obr.grain_boundary.grain_size) / bulk, 3)  # 8.8/(8.8+83.0)
    0.096
    """
    if gb_model not in GB_MODELS:
        raise ParameterError("gb_model", gb_model, f"one of {GB_MODELS}")
    sigma = electrolyte_conductivity(electrolyte, temperature_K, check_range=check_range)
    if grain_size_m is not None:
        lo, hi = GRAIN_SIZE_RANGE_M
        _check_range(grain_size_m, "grain_size_m", lo, hi, unit="m",
                    note="1 nm to 1 cm; the grain size in metres: 16 nm is 16e-9")
        if gb_model == "segregation":
            materials = segregation_materials(dirs)
            if electrolyte.name not in materials:
                raise ParameterError("gb_model", gb_model, f"'brick-layer' for {electrolyte.name} (material "
                                     f"{electrolyte.name!r} has no segregation data; materials with segregation "
                                     f"data: {materials})")
            sigma = sigma * conductivity_factor(grain_size_m, temperature_K, load_segregation(electrolyte.name, dirs))
        else:
            sigma_gb, width = grain_boundary_conductivity(electrolyte, temperature_K)
            sigma = brick_layer(sigma, sigma_gb, grain_size_m, width, gb_factor).conductivity_S_m
    if pressure_Pa:
        dv = migration_volume(electrolyte.name, dirs)[0] if activation_volume_m3 is None else activation_volume_m3
        sigma = sigma * stress_conductivity_ratio(pressure_Pa, temperature_K, dv)
    return float(sigma)


def conductivity(material, temperature_K, grain_size_m=None, *, pressure_Pa=0.0, gb_model="brick-layer",
                 gb_factor=1.0, check_range: str = "warn", activation_volume_m3=None, dirs=()):
    """Ionic conductivity [S.m-1] of a library electrolyte by name (``cellsim.conductivity``).

    ``material`` is a name from ``cellsim list`` or a TOML path; the other arguments are those of
    :func:`total_conductivity`. Outside a material's data range the default is a RuntimeWarning
    (``check_range="error"`` raises instead).

    Examples
    --------
    Li3OCl at 25 degC, 0.85 mS/cm (review section 3):

    >>> round(conductivity("Li3OCl", 298.15) * 10, 3)  # mS/cm
    0.85
    """
    return total_conductivity(load_electrolyte(material, dirs), temperature_K, grain_size_m, pressure_Pa=pressure_Pa,
                              gb_model=gb_model, gb_factor=gb_factor, check_range=check_range,
                              activation_volume_m3=activation_volume_m3, dirs=dirs)
