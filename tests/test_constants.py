"""cellsim.constants: the CODATA values from scipy.constants are consistent with each other."""
import pytest

from cellsim import constants as c


def test_faraday_is_elementary_charge_times_avogadro():
    # F = e N_A exactly in the 2019 SI; the tolerance is the rounding of one product
    assert c.FARADAY == pytest.approx(c.ELEMENTARY_CHARGE * c.AVOGADRO, rel=1e-12)


def test_boltzmann_in_ev_is_boltzmann_over_elementary_charge():
    assert c.BOLTZMANN_EV * c.ELEMENTARY_CHARGE == pytest.approx(c.BOLTZMANN, rel=1e-12)


def test_gas_constant_is_boltzmann_times_avogadro():
    assert c.GAS_CONSTANT == pytest.approx(c.BOLTZMANN * c.AVOGADRO, rel=1e-12)


def test_si_2019_exact_values():
    # defining constants of the 2019 SI (exact), so the comparison is exact
    assert c.ELEMENTARY_CHARGE == 1.602176634e-19
    assert c.BOLTZMANN == 1.380649e-23
    assert c.AVOGADRO == 6.02214076e23
