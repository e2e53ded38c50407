"""Contact loss of active particles: interface tension from residual stress plus cycling strain, per cycle.

Problem
-------
A cathode particle embedded in the solidified electrolyte is squeezed by the thermal residual pressure p_th
(:func:`cellsim.mechanics.residual_stress.sphere_in_matrix_stress`) and shrinks on charge (NCM111 -1.2 % in volume,
:func:`cellsim.mechanics.cycling_strain.chemical_volumetric_strain`), which adds a chemical pressure
dP(x) = P(eps_v(x)/3) < 0 (:func:`cellsim.mechanics.residual_stress.mismatch_interface_pressure`). While the
electrolyte creeps (:mod:`cellsim.mechanics.relaxation`), the compression that held the interface closed relaxes
and the interface pressure oscillates about zero: each charge then puts the interface in radial tension.

Law (cellsim C3)
----------------
1. Interface pressure: Maxwell response (:func:`~cellsim.mechanics.relaxation.maxwell_stress_history`) to the
   driving p_el(t) = p0 + dP_top w(t), w a triangle wave 0 (discharged) -> 1 (top of charge) -> 0 per cycle, from
   p(0) = p0 (the residual pressure left after cooling). Peak tension of cycle n: T_n = max over the cycle of -p.
2. Each particle's interface has a tensile strength s, Weibull-distributed over the particles,
   F(T) = 1 - exp(-(T/s0)^m) for T > 0 and F = 0 for T <= 0 (a compressed interface does not open: the gap is
   closed, no loss). A particle whose interface opens in a cycle debonds at the top of charge, shrunk and
   delithiated; cut off from Li+, it cannot re-lithiate and re-expand, so its gap stays open: the loss is
   permanent. Only the ``isolable_fraction`` phi of the particles have no other ionic path (neighbours that
   stay connected keep the rest in use).
3. Cycles are independent trials (cyclic fatigue: the strength of a contact loaded once per cycle), so of the
   particles still connected, the fraction F(T_n) is lost in cycle n:

       D_n = D_{n-1} + (phi - D_{n-1}) F(T_n),   q_n = D_n - D_{n-1}                      (cellsim C3)

   with D_0 = 0. Bounds: 0 <= q_n <= phi - D_{n-1}, 0 <= D_n <= phi; D_n = phi (1 - prod_k (1 - F(T_k))).

D_n is the lost fraction of the cathode active material (volume, hence also of the active surface area,
a = 3 eps / r at fixed particle size). Assumptions beyond the above: the electrode-average stoichiometry drives
every particle (no gradient inside or between particles), the particle stays elastic, the debond does not
recover (no re-sintering at 100 degC), and the lost particle's capacity, not its Li, is what matters (it is lost
delithiated).

References
----------
Selsing, J. Am. Ceram. Soc. 44, 419 (1961), doi:10.1111/j.1151-2916.1961.tb15475.x (interface pressure).
Weibull, J. Appl. Mech. 18, 293 (1951) (strength distribution).
Review section 6.4: "the solid-solid contact issue also occurs during battery operation due to the stress/strain
build-up"; Xia et al., Chem. Rev. 122 (2022) 3763, doi:10.1021/acs.chemrev.1c00594.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..checks import as_output, check_finite, check_fraction, check_positive
from ..errors import ParameterError
from .relaxation import maxwell_stress_history

__all__ = ["ContactLoss", "weibull_failure_probability", "cycle_peak_tension", "contact_loss_fractions"]


@dataclass(frozen=True)
class ContactLoss:
    """Per-cycle result of :func:`contact_loss_fractions` (arrays of length ``cycles``)."""

    peak_tension_Pa: np.ndarray  # T_n, > 0 tensile [Pa]
    failure_probability: np.ndarray  # F(T_n) [1]
    loss_per_cycle: np.ndarray  # q_n [1], of the initial active material
    lost_fraction: np.ndarray  # D_n after cycle n [1]
    isolable_fraction: float  # phi, the bound of D_n [1]

    @property
    def mean_loss_per_cycle(self) -> float:
        """D_N / N: the constant per-cycle loss that loses the same material over the N cycles [1]."""
        return float(self.lost_fraction[-1] / len(self.lost_fraction))


def weibull_failure_probability(tension_Pa, strength_scale_Pa: float, weibull_modulus: float):
    """Fraction of interfaces whose Weibull strength is below ``tension_Pa``: 1 - exp(-(T/s0)^m), 0 for T <= 0.

    Parameters
    ----------
    tension_Pa : float or array
        Radial interface tension T (> 0 tensile) [Pa].
    strength_scale_Pa : float
        s0 > 0 [Pa].
    weibull_modulus : float
        m > 0 [1].

    Returns
    -------
    float or array
        F [1], in [0, 1).

    Examples
    --------
    >>> round(weibull_failure_probability(50e6, 50e6, 10), 4), weibull_failure_probability(-5e6, 50e6, 10)
    (0.6321, 0.0)
    """
    T = check_finite(tension_Pa, "tension_Pa", "Pa")
    s0 = check_positive(strength_scale_Pa, "interface_strength", "Pa")
    m = check_positive(weibull_modulus, "weibull_modulus")
    x = np.where(T > 0, T, 0.0) / s0
    return as_output(-np.expm1(-x ** m))


def cycle_peak_tension(start_pressure_Pa: float, chemical_pressure_at_top_Pa: float, half_cycle_s: float,
                       relaxation_time_s: float, cycles: int, points_per_half_cycle: int = 40) -> np.ndarray:
    """Peak radial interface tension of each cycle (law step 1 of the module notes).

    Parameters
    ----------
    start_pressure_Pa : float
        Interface pressure p0 at the start of cycling, > 0 compressive [Pa] (the relaxed thermal residual).
    chemical_pressure_at_top_Pa : float
        dP_top = P(eps_v(x_top)/3), the elastic pressure change at the top of charge [Pa] (< 0 for a particle
        that shrinks on charge).
    half_cycle_s : float
        Duration of a charge (and of a discharge) [s].
    relaxation_time_s : float
        Maxwell time tau of the electrolyte at the operating temperature [s].
    cycles : int
        Number of cycles, >= 1.
    points_per_half_cycle : int
        Time points per half cycle (the integration is exact for the piecewise-linear driving).

    Returns
    -------
    ndarray
        T_n = max over cycle n of -p(t) [Pa] (negative when the interface stays compressed all cycle).

    Examples
    --------
    Without relaxation (tau huge) the tension is the elastic p0 + dP_top, the same each cycle:

    >>> [round(float(x) / 1e6, 3) for x in cycle_peak_tension(85e6, -61e6, 21600.0, 1e20, 2)]
    [-24.0, -24.0]
    """
    if isinstance(cycles, bool) or not isinstance(cycles, (int, np.integer)) or cycles < 1:
        raise ParameterError("cycles", cycles, "an integer >= 1")
    if points_per_half_cycle < 2:
        raise ParameterError("points_per_half_cycle", points_per_half_cycle, ">= 2")
    p0 = float(check_finite(start_pressure_Pa, "start_pressure_Pa", "Pa"))
    dP = float(check_finite(chemical_pressure_at_top_Pa, "chemical_pressure_at_top_Pa", "Pa"))
    th = float(check_positive(half_cycle_s, "half_cycle_s", "s"))
    n = int(points_per_half_cycle)
    up = np.linspace(0.0, 1.0, n + 1)
    w = np.concatenate([up] + [np.concatenate([up[::-1][1:], up[1:]]) for _ in range(cycles - 1)] + [up[::-1][1:]])
    t = np.arange(len(w)) * th / n
    p = maxwell_stress_history(t, p0 + dP * w, relaxation_time_s)
    per_cycle = 2 * n
    return np.asarray([np.max(-p[k * per_cycle:(k + 1) * per_cycle + 1]) for k in range(cycles)])


def contact_loss_fractions(peak_tension_Pa, strength_scale_Pa: float, weibull_modulus: float,
                           isolable_fraction: float) -> ContactLoss:
    """Cathode active material losing contact in each cycle (cellsim C3, module notes).

    Parameters
    ----------
    peak_tension_Pa : array_like
        T_n of each cycle (:func:`cycle_peak_tension`) [Pa].
    strength_scale_Pa, weibull_modulus : float
        Weibull s0 [Pa] and m [1] of the interface strength.
    isolable_fraction : float
        phi, 0..1: the share of particles that can be cut off [1].

    Returns
    -------
    ContactLoss

    Examples
    --------
    Two cycles at s0 (F = 1 - 1/e) with phi = 0.5: q_1 = 0.5 F, q_2 = (0.5 - q_1) F:

    >>> c = contact_loss_fractions([50e6, 50e6], 50e6, 10, 0.5)
    >>> [round(float(x), 4) for x in c.loss_per_cycle], round(float(c.lost_fraction[-1]), 4)
    ([0.3161, 0.1163], 0.4323)
    """
    T = np.atleast_1d(check_finite(np.asarray(peak_tension_Pa, dtype=float), "peak_tension_Pa", "Pa"))
    if T.ndim != 1 or len(T) < 1:
        raise ParameterError("peak_tension_Pa", T.shape, "a 1-D array with one value per cycle")
    phi = float(check_fraction(isolable_fraction, "isolable_fraction"))
    F = np.atleast_1d(weibull_failure_probability(T, strength_scale_Pa, weibull_modulus))
    q = np.empty_like(F)
    lost = 0.0
    for n, f in enumerate(F):  # D_n = D_{n-1} + (phi - D_{n-1}) F_n
        q[n] = (phi - lost) * f
        lost += q[n]
    D = np.cumsum(q)
    return ContactLoss(T, F, q, D, phi)
