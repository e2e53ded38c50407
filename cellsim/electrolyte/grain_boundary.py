"""Brick-layer model of a polycrystalline electrolyte: grains and grain boundaries in series.

Cubic grains of edge ``grain_size_m`` (the repeat distance) each carry one grain-boundary layer of
width ``gb_width_m`` across the current path; bulk length per period is grain_size - gb_width.
Only the series path is kept: current crossing the boundaries. The parallel path along the
boundaries is neglected, valid when sigma_gb * gb_width << sigma_bulk * grain_size (blocking
boundaries, the antiperovskite case: review section 5.3.4).

References
----------
Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4, doi:10.1021/acs.chemrev.1c00594.
Haile, West & Campbell, J. Mater. Res. 13 (1998) 1576, doi:10.1557/JMR.1998.0219 (brick-layer model).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import as_output, check_positive
from ..errors import ParameterError

__all__ = ["BrickLayer", "brick_layer", "gb_conductivity_from_resistances"]


@dataclass(frozen=True)
class BrickLayer:
    """Result of :func:`brick_layer` (floats, or arrays when the inputs are arrays).

    Attributes
    ----------
    conductivity_S_m : total conductivity [S.m-1]
    bulk_resistance_fraction, gb_resistance_fraction : shares of the total resistance, summing to 1 [1]
    bulk_resistivity_ohm_m, gb_resistivity_ohm_m : specific resistivities 1/sigma_bulk and
        1/(gb_factor sigma_gb) [ohm.m]
    """

    conductivity_S_m: object
    bulk_resistance_fraction: object
    gb_resistance_fraction: object
    bulk_resistivity_ohm_m: object
    gb_resistivity_ohm_m: object


def _geometry(grain_size_m, gb_width_m):
    d = check_positive(grain_size_m, "grain_size_m", "m")
    w = check_positive(gb_width_m, "gb_width_m", "m")
    if np.any(w >= d):
        raise ParameterError("gb_width_m", gb_width_m, f"0 < gb_width_m < grain_size_m = {grain_size_m} m")
    return d, w


def brick_layer(sigma_bulk_S_m, sigma_gb_S_m, grain_size_m, gb_width_m, gb_factor=1.0):
    """Total conductivity of grains and grain boundaries in series (brick-layer, series path only).

    Parameters
    ----------
    sigma_bulk_S_m : float or array
        Grain-interior conductivity [S.m-1].
    sigma_gb_S_m : float or array
        Specific grain-boundary conductivity [S.m-1].
    grain_size_m : float or array
        Grain size d, the repeat distance [m].
    gb_width_m : float or array
        Grain-boundary width delta, 0 < delta < d [m].
    gb_factor : float or array
        Multiplies sigma_gb (hook for an effective-diffusivity factor, e.g. D_eff/D from the
        vacancy-segregation model) [1].

    Returns
    -------
    BrickLayer

    Notes
    -----
    Series brick layer per repeat distance d:

    .. math:: \\frac{1}{\\sigma_{tot}} = \\frac{d - \\delta}{d}\\frac{1}{\\sigma_b}
              + \\frac{\\delta}{d}\\frac{1}{f\\,\\sigma_{gb}}

    It returns sigma_b exactly when delta -> 0 or f sigma_gb = sigma_b. The usual form
    1/sigma_b + delta/(d sigma_gb) is its delta << d limit.

    Examples
    --------
    1 um grains, 1 nm boundaries 1e4 times less conductive than the bulk (the Li3OBr pellet ratio,
    see :func:`gb_conductivity_from_resistances`): the boundaries take 90 % of the resistance.

    >>> r = brick_layer(1e-3, 1e-7, 1e-6, 1e-9)
    >>> round(r.conductivity_S_m / 1e-3, 3), round(r.gb_resistance_fraction, 3)
    (0.091, 0.909)
    """
    sb = check_positive(sigma_bulk_S_m, "sigma_bulk_S_m", "S.m-1")
    f = check_positive(gb_factor, "gb_factor", note="dimensionless multiplier of sigma_gb")
    sg = check_positive(sigma_gb_S_m, "sigma_gb_S_m", "S.m-1") * f
    d, w = _geometry(grain_size_m, gb_width_m)
    r_bulk, r_gb = (d - w) / (d * sb), w / (d * sg)  # resistivity contributions [ohm.m]
    total = r_bulk + r_gb
    return BrickLayer(as_output(1 / total), as_output(r_bulk / total), as_output(r_gb / total), as_output(1 / sb), as_output(1 / sg))


def gb_conductivity_from_resistances(bulk_resistance_ohm, gb_resistance_ohm, grain_size_m, gb_width_m,
                                     thickness_m, area_m2):
    """Bulk and specific grain-boundary conductivity from an impedance split of a pellet.

    Parameters
    ----------
    bulk_resistance_ohm : float
        Bulk (grain-interior) arc resistance R_b [ohm].
    gb_resistance_ohm : float
        Grain-boundary arc resistance R_gb [ohm].
    grain_size_m : float
        Grain size d [m].
    gb_width_m : float
        Grain-boundary width delta, 0 < delta < d [m].
    thickness_m : float
        Pellet thickness L [m].
    area_m2 : float
        Electrode area S [m2].

    Returns
    -------
    (float, float)
        sigma_bulk, sigma_gb [S.m-1].

    Notes
    -----
    Inverting the series brick layer (:func:`brick_layer`): the bulk fills L (d - delta)/d and the
    boundaries L delta/d of the thickness, so

    .. math:: \\sigma_b = \\frac{L (d-\\delta)}{d R_b S}, \\quad
              \\sigma_{gb} = \\frac{L\\,\\delta}{d R_{gb} S}, \\quad
              \\frac{\\sigma_b}{\\sigma_{gb}} = \\frac{R_{gb}}{R_b}\\frac{d - \\delta}{\\delta}

    The ratio does not depend on the pellet geometry.

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.4: Li3OBr, 8.8 kOhm bulk and 83.0 kOhm grain
    boundary (Zhu et al., Appl. Phys. Lett. 109 (2016) 101904), doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Li3OBr pellet with 1 um grains and 1 nm boundaries (assumed): sigma_gb is ~9400 times lower.

    >>> sb, sg = gb_conductivity_from_resistances(8.8e3, 83.0e3, 1e-6, 1e-9, 1e-3, 1e-4)
    >>> round(sb / sg)
    9422
    """
    rb = float(check_positive(bulk_resistance_ohm, "bulk_resistance_ohm", "ohm"))
    rg = float(check_positive(gb_resistance_ohm, "gb_resistance_ohm", "ohm"))
    length = float(check_positive(thickness_m, "thickness_m", "m"))
    area = float(check_positive(area_m2, "area_m2", "m2"))
    d, w = (float(x) for x in _geometry(grain_size_m, gb_width_m))
    return length * (d - w) / (d * rb * area), length * w / (d * rg * area)
