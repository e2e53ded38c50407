"""Stress effect on ionic conductivity through an activation volume (review section 5.3.5).

Sign convention as in :mod:`cellsim.mechanics`: stress positive in tension, pressure p positive in
compression. Tension lowers the Frenkel formation energy and raises the conductivity.

Calibration (the constants below)
---------------------------------
Review section 5.3.5 (Sagotra & Cazorla, ACS Appl. Mater. Interfaces 9 (2017) 38773, ref 192): the Li
Frenkel pair formation energy of Li3OCl falls ~15 % under a biaxial tensile stress of 1.5 GPa and
rises ~12 % under a biaxial compressive stress of 1.5 GPa. Assumptions:

1. the formation volume is isotropic, so only the hydrostatic part of the stress matters; an in-plane
   biaxial stress s gives p = -2s/3, i.e. p = -1 GPa (tension) and +1 GPa (compression);
2. the percentages apply to the Table 2 formation energy E_F0 = 2.02 eV (review Table 2);
3. the asymmetric pair is fitted exactly by E_F(p) = E_F0 (1 + a p + b p^2): a = 0.135 GPa-1
   (the mean slope, (12 + 15)/2 % per GPa), b = -0.015 GPa-2 (the asymmetry, (12 - 15)/2 % per GPa2);
4. formation volume dV_F = a E_F0 = 0.2727 eV/GPa = 4.37e-29 m3 (43.7 A3, 0.73 of the 59.8 A3 Li3OCl
   cell, a = 3.91 A);
5. intrinsic (Frenkel) carriers, n ~ exp(-E_F/2kT): the conductivity activation volume is
   dV_F / 2 = 2.18e-29 m3. The migration volume is neglected (unknown; the review says the barrier
   also falls under tension, so the effect here is a lower bound). For extrinsic carriers (doped,
   LiCl-deficient) n does not depend on E_F: pass a migration activation volume instead.
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np

from ..checks import as_output, check_finite, check_temperature
from ..constants import BOLTZMANN, ELEMENTARY_CHARGE
from .defects import table2

__all__ = ["FRENKEL_SLOPE_PER_PA", "FRENKEL_CURVATURE_PER_PA2", "CALIBRATION_PRESSURE_PA", "FrenkelCalibration",
           "frenkel_calibration", "biaxial_pressure",
           "frenkel_formation_energy", "stress_conductivity_ratio"]

FRENKEL_SLOPE_PER_PA = 0.135e-9  # a: (12 % + 15 %) / 2 per GPa of p, review section 5.3.5
FRENKEL_CURVATURE_PER_PA2 = -0.015e-18  # b: (12 % - 15 %) / 2 per GPa2 of p, review section 5.3.5
CALIBRATION_PRESSURE_PA = 1.0e9  # |p| of the calibration points (biaxial 1.5 GPa)


@dataclass(frozen=True)
class FrenkelCalibration:
    """The calibrated Frenkel numbers of the module notes."""

    formation_energy_eV: float  # E_F0, review Table 2 (2.02 eV) [eV]
    formation_volume_m3: float  # dV_F = a E_F0 (4.37e-29 m3) [m3]
    activation_volume_m3: float  # dV_F / 2: intrinsic Frenkel carriers, migration volume neglected [m3]


@functools.lru_cache(maxsize=1)
def frenkel_calibration() -> FrenkelCalibration:
    """E_F0 from the review's Table 2 (:func:`~cellsim.electrolyte.defects.table2`), and the formation and
    activation volumes calibrated on it (module notes, items 2, 4 and 5); read on first use and kept.

    Examples
    --------
    >>> c = frenkel_calibration()
    >>> c.formation_energy_eV, round(c.formation_volume_m3 * 1e30, 1), round(c.activation_volume_m3 * 1e30, 2)
    (2.02, 43.7, 21.85)
    """
    energy = table2().pairs["V_Li-Li_i (Li Frenkel)"].formation_energy_eV
    volume = FRENKEL_SLOPE_PER_PA * energy * ELEMENTARY_CHARGE
    return FrenkelCalibration(energy, volume, volume / 2)


def biaxial_pressure(in_plane_stress_Pa):
    """Hydrostatic pressure of an equibiaxial in-plane stress (sigma_xx = sigma_yy = s, sigma_zz = 0).

    Parameters
    ----------
    in_plane_stress_Pa : float or array
        In-plane stress s, positive in tension [Pa].

    Returns
    -------
    float or array
        p = -tr(sigma)/3 = -2s/3, positive in compression [Pa].

    Examples
    --------
    The 1.5 GPa biaxial tension of review section 5.3.5:

    >>> biaxial_pressure(1.5e9)
    -1000000000.0
    """
    return as_output(-2.0 * check_finite(in_plane_stress_Pa, "in_plane_stress_Pa", "Pa") / 3.0)


def frenkel_formation_energy(pressure_Pa, formation_energy_eV=None):
    """Li Frenkel pair formation energy of Li3OCl under hydrostatic pressure (calibrated, module notes).

    Parameters
    ----------
    pressure_Pa : float or array
        Hydrostatic pressure p, positive in compression [Pa].
    formation_energy_eV : float
        Formation energy at p = 0; default :func:`frenkel_calibration`'s, 2.02 eV (review Table 2) [eV].

    Returns
    -------
    float or array
        E_F(p) = E_F0 (1 + a p + b p^2) [eV].

    Notes
    -----
    Fitted exactly through -15 % at p = -1 GPa and +12 % at p = +1 GPa (review section 5.3.5, biaxial
    -/+1.5 GPa). Outside |p| <= 1 GPa the quadratic is extrapolated and a RuntimeWarning says so.

    Examples
    --------
    >>> round(frenkel_formation_energy(biaxial_pressure(1.5e9)) / 2.02, 3)
    0.85
    """
    p = check_finite(pressure_Pa, "pressure_Pa", "Pa")
    if np.any(np.abs(p) > CALIBRATION_PRESSURE_PA * (1 + 1e-12)):
        warnings.warn(f"pressure {pressure_Pa} Pa is outside the calibration range |p| <= 1e9 Pa "
                      "(review section 5.3.5); the quadratic fit is extrapolated", RuntimeWarning, stacklevel=2)
    if formation_energy_eV is None:
        formation_energy_eV = frenkel_calibration().formation_energy_eV
    return as_output(formation_energy_eV * (1 + FRENKEL_SLOPE_PER_PA * p + FRENKEL_CURVATURE_PER_PA2 * p * p))


def stress_conductivity_ratio(pressure_Pa, temperature_K, activation_volume_m3=None):
    """Conductivity under pressure relative to the stress-free value, sigma(p)/sigma(0).

    Parameters
    ----------
    pressure_Pa : float or array
        Hydrostatic pressure p, positive in compression (tension: p < 0) [Pa].
    temperature_K : float or array
        Temperature [K].
    activation_volume_m3 : float
        Activation volume dV; default :func:`frenkel_calibration`'s, 2.18e-29 m3, half the calibrated Frenkel
        formation volume (intrinsic carriers; module notes) [m3].

    Returns
    -------
    float or array
        sigma(p)/sigma(0) [1].

    Notes
    -----
    .. math:: \\frac{\\sigma(p)}{\\sigma(0)} = \\exp\\left(-\\frac{p\\,\\Delta V}{k_B T}\\right)

    A linear (constant dV) law: at |p| = 1 GPa it misses the asymmetry of the calibration data by
    1.5 % of E_F0 (module notes).

    References
    ----------
    Xia et al., Chem. Rev. 122 (2022) 3763, section 5.3.5, doi:10.1021/acs.chemrev.1c00594.

    Examples
    --------
    Biaxial tension of 1.5 GPa at 298.15 K raises the intrinsic conductivity ~200-fold:

    >>> round(stress_conductivity_ratio(biaxial_pressure(1.5e9), 298.15))
    202
    """
    p = check_finite(pressure_Pa, "pressure_Pa", "Pa")
    T = check_temperature(temperature_K)
    if activation_volume_m3 is None:
        activation_volume_m3 = frenkel_calibration().activation_volume_m3
    return as_output(np.exp(-p * activation_volume_m3 / (BOLTZMANN * T)))
