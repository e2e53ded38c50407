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

Migration volume and direction (extrinsic carriers)
---------------------------------------------------
The antiperovskites of the cells (Li1.9(OH)Cl0.9, doped Li3OCl) conduct by extrinsic vacancies, so the pressure
acts only on the migration barrier: sigma(p)/sigma(0) = exp(-p dV_m / kT) with a migration volume dV_m of a few
A3 (``parameter_sets/mechanics/migration_volume.toml``). Under a non-hydrostatic stress the conductivity becomes
anisotropic (review section 5.3.5: in-plane biaxial tension boosts in-plane and hampers out-of-plane migration,
through the Poisson contraction along z). :func:`hop_activation_volume_tensor` writes the barrier of a hop along
n as a function of the lattice strain along n only, dE_a = -3 K dV_m eps_nn, which in stress form is the tensor
dV_ij = dV_m / (1 - 2 nu) [n_i n_j - nu (delta_ij - n_i n_j)] (hydrostatic part dV_m / 3 delta_ij, deviatoric part
dV_m (1 + nu)/(1 - 2 nu) (n_i n_j - delta_ij / 3)), and ln(sigma_nn / sigma_0) = sum_ij s_ij dV_ij / kT
(:func:`directional_conductivity_ratio`, s tensile positive). Averaged over hop directions it returns the
hydrostatic law.
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np

from ..checks import as_output, check_finite, check_poisson_ratio, check_positive, check_temperature
from ..constants import BOLTZMANN, ELEMENTARY_CHARGE
from ..errors import ParameterError
from .defects import table2

__all__ = ["FRENKEL_SLOPE_PER_PA", "FRENKEL_CURVATURE_PER_PA2", "CALIBRATION_PRESSURE_PA", "FrenkelCalibration",
           "frenkel_calibration", "biaxial_pressure",
           "frenkel_formation_energy", "stress_conductivity_ratio", "hop_activation_volume_tensor",
           "directional_conductivity_ratio", "through_plane_conductivity_ratio", "in_plane_conductivity_ratio"]

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


def hop_activation_volume_tensor(migration_volume_m3: float, poisson_ratio: float, direction=(0.0, 0.0, 1.0)):
    """Activation-volume tensor of Li migration along ``direction`` (the strain-along-the-hop model).

    Parameters
    ----------
    migration_volume_m3 : float
        Hydrostatic migration activation volume dV_m = -kT d(ln sigma)/dp [m3], > 0.
    poisson_ratio : float
        Poisson's ratio nu of the (isotropic) electrolyte [1].
    direction : sequence of 3 floats
        Direction n of the current (normalised here) [1]; default z, through the layers of a cell.

    Returns
    -------
    ndarray, shape (3, 3)
        dV_ij = dV_m / (1 - 2 nu) [n_i n_j - nu (delta_ij - n_i n_j)] [m3]; trace dV_m.

    Notes
    -----
    Assumptions: (1) the electrolyte is an isotropic continuum (a cubic polycrystal), its conductivity along n set
    by one barrier E_a(n); (2) the barrier changes with the lattice strain along n only, dE_a = -Lambda eps_nn: a
    stretched hop path lowers it and a shortened one raises it, the picture of review section 5.3.5 ("shrinkage
    along the direction perpendicular to the tensile strain plane ... out-of-plane migration is hampered");
    (3) Lambda is fixed by the measured hydrostatic law: under a hydrostatic tension s, eps_nn = s (1 - 2 nu)/E and
    dE_a = -dV_m s, so Lambda = dV_m E / (1 - 2 nu) = 3 K dV_m. With Hooke's law,
    eps_nn = [(1 + nu) s_nn - nu tr(s)] / E, which gives dE_a = -sum_ij s_ij dV_ij with the tensor above.

    Examples
    --------
    >>> t = hop_activation_volume_tensor(2.8e-30, 0.24)
    >>> [round(float(x) * 1e30, 3) for x in (t[0, 0], t[1, 1], t[2, 2], np.trace(t))]
    [-1.292, -1.292, 5.385, 2.8]
    """
    dv = check_positive(migration_volume_m3, "migration_volume_m3", "m3")
    nu = check_poisson_ratio(poisson_ratio)
    n = check_finite(np.asarray(direction, dtype=float), "direction")
    if n.shape != (3,) or not np.linalg.norm(n) > 0:
        raise ParameterError("direction", direction, "a non-zero vector of 3 components, e.g. (0, 0, 1)")
    n = n / np.linalg.norm(n)
    nn = np.outer(n, n)
    return dv / (1 - 2 * nu) * (nn - nu * (np.eye(3) - nn))


