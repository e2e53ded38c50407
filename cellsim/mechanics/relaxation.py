"""Stress relaxation of the electrolyte by creep: Maxwell law, relaxation during cooling, hold at temperature.

A melt-infiltrated antiperovskite runs at a high homologous temperature (Li1.9(OH)Cl0.9 at 100 degC:
T/Tm = 373/573 = 0.65), where an ionic solid creeps. The residual stress of
:mod:`cellsim.mechanics.residual_stress` is elastic; here it relaxes with a Maxwell (linear viscoelastic) law,

    d sigma/dt = d sigma_el/dt - sigma / tau(T),                                           (cellsim R1)

sigma_el the elastic stress the driving strain (thermal mismatch, intercalation) would give, and

    tau(T) = tau_ref exp(Q/R (1/T - 1/T_ref))                                              (cellsim R2)

(a creep-rate estimate linearised at the residual-stress scale: ``parameter_sets/mechanics/relaxation.toml``).
Under a constant strain, sigma(t) = sigma0 exp(-t/tau) (:func:`maxwell_relaxation`). Every stress component
relaxes with the same tau (one isotropic Maxwell element for the matrix, the particles elastic), so a residual
stress state keeps its shape and is scaled by one factor.
"""
from __future__ import annotations

import numpy as np

from ..checks import as_output, check_finite, check_nonnegative, check_positive, check_temperature
from ..constants import GAS_CONSTANT
from ..errors import ParameterError

__all__ = ["relaxation_time", "maxwell_relaxation", "mean_maxwell_stress", "maxwell_stress_history",
           "cooling_relaxation_factor"]


def relaxation_time(temperature_K, relaxation_time_ref_s: float, temperature_ref_K: float,
                    activation_energy_J_mol: float, temperature_min_K: float, temperature_max_K: float):
    """Maxwell relaxation time at ``temperature_K`` (cellsim R2) within the range of its estimate.

    Parameters
    ----------
    temperature_K : float or array
        [K], inside ``temperature_min_K`` .. ``temperature_max_K``.
    relaxation_time_ref_s : float
        tau at ``temperature_ref_K`` [s], > 0.
    temperature_ref_K : float
        [K].
    activation_energy_J_mol : float
        Creep activation energy Q [J.mol-1], >= 0.
    temperature_min_K, temperature_max_K : float
        Data range of the estimate [K].

    Returns
    -------
    float or array
        tau(T) = tau_ref exp(Q/R (1/T - 1/T_ref)) [s].

    Raises
    ------
    ParameterError
        tau_ref <= 0, Q < 0, or a temperature outside the data range.

    Examples
    --------
    6.4 h at 100 degC with Q = 86 kJ/mol; at 60 degC it is ~ 28x longer:

    >>> round(relaxation_time(333.15, 6.4 * 3600, 373.15, 86e3, 313.15, 573.15) / 3600, 1)
    178.5
    """
    tau = check_positive(relaxation_time_ref_s, "relaxation_time_s", "s")
    Q = check_nonnegative(activation_energy_J_mol, "creep_activation_energy", "J.mol-1")
    T = check_temperature(temperature_K)
    if np.any((T < temperature_min_K) | (T > temperature_max_K)):
        raise ParameterError("temperature_K", temperature_K, f"{temperature_min_K:g} <= T <= {temperature_max_K:g} K "
                             "(the range of the relaxation estimate, parameter_sets/mechanics/relaxation.toml)")
    return as_output(tau * np.exp(Q / GAS_CONSTANT * (1 / T - 1 / temperature_ref_K)))


def maxwell_relaxation(stress0_Pa, time_s, relaxation_time_s):
    """Stress of a Maxwell element held at constant strain: sigma(t) = sigma0 exp(-t / tau).

    Parameters
    ----------
    stress0_Pa : float or array
        Stress at t = 0 [Pa].
    time_s : float or array
        Time at temperature, >= 0 [s].
    relaxation_time_s : float
        tau > 0 [s].

    Returns
    -------
    float or array
        [Pa].

    Examples
    --------
    >>> round(maxwell_relaxation(100e6, 3600.0, 3600.0) / 1e6, 3)
    36.788
    """
    s0 = check_finite(stress0_Pa, "stress0_Pa", "Pa")
    t = check_nonnegative(time_s, "time_s", "s")
    tau = check_positive(relaxation_time_s, "relaxation_time_s", "s")
    return as_output(s0 * np.exp(-t / tau))


