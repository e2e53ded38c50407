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
                               "shear_modulus_temperature_slope", "monroe_newman_electrolyte_poisson_ratio",
                               "surface_energy"}
    assert li.sources["shear_modulus_temperature_slope"].startswith("assumed:")
    # Ahmad & Viswanathan's surface energy of Li (their screening code's gammaLi)
    assert li.surface_energy == 0.556 and "Ahmad & Viswanathan" in li.sources["surface_energy"]


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


def test_li_ion_volume_from_shannon_radii(tmp_path):
    from cellsim.errors import ParameterError
    from cellsim.parameters.mechanics import load_elastic, load_li_ion_volume

    table = load_li_ion_volume()
    n_a = 6.02214076e23  # CODATA 2018, exact
    # sphere of Shannon's radius (Acta Cryst. A32, 751 (1976)): CN VI 0.76 A -> 1.1073 cm3/mol; CN IV 0.59 A
    assert table["Li3OCl"][0] == pytest.approx(4 / 3 * 3.141592653589793 * 0.76e-10 ** 3 * n_a, rel=1e-12)
    assert table["Li3OCl"][0] * 1e6 == pytest.approx(1.1073, abs=1e-4)
    assert table["Li10GeP2S12"][0] * 1e6 == pytest.approx(0.5181, abs=1e-4)
    # every Li electrolyte with elastic data has an entry, each with a reason
    li_elastic = {m for m in load_elastic() if m.startswith("Li") and m not in ("Li", "Li3OBr")}
    assert li_elastic <= set(table)
    assert all(src.startswith("assumed: Shannon 1976") for _, src in table.values())
    # a radius outside 0.3-1.5 A, or without a source, is refused with file and key
    bad = tmp_path / "li_ion_volume.toml"
    bad.write_text('[X]\nli_ion_radius = {value = 2.0, unit = "A", source = "assumed: test"}\n')
    with pytest.raises(ParameterError, match=r"X\.li_ion_radius"):
        load_li_ion_volume(bad)
    bad.write_text('[X]\nli_ion_radius = {value = 0.76, unit = "A"}\n')
    with pytest.raises(ParameterError, match="li_ion_radius"):
        load_li_ion_volume(bad)