def directional_conductivity_ratio(stress_tensor_Pa, temperature_K, activation_volume_tensor_m3):
    """Conductivity along the hop direction of an activation-volume tensor under a stress tensor.

    Parameters
    ----------
    stress_tensor_Pa : array_like, shape (3, 3)
        Cauchy stress s_ij, tensile positive [Pa].
    temperature_K : float
        Temperature [K].
    activation_volume_tensor_m3 : array_like, shape (3, 3)
        dV_ij, e.g. :func:`hop_activation_volume_tensor` [m3].

    Returns
    -------
    float
        sigma_nn(s)/sigma_nn(0) = exp(sum_ij s_ij dV_ij / kT) [1].

    Examples
    --------
    A hydrostatic tension of 100 MPa gives the isotropic law, exp(p dV_m / kT) with p = -100 MPa:

    >>> t = hop_activation_volume_tensor(2.8e-30, 0.24)
    >>> a = directional_conductivity_ratio(1e8 * np.eye(3), 373.15, t)
    >>> bool(np.isclose(a, stress_conductivity_ratio(-1e8, 373.15, 2.8e-30)))
    True
    """
    s = check_finite(np.asarray(stress_tensor_Pa, dtype=float), "stress_tensor_Pa", "Pa")
    dv = check_finite(np.asarray(activation_volume_tensor_m3, dtype=float), "activation_volume_tensor_m3", "m3")
    if s.shape != (3, 3) or dv.shape != (3, 3):
        raise ParameterError("stress_tensor_Pa", s.shape, "3 x 3 arrays for the stress and the activation volume")
    T = check_temperature(temperature_K)
    return float(np.exp(np.sum(s * dv) / (BOLTZMANN * T)))


def through_plane_conductivity_ratio(in_plane_stress_Pa, temperature_K, migration_volume_m3, poisson_ratio):
    """Conductivity across a layer (z) under equibiaxial in-plane stress s (s_xx = s_yy = s, s_zz = 0).

    Parameters
    ----------
    in_plane_stress_Pa : float or array
        s, tensile positive [Pa].
    temperature_K : float or array
        [K].
    migration_volume_m3 : float
        Hydrostatic migration volume dV_m [m3].
    poisson_ratio : float
        nu [1].

    Returns
    -------
    float or array
        sigma_zz(s)/sigma_zz(0) = exp(-2 nu s dV_m / ((1 - 2 nu) kT)) [1]: < 1 under in-plane tension.

    Notes
    -----
    :func:`directional_conductivity_ratio` with n = z: sum_ij s_ij dV_ij = 2 s dV_perp,
    dV_perp = -nu dV_m / (1 - 2 nu) (:func:`hop_activation_volume_tensor`). The hydrostatic law with
    p = -2s/3 (:func:`biaxial_pressure`) would instead give exp(2 s dV_m / (3 kT)) > 1.

    Examples
    --------
    150 MPa in-plane tension, 2.8 A3, nu = 0.24, 100 degC:

    >>> round(through_plane_conductivity_ratio(150e6, 373.15, 2.8e-30, 0.24), 4)
    0.9275
    """
    s = check_finite(in_plane_stress_Pa, "in_plane_stress_Pa", "Pa")
    T = check_temperature(temperature_K)
    dv = check_positive(migration_volume_m3, "migration_volume_m3", "m3")
    nu = check_poisson_ratio(poisson_ratio)
    return as_output(np.exp(-2 * nu * s * dv / ((1 - 2 * nu) * BOLTZMANN * T)))


def in_plane_conductivity_ratio(in_plane_stress_Pa, temperature_K, migration_volume_m3, poisson_ratio):
    """Conductivity along a layer (x) under equibiaxial in-plane stress s: exp(s (1 - nu) dV_m / ((1 - 2 nu) kT)).

    Same model as :func:`through_plane_conductivity_ratio` (n = x: s dV_par + s dV_perp).

    Examples
    --------
    >>> round(in_plane_conductivity_ratio(150e6, 373.15, 2.8e-30, 0.24), 4)
    1.1265
    """
    s = check_finite(in_plane_stress_Pa, "in_plane_stress_Pa", "Pa")
    T = check_temperature(temperature_K)
    dv = check_positive(migration_volume_m3, "migration_volume_m3", "m3")
    nu = check_poisson_ratio(poisson_ratio)
    return as_output(np.exp(s * (1 - nu) * dv / ((1 - 2 * nu) * BOLTZMANN * T)))
