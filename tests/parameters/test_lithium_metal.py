"""Lithium-metal data of the dendrite criteria (formerly constants in mechanics/dendrite.py)."""
import pytest

from cellsim.parameters.mechanics import load_lithium_metal


def test_lithium_metal_values_and_sources():
    li = load_lithium_metal()
    # CRC: M = 6.941 g/mol, rho = 0.534 g/cm3 -> 13.0 cm3/mol; Review 6.4: G = 8.5/2 GPa, Tm = 180.5 degC
    assert li.molar_volume == pytest.approx(6.941e-3 / 534.0, rel=1e-15)
    assert li.shear_modulus_298K == pytest.approx(4.25e9) and li.melting_temperature == pytest.approx(453.65)
    assert li.poisson_ratio == 0.42 and li.monroe_newman_electrolyte_poisson_ratio == 0.33  # Monroe & Newman 2005
    assert set(li.sources) == {"shear_modulus_298K", "poisson_ratio", "melting_temperature", "molar_mass", "density",
                               "shear_modulus_temperature_slope", "monroe_newman_electrolyte_poisson_ratio"}
    assert li.sources["shear_modulus_temperature_slope"].startswith("assumed:")
