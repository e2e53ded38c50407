"""The interphase growth law (cellsim.stability.interphase) against closed forms."""
import numpy as np
import pytest

from cellsim.constants import FARADAY
from cellsim.errors import ParameterError
from cellsim.stability.interphase import (contact_factor, electrolyte_volume_ratio, grow_over_cycles,
                                          growth_current_density, maximum_thickness, protection_factor,
                                          transport_coefficient)

V_M, Z = 30.4e-6, 1.0  # product molar volume [m3.mol-1], Li+ per formula unit


def test_deal_grove_closed_form():
    # constant j_r, electrolyte never short (eps_0 huge against what is used): dL/dt = s j_r / (1 + j_r L / K),
    # s = V_m / (F z), integrates to L + j_r L^2 / (2 K) = s j_r t (Deal & Grove 1965, eq. 6 form)
    s, j_r, K = V_M / (FARADAY * Z), 1e-2, 1e-10
    t = np.linspace(0, 3.6e4, 50)
    L = grow_over_cycles(t, np.full_like(t, j_r), 5, K, V_M, Z, 1e6, 1.0, 1.0)
    T_end = t[-1] * np.arange(1, 6)
    exact = K / j_r * (-1 + np.sqrt(1 + 2 * j_r ** 2 * s * T_end / K))
    assert L == pytest.approx(exact, rel=1e-5)


def test_parabolic_limit_is_k_p():
    # thick film: j -> K / L, L^2 -> k_p t with K = F z k_p / (2 V_m) (eq. 1 of transport_coefficient)
    k_p = 1e-20
    K = transport_coefficient(k_p, V_M, Z)
    t = np.linspace(0, 1e6, 20)
    L = grow_over_cycles(t, np.full_like(t, 1e3), 1, K, V_M, Z, 1e6, 1.0, 1.0)[-1]
    assert L ** 2 == pytest.approx(k_p * t[-1], rel=1e-3)


def test_exposed_fraction_limits():
    # thin film: f j_r; thick film: f^2 K / L (local thickness L / f on the exposed fraction f)
    assert growth_current_density(1e-3, 0.0, 1e-10, 0.3) == pytest.approx(3e-4, rel=1e-12)
    assert growth_current_density(1e6, 1e-6, 1e-10, 0.3) == pytest.approx(0.09 * 1e-10 / 1e-6, rel=1e-6)


def test_growth_stops_at_the_electrolyte_available():
    # fast growth on a small electrolyte budget: L -> eps_0 / (a nu V_e / V_m) and no further
    ratio = electrolyte_volume_ratio(1.0, 36.0e-6, V_M)
    assert ratio == pytest.approx(36.0 / 30.4, rel=1e-12)
    L_max = maximum_thickness(0.38, 3.92e5, ratio)
    t = np.linspace(0, 3.6e4, 50)
    L = grow_over_cycles(t, np.full_like(t, 1.0), 200, 1e-6, V_M, Z, 0.38, 3.92e5, ratio)
    assert np.all(L <= L_max * (1 + 1e-9))
    assert L[-1] == pytest.approx(L_max, rel=1e-3)
    assert np.all(np.diff(L) >= -1e-15)
    assert float(contact_factor(-0.01, 0.38)) == 0.0


def test_protection_factor_and_bad_input():
    # no coating: the whole surface; a thick, complete coating: nothing (exp(-L / lambda))
    assert protection_factor(0.0, 2e-9, 1e-10) == pytest.approx(1.0)
    assert protection_factor(1.0, 2e-9, 1e-10) == pytest.approx(np.exp(-20), rel=1e-12)
    with pytest.raises(ParameterError, match=r"coating.coverage.*1.5.*0 <= coating.coverage <= 1"):
        protection_factor(1.5, 2e-9, 1e-10)
    with pytest.raises(ParameterError, match=r"coating.electron_decay_length.*-1e-10.*> 0 m"):
        protection_factor(0.5, 2e-9, -1e-10)


def test_film_area_and_the_two_growth_limits():
    # bare patches (no tunnelling): the product covers 1 - theta and grows there at the local thickness L / A;
    # a complete coating that electrons tunnel through: a uniform film (A = 1) growing at f j_r in series with
    # transport through all of L (Deal-Grove with the reaction slowed, not the transport)
    from cellsim.stability.interphase import film_area_fraction

    assert film_area_fraction(0.3, 1e-6, 1e-10) == pytest.approx(0.7, rel=1e-12)
    assert film_area_fraction(1.0, 2e-9, 0.11e-9) == pytest.approx(1.0, rel=1e-12)
    assert film_area_fraction(1.0, 1e-6, 1e-10) == 1.0  # tunnelling underflows: still one uniform (empty) film
    t = np.exp(-0.5)
    f = 0.5 + 0.5 * t
    assert film_area_fraction(0.5, 0.5e-9, 1e-9) == pytest.approx(np.sqrt(f ** 3 / (0.5 + 0.5 * t ** 3)), rel=1e-12)
    assert film_area_fraction(0.5, 0.0, 1e-9) == pytest.approx(1.0, rel=1e-12)  # no protection: one uniform film
    jr, L, K = 10.0, 5e-7, 1e-9
    uniform = growth_current_density(jr, L, K, t, 1.0)
    assert uniform == pytest.approx(t * jr / (1 + t * jr * L / K), rel=1e-12)
    assert growth_current_density(jr, L, K, 0.3) == pytest.approx(0.3 * jr / (1 + jr * L / (0.3 * K)), rel=1e-12)
    # thick films: parabolic, j -> A^2 K / L, so a uniform film through a tunnelled coating ends as fast as a bare one
    assert growth_current_density(1e9, L, K, 1e-3, 1.0) == pytest.approx(K / L, rel=1e-3)
