"""Contact loss per cycle (cellsim C3): closed forms, bounds, no loss while the interface is compressed."""
import numpy as np
import pytest

from cellsim.errors import ParameterError
from cellsim.mechanics.contact_loss import contact_loss_fractions, cycle_peak_tension, weibull_failure_probability


def test_weibull_probability():
    assert weibull_failure_probability(60e6, 60e6, 10) == pytest.approx(1 - np.exp(-1), rel=1e-14)
    assert weibull_failure_probability(30e6, 60e6, 10) == pytest.approx(1 - np.exp(-0.5 ** 10), rel=1e-12)
    assert weibull_failure_probability(0.0, 60e6, 10) == 0.0
    assert weibull_failure_probability(-1e8, 60e6, 10) == 0.0


def test_loss_closed_form_and_bounds():
    T = np.array([30e6, 30e6, -5e6, 45e6, 1e9])
    phi = 0.5
    c = contact_loss_fractions(T, 60e6, 10, phi)
    F = weibull_failure_probability(T, 60e6, 10)
    D = phi * (1 - np.cumprod(1 - F))  # D_n = phi (1 - prod (1 - F_k))
    assert np.allclose(c.lost_fraction, D, rtol=1e-12)
    assert np.allclose(np.cumsum(c.loss_per_cycle), D, rtol=1e-12)
    assert c.loss_per_cycle[2] == 0.0  # compressed all cycle: the gap never opens, no loss
    prev = np.concatenate([[0.0], D[:-1]])
    assert np.all(c.loss_per_cycle >= 0) and np.all(c.loss_per_cycle <= phi - prev + 1e-15)
    assert c.lost_fraction[-1] == pytest.approx(phi, rel=1e-9)  # 1 GPa: every isolable particle is lost
    assert c.mean_loss_per_cycle == pytest.approx(D[-1] / 5)


def test_peak_tension_without_and_with_relaxation():
    p0, dP, th = 85e6, -61e6, 20000.0
    elastic = cycle_peak_tension(p0, dP, th, 1e30, 3)
    assert np.allclose(elastic, -(p0 + dP), rtol=1e-9)  # interface stays compressed at 24 MPa
    # with tau << cycle the stress follows the driving rate only: peak |s| ~ tau |dP| / th
    fast = cycle_peak_tension(p0, dP, th, 10.0, 3)
    assert np.allclose(fast[1:], 10.0 * abs(dP) / th, rtol=0.02)
    # relaxation of the 85 MPa compression opens the contact in steady cycling
    mid = cycle_peak_tension(p0, dP, th, 2e4, 30)
    assert mid[-1] > 0 and mid[-1] > mid[0]


def test_bad_input():
    with pytest.raises(ParameterError, match="isolable_fraction"):
        contact_loss_fractions([1e6], 60e6, 10, 1.5)
    with pytest.raises(ParameterError, match="interface_strength"):
        contact_loss_fractions([1e6], -60e6, 10, 0.5)
    with pytest.raises(ParameterError, match="cycles"):
        cycle_peak_tension(1e6, -1e6, 100.0, 100.0, 0)
    with pytest.raises(ParameterError, match="relaxation_time_s"):
        cycle_peak_tension(1e6, -1e6, 100.0, -100.0, 2)
