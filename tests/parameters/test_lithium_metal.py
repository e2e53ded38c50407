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


def test_molar_volume_per_li_from_unit_cells():
    from cellsim.parameters.mechanics import load_molar_volume_per_li

    table = load_molar_volume_per_li()
    n_a = 6.02214076e23  # CODATA 2018, exact
    # closed forms of the cell volume: cubic a^3 / 3 (Li3OCl), hexagonal sqrt(3)/2 a^2 c / 9 (Li3YCl6)
    assert table["Li3OCl"][0] == pytest.approx(3.907e-10 ** 3 / 3 * n_a, rel=1e-12)
    assert table["Li3YCl6"][0] == pytest.approx(3 ** 0.5 / 2 * 11.2e-10 ** 2 * 6.04e-10 / 9 * n_a, rel=1e-12)
    # triclinic Li7P3S11: the formerly copied 59.24 A^3 per Li, rounded from the same cell
    assert table["Li7P3S11"][0] == pytest.approx(59.24e-30 * n_a, rel=2e-4)
    assert table["Li2(OH)Cl"][1].startswith("unit cell: Xia et al. 2022")  # checked against the Review
    assert all(src.startswith(("assumed:", "unit cell:")) for _, src in table.values())
