"""Conductivity vs temperature: review eq. 1 with anchor points and phase transitions."""
import numpy as np
import pytest

from cellsim.constants import BOLTZMANN_EV
from cellsim.electrolyte.conductivity import arrhenius_conductivity, effective_conductivity, electrolyte_conductivity
from cellsim.errors import ParameterError
from cellsim.parameters import load_electrolyte


def test_li3ocl_room_temperature():
    # Review section 3 (Zhao & Daemen 2012): 0.85 mS/cm at room temperature
    sigma = electrolyte_conductivity(load_electrolyte("Li3OCl"), 298.15)
    assert sigma == pytest.approx(0.085, rel=1e-9)


def test_arrhenius_slope_recovers_activation_energy():
    # d ln(sigma T) / d(1/T) = -Ea/kB exactly for eq. 1
    T = np.array([300.0, 400.0])
    s = arrhenius_conductivity(T, 0.085, 298.15, 0.26)
    slope = np.diff(np.log(s * T)) / np.diff(1 / T)
    assert -slope[0] * BOLTZMANN_EV == pytest.approx(0.26, rel=1e-12)


def test_li2ohcl_jump_across_transition():
    # Review section 3: < 1e-8 S/cm orthorhombic at RT, 1e-4 S/cm cubic at 50 degC; transition 35 degC
    e = load_electrolyte("Li2(OH)Cl")
    ratio = electrolyte_conductivity(e, 273.15 + 40) / electrolyte_conductivity(e, 273.15 + 30)
    assert ratio >= 100
    assert electrolyte_conductivity(e, 323.15) == pytest.approx(1e-2)  # 1e-4 S/cm = 1e-2 S/m


def test_default_electrolyte_comes_from_its_relative_not_the_cell():
    # issue 13: Li1.9(OH)Cl0.9 takes bulk and grain boundary from measured relatives, nothing fitted to the cell
    e = load_electrolyte("Li1.9(OH)Cl0.9")
    assert e.sources["temperature_min"].startswith("assumed:")
    for src in (e.conductivity.sources["conductivity_ref"], e.conductivity.sources["activation_energy"],
                *e.grain_boundary.sources.values()):
        assert not src.startswith("fitted")
    # bulk = cubic Li2(OH)Cl (review sections 3 and 8.1); at 100 degC 4.16e-4 S/cm, within 10x of its neighbour
    # Li2(OH)0.9F0.1Cl (1.9e-3 S/cm, review section 3)
    assert electrolyte_conductivity(e, 373.15) == pytest.approx(
        electrolyte_conductivity(load_electrolyte("Li2(OH)Cl"), 373.15), rel=1e-12)
    assert electrolyte_conductivity(e, 373.15) == pytest.approx(4.157e-2, rel=1e-3)
    assert 0.1 < electrolyte_conductivity(e, 373.15) / 0.19 < 10
    # bulk Ea inside the related materials' measured range (review: Li3OCl 0.26 eV, section 5.3.4, to
    # Li2(OH)0.9F0.1Cl 0.54 eV, section 3); the boundary's higher than the bulk's (Dawson 2018, section 5.3.4)
    assert 0.26 <= e.conductivity.activation_energy <= 0.54
    assert e.grain_boundary.activation_energy > e.conductivity.activation_energy


def test_outside_range_warns_or_errors():
    e = load_electrolyte("Li3OCl")
    with pytest.warns(RuntimeWarning, match=r"outside the data range of Li3OCl"):
        electrolyte_conductivity(e, 600.0)
    with pytest.raises(ParameterError, match=r"temperature_K.*Li3OCl"):
        electrolyte_conductivity(e, 600.0, check_range="error")


def test_bad_temperature():
    with pytest.raises(ParameterError, match=r"temperature_K.*-5.0.*150-700 K; did you pass degC"):
        arrhenius_conductivity(-5.0, 0.1, 300, 0.3)


def test_effective_conductivity_bruggeman():
    assert effective_conductivity(1.0, 0.25, 1.5) == pytest.approx(0.125)
    with pytest.raises(ParameterError, match="volume_fraction"):
        effective_conductivity(1.0, 1.5)
