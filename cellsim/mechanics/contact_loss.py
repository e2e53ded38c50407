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
2. Each particle's interface has a tensile strength s, fixed for that interface and Weibull-distributed over
   the particles, F(T) = 1 - exp(-(T/s0)^m) for T > 0 and F = 0 for T <= 0 (a compressed interface does not
   open: the gap is closed, no loss). A particle whose interface opens debonds at the top of charge, shrunk and
   delithiated; cut off from Li+, it cannot re-lithiate and re-expand, so its gap stays open: the loss is
   permanent. Only the ``isolable_fraction`` phi of the particles have no other ionic path (neighbours that
   stay connected keep the rest in use).
3. With the strengths fixed, a cycle breaks only the interfaces weaker than its peak tension that an earlier
   cycle has not already broken: re-loading to the same peak breaks nothing new. The lost fraction after n
   cycles is set by the highest tension so far,

       D_n = phi F(max_{k<=n} T_k),   q_n = D_n - D_{n-1}                                     (cellsim C3)

   with D_0 = 0. Bounds: q_n >= 0 (zero in every cycle whose peak stays below an earlier one), D_n <= phi F <= phi.
   No fatigue law (a strength that decays with the number of load cycles) is included: none is sourced for an
   oxide|antiperovskite interface. Treating each cycle as an independent trial with a fresh strength (the
   earlier form of this law, D_n = phi (1 - prod_k (1 - F(T_k)))) would invent such a fatigue: for the default
   cell at 100 degC (T_n = 30.3-31.0 MPa, F = 1.4e-3) it gave D_100 = 5.1 % where fixed strengths give 0.069 %.

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
    failure_probability: np.ndarray  # F(max_{k<=n} T_k): share of the interfaces opened by cycle n [1]
    loss_per_cycle: np.ndarray  # q_n [1], of the initial active material
    lost_fraction: np.ndarray  # D_n after cycle n [1]
    isolable_fraction: float  # phi, the bound of D_n [1]

    @property
    def final_lost_fraction(self) -> float:
        """D_N, the lost fraction after the last cycle [1]: the input the PyBaMM cell takes
        (``cathode_contact_loss_fraction``, :func:`cellsim.cell.model.contact_loss_rate`)."""
        return float(self.lost_fraction[-1])


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
    """Cathode active material losing contact in each cycle, strengths fixed per interface (cellsim C3, module notes).

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
    A first cycle at s0 (F = 1 - 1/e) with phi = 0.5 loses 0.5 F; a second at the same peak breaks nothing new,
    a third at a lower peak neither, a fourth at 1.2 s0 only the interfaces between the two strengths
    (0.5 (1 - exp(-1.2^10)) - 0.5 (1 - 1/e) = 0.1829):

    >>> c = contact_loss_fractions([50e6, 50e6, 40e6, 60e6], 50e6, 10, 0.5)
    >>> [round(float(x), 4) for x in c.loss_per_cycle], round(c.final_lost_fraction, 4)
    ([0.3161, 0.0, 0.0, 0.1829], 0.499)
    """
    T = np.atleast_1d(check_finite(np.asarray(peak_tension_Pa, dtype=float), "peak_tension_Pa", "Pa"))
    if T.ndim != 1 or len(T) < 1:
        raise ParameterError("peak_tension_Pa", T.shape, "a 1-D array with one value per cycle")
    phi = float(check_fraction(isolable_fraction, "isolable_fraction"))
    F = np.atleast_1d(weibull_failure_probability(np.maximum.accumulate(T), strength_scale_Pa, weibull_modulus))
    D = phi * F  # D_n = phi F(max_{k<=n} T_k)
    q = np.diff(D, prepend=0.0)
    return ContactLoss(T, F, q, D, phi)
