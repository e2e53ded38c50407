"""Maxwell stress relaxation of the electrolyte (cellsim R1, R2): closed forms and bad input."""
import numpy as np
import pytest
from scipy.integrate import solve_ivp

from cellsim.constants import GAS_CONSTANT
from cellsim.errors import ParameterError
from cellsim.mechanics.relaxation import (cooling_relaxation_factor, maxwell_relaxation, maxwell_stress_history,
                                          mean_maxwell_stress, relaxation_time)


def test_hold_matches_the_closed_form():
    tau = 6.4 * 3600
    t = np.array([0.0, 0.5, 1.0, 3.0, 10.0]) * tau
    s = maxwell_relaxation(100e6, t, tau)
    assert np.allclose(s, 100e6 * np.exp(-t / tau), rtol=1e-14)
    # the history integrator with a constant driving (a hold) reproduces it from any start
    hist = maxwell_stress_history(t, np.zeros_like(t), tau, stress0_Pa=100e6)
    assert np.allclose(hist, s, rtol=1e-12)
    # time average: sigma0 tau / t (1 - exp(-t/tau))
    assert mean_maxwell_stress(100e6, 2 * tau, tau) == pytest.approx(100e6 * (1 - np.exp(-2)) / 2, rel=1e-12)


def test_history_is_exact_for_piecewise_linear_driving():
    # a sine-like piecewise-linear driving on a coarse grid vs a tight ODE solve of d s/dt = d s_el/dt - s/tau
    t = np.linspace(0.0, 4e4, 9)
    se = 50e6 * np.sin(t / 6e3)
    tau = 8e3
    s = maxwell_stress_history(t, se, tau)
    slopes = np.diff(se) / np.diff(t)

    def rate(x):  # d s_el/dt of the interval holding x
        return slopes[min(np.searchsorted(t, x, side="right") - 1, len(slopes) - 1)]

    ode = solve_ivp(lambda x, y: [rate(x) - y[0] / tau], (0, t[-1]), [se[0]], t_eval=t, rtol=1e-11, atol=1e-3,
                    max_step=100.0)
    assert np.allclose(s, ode.y[0], rtol=1e-7, atol=10.0)


def test_cooling_with_constant_tau_matches_the_ramp_solution():
    # constant tau: s = r tau (1 - exp(-t_c/tau)) per unit elastic stress r t_c
    tau, rate, dT = 1500.0, 0.05, 200.0
    t_c = dT / rate
    f = cooling_relaxation_factor(573.15, 373.15, rate, lambda T: tau)
    assert f == pytest.approx(tau / t_c * (1 - np.exp(-t_c / tau)), rel=1e-10)
    # no relaxation -> 1, fast relaxation -> small
    assert cooling_relaxation_factor(573.15, 373.15, rate, lambda T: 1e30) == pytest.approx(1.0, rel=1e-9)
    assert cooling_relaxation_factor(573.15, 373.15, rate, lambda T: 1.0) < 1e-3


def test_relaxation_time_arrhenius():
    tau = relaxation_time(333.15, 6.4 * 3600, 373.15, 86e3, 313.15, 573.15)
    assert tau == pytest.approx(6.4 * 3600 * np.exp(86e3 / GAS_CONSTANT * (1 / 333.15 - 1 / 373.15)), rel=1e-12)
    assert relaxation_time(373.15, 6.4 * 3600, 373.15, 86e3, 313.15, 573.15) == pytest.approx(6.4 * 3600)


def test_bad_input():
    with pytest.raises(ParameterError, match="relaxation_time_s"):
        maxwell_relaxation(1e8, 10.0, -5.0)  # negative relaxation time
    with pytest.raises(ParameterError, match="relaxation_time_s"):
        relaxation_time(373.15, -1.0, 373.15, 86e3, 313.15, 573.15)
    with pytest.raises(ParameterError, match="temperature_K"):
        relaxation_time(300.0, 6.4 * 3600, 373.15, 86e3, 313.15, 573.15)  # below the data range
    with pytest.raises(ParameterError, match="temperature_K"):
        relaxation_time(600.0, 6.4 * 3600, 373.15, 86e3, 313.15, 573.15)  # above it
    with pytest.raises(ParameterError, match="time_s"):
        maxwell_relaxation(1e8, -1.0, 5.0)
    with pytest.raises(ParameterError, match="time_s"):
        maxwell_stress_history([0.0, 0.0], [1.0, 2.0], 5.0)
    with pytest.raises(ParameterError, match="temperature_from_K"):
        cooling_relaxation_factor(373.15, 573.15, 0.1, lambda T: 1.0)