def mean_maxwell_stress(stress0_Pa, duration_s, relaxation_time_s):
    """Time average of :func:`maxwell_relaxation` over 0..t: sigma0 tau/t (1 - exp(-t/tau)) (sigma0 at t = 0).

    Examples
    --------
    >>> round(mean_maxwell_stress(100e6, 3600.0, 3600.0) / 1e6, 3)
    63.212
    >>> mean_maxwell_stress(100e6, 0.0, 3600.0) / 1e6
    100.0
    """
    s0 = check_finite(stress0_Pa, "stress0_Pa", "Pa")
    t = check_nonnegative(duration_s, "duration_s", "s")
    tau = check_positive(relaxation_time_s, "relaxation_time_s", "s")
    x = np.asarray(t / tau, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(x > 1e-12, -np.expm1(-x) / np.where(x > 1e-12, x, 1.0), 1.0)
    return as_output(s0 * frac)


def maxwell_stress_history(time_s, elastic_stress_Pa, relaxation_time_s, stress0_Pa: float | None = None):
    """Maxwell response (cellsim R1) to a driving elastic-stress history, exact for piecewise-linear driving.

    Parameters
    ----------
    time_s : array_like
        Increasing times t_0 < t_1 < ... [s].
    elastic_stress_Pa : array_like
        sigma_el(t_k) [Pa], linear between the times.
    relaxation_time_s : float or array_like
        tau > 0 [s]: one value, or one per interval (len(time_s) - 1), e.g. at each interval's mean temperature.
    stress0_Pa : float, optional
        sigma(t_0) [Pa]; default sigma_el(t_0) (no relaxation before t_0).

    Returns
    -------
    ndarray
        sigma(t_k) [Pa].

    Notes
    -----
    Over an interval of length h with constant tau and d sigma_el/dt = r, the exact solution is
    sigma_{k+1} = sigma_k exp(-h/tau) + r tau (1 - exp(-h/tau)); no time-step error.

    Examples
    --------
    A ramp of rate r from zero gives r tau (1 - exp(-t/tau)):

    >>> s = maxwell_stress_history([0.0, 50.0, 100.0], [0.0, 5e6, 1e7], 100.0)
    >>> round(float(s[-1]) / 1e6, 4), round(float(1e5 * 100 * (1 - np.exp(-1))) / 1e6, 4)
    (6.3212, 6.3212)
    """
    t = check_finite(np.asarray(time_s, dtype=float), "time_s", "s")
    se = check_finite(np.asarray(elastic_stress_Pa, dtype=float), "elastic_stress_Pa", "Pa")
    if t.ndim != 1 or t.shape != se.shape or len(t) < 2:
        raise ParameterError("time_s", t.shape, f"1-D arrays of >= 2 times matching elastic_stress_Pa {se.shape}")
    h = np.diff(t)
    if np.any(h <= 0):
        raise ParameterError("time_s", float(t[np.argmax(h <= 0) + 1]), "increasing times")
    tau = np.broadcast_to(check_positive(relaxation_time_s, "relaxation_time_s", "s"), h.shape)
    decay = np.exp(-h / tau)
    gain = np.diff(se) / h * tau * -np.expm1(-h / tau)
    out = np.empty_like(t)
    out[0] = se[0] if stress0_Pa is None else float(stress0_Pa)
    for k in range(len(h)):
        out[k + 1] = out[k] * decay[k] + gain[k]
    return out


def cooling_relaxation_factor(temperature_from_K: float, temperature_to_K: float, cooling_rate_K_s: float,
                              tau_of_T, n_steps: int = 400) -> float:
    """Share of the elastic thermal stress left at the end of a linear cooling with Maxwell relaxation.

    Parameters
    ----------
    temperature_from_K, temperature_to_K : float
        Stress-free (solidification) and final temperature [K], from > to.
    cooling_rate_K_s : float
        |dT/dt| > 0 [K.s-1].
    tau_of_T : callable
        tau(T) [s] (e.g. :func:`relaxation_time` with the material's data bound).
    n_steps : int
        Temperature intervals (tau taken at each interval's mid temperature).

    Returns
    -------
    float
        sigma(T_to) / sigma_el(T_to), in (0, 1]: the elastic thermal stress is linear in the temperature drop, so
        one factor scales every component of the residual stress.

    Notes
    -----
    :func:`maxwell_stress_history` of sigma_el(t) = T_from - T(t) (unit stress per kelvin) on a uniform time
    grid. With a constant tau it is tau r (1 - exp(-t_c / tau)) / (r t_c), t_c = (T_from - T_to) / r.

    Examples
    --------
    >>> f = cooling_relaxation_factor(573.15, 373.15, 0.1, lambda T: 1000.0)
    >>> round(f, 4), round(float(1000.0 / 2000.0 * (1 - np.exp(-2.0))), 4)
    (0.4323, 0.4323)
    """
    if not temperature_from_K > temperature_to_K:
        raise ParameterError("temperature_from_K", temperature_from_K, f"> temperature_to_K = {temperature_to_K} K")
    rate = check_positive(cooling_rate_K_s, "cooling_rate_K_s", "K.s-1")
    if n_steps < 10:
        raise ParameterError("n_steps", n_steps, ">= 10")
    T = np.linspace(temperature_from_K, temperature_to_K, n_steps + 1)
    t = (temperature_from_K - T) / rate
    tau = np.asarray([tau_of_T(x) for x in 0.5 * (T[1:] + T[:-1])], dtype=float)
    s = maxwell_stress_history(t, temperature_from_K - T, tau)
    return float(s[-1] / (temperature_from_K - temperature_to_K))
