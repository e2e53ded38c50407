"""cellsim.conductivity: bulk + grain boundaries (brick layer or segregation model) + stress, and the cell's use."""
import dataclasses

import numpy as np
import pytest

import cellsim
from cellsim.cli import main
from cellsim.electrolyte.conductivity import total_conductivity
from cellsim.errors import ParameterError
from cellsim.parameters import available, load_electrolyte


def test_every_library_material_has_a_conductivity():
    names = available("electrolyte")
    assert len(names) >= 12
    for name in names:
        e = load_electrolyte(name)
        for T in (e.temperature_min, e.temperature_max):
            sigma = cellsim.conductivity(name, T)
            assert np.isfinite(sigma) and sigma > 0, name


def test_li3obr_pellet_split_is_reproduced_at_its_grain_size():
    # Review section 5.3.4: 8.8 kOhm bulk, 83.0 kOhm grain boundary in one Li3OBr pellet (ref. 86), whose total
    # is the 1e-6 S/cm of section 3: at the pellet's grain size the brick layer gives both back exactly
    from cellsim.electrolyte.grain_boundary import brick_layer
    from cellsim.electrolyte.conductivity import grain_boundary_conductivity

    e = load_electrolyte("Li3OBr")
    d = e.grain_boundary.grain_size
    # (rel 2e-3: the anchor split total x (1 + R) neglects the boundary width, w/d = 1e-3)
    assert cellsim.conductivity("Li3OBr", 298.15, d) == pytest.approx(1e-6 * 100, rel=2e-3)  # S/m
    sigma_gb, width = grain_boundary_conductivity(e, 298.15)
    split = brick_layer(cellsim.conductivity("Li3OBr", 298.15), sigma_gb, d, width)
    R = e.grain_boundary.resistance_ratio  # 9.43, i.e. 83.0/8.8 to the 3 digits stored
    assert split.gb_resistance_fraction == pytest.approx(R / (1 + R), rel=1e-12)
    assert split.gb_resistance_fraction == pytest.approx(83.0 / (8.8 + 83.0), rel=1e-4)


def test_conductivity_rises_with_grain_size_towards_bulk():
    sizes = [50e-9, 500e-9, 5e-6, 50e-6, 5e-3]
    s = [cellsim.conductivity("Li3OBr", 373.15, d) for d in sizes]
    assert np.all(np.diff(s) > 0)
    assert s[-1] == pytest.approx(cellsim.conductivity("Li3OBr", 373.15), rel=2e-3)


def test_segregation_model_hands_its_factor_to_the_conductivity():
    from cellsim.electrolyte.segregation import conductivity_factor

    bulk = cellsim.conductivity("Li3OCl", 373.15)
    seg = cellsim.conductivity("Li3OCl", 373.15, 16e-9, gb_model="segregation")
    assert seg / bulk == pytest.approx(conductivity_factor(16e-9, 373.15), rel=1e-9)
    assert seg / bulk < 0.2  # review section 5.3.4: strong suppression at 16 nm grains


def test_segregation_model_refuses_a_material_without_segregation_data():
    # issue 11: Na3OBr has no segregation set; Li3OCl's must not be borrowed
    with pytest.raises(ParameterError, match=r"parameter 'gb_model' = 'segregation'.*'brick-layer' for Na3OBr.*"
                                             r"'Na3OBr' has no segregation data.*\['Li3OCl'\]"):
        cellsim.conductivity("Na3OBr", 500.0, 1e-6, gb_model="segregation")
    # without a grain size no boundary model is used, so the stored conductivity is returned as before
    assert cellsim.conductivity("Na3OBr", 500.0, gb_model="segregation") == cellsim.conductivity("Na3OBr", 500.0)


def test_tension_raises_and_compression_lowers_conductivity():
    bulk = cellsim.conductivity("Li3OCl", 373.15)
    assert cellsim.conductivity("Li3OCl", 373.15, pressure_Pa=-1e8) > bulk > cellsim.conductivity(
        "Li3OCl", 373.15, pressure_Pa=1e8)
    # materials without a migration-volume entry need one given explicitly
    with pytest.raises(ParameterError, match="migration_volume"):
        cellsim.conductivity("Li3OBr", 373.15, pressure_Pa=1e8)
    k = cellsim.conductivity("Li3OBr", 373.15, pressure_Pa=-1e8, activation_volume_m3=1e-29) / cellsim.conductivity(
        "Li3OBr", 373.15)
    assert k == pytest.approx(np.exp(1e8 * 1e-29 / (1.380649e-23 * 373.15)), rel=1e-9)


def test_li3ocl_pressure_effect_uses_its_migration_volume():
    # referee (issue 14): Li3OCl's 0.26 eV rules out intrinsic Frenkel carriers, so its pressure effect is the
    # 2.8 A3 migration volume of mechanics/migration_volume.toml, not half the 43.7 A3 Frenkel volume (21.85 A3).
    # By hand at -100 MPa, 373.15 K: exp(1e8 x 2.8e-30 / (1.380649e-23 x 373.15)) = exp(0.054346) = 1.05585
    k = cellsim.conductivity("Li3OCl", 373.15, pressure_Pa=-1e8) / cellsim.conductivity("Li3OCl", 373.15)
    assert k == pytest.approx(1.05585, abs=1e-5)
    # with 21.85 A3 it would have been exp(0.4241) = 1.528


def test_an_electrolyte_file_cannot_carry_its_own_activation_volume(tmp_path):
    # one source of truth: the electrolyte schema has no activation_volume key (mechanics/migration_volume.toml)
    from cellsim.parameters.loader import builtin_dir

    text = (builtin_dir() / "electrolytes" / "Li3OBr.toml").read_text()
    bad = text.replace("\n[", '\nactivation_volume = {value = 2.8, unit = "A3", source = "assumed: test"}\n\n[', 1)
    assert bad != text
    (tmp_path / "X.toml").write_text(bad)
    with pytest.raises(ParameterError, match="activation_volume"):
        load_electrolyte(tmp_path / "X.toml")


@pytest.mark.parametrize("kwargs, key", [
    (dict(grain_size_m=0.0), "grain_size_m"),
    (dict(grain_size_m=-1e-6), "grain_size_m"),
    (dict(grain_size_m=1e-6, gb_model="voronoi"), "gb_model"),
])
def test_bad_input(kwargs, key):
    with pytest.raises(ParameterError) as err:
        cellsim.conductivity("Li3OBr", 298.15, **kwargs)
    assert err.value.key == key


def test_grain_size_needs_grain_boundary_data():
    with pytest.raises(ParameterError, match="grain_boundary"):
        cellsim.conductivity("Li2(OH)Cl", 373.15, 1e-6)


def test_cell_uses_library_material_and_grain_size(default_design):
    from cellsim.cell.model import CellMaterials, inputs_at

    d = dataclasses.replace(default_design, electrolyte="Li3OCl", grain_size=200e-9)
    sigma = inputs_at(CellMaterials.load(d), 373.15).electrolyte_conductivity_S_m
    assert sigma == pytest.approx(total_conductivity(load_electrolyte("Li3OCl"), 373.15, 200e-9))
    assert sigma < cellsim.conductivity("Li3OCl", 373.15)
    with pytest.raises(ParameterError, match="Li-ion conductor"):
        CellMaterials.load(dataclasses.replace(default_design, electrolyte="Na3OBr"))
    with pytest.raises(ParameterError, match="grain_size"):  # Li2(OH)Cl: no GB data
        CellMaterials.load(dataclasses.replace(default_design, electrolyte="Li2(OH)Cl", grain_size=1e-6))


def test_cli_conductivity_with_grain_size_and_fit(tmp_path, capsys):
    assert main(["conductivity", "Li3OBr", "--grain-size", "1um"]) == 0
    assert "1e-06 S/cm" in capsys.readouterr().out  # the measured pellet (review section 3)
    csv = tmp_path / "d.csv"
    T = np.array([300.0, 325, 350, 375, 400])
    sigma = 1e6 / T * np.exp(-0.4 / (8.617333262e-5 * T))
    csv.write_text("T [K],sigma [S/m]\n" + "\n".join(f"{t},{s}" for t, s in zip(T, sigma)))
    assert main(["conductivity", "fit", str(csv)]) == 0
    assert "Ea = 0.4000" in capsys.readouterr().out
    assert main(["conductivity", "fit"]) == 2


def test_cell_takes_the_segregation_factor(default_design):
    # issue: grain-boundary segregation -> electrolyte model -> cell
    from cellsim.cell.model import CellMaterials, inputs_at

    d = dataclasses.replace(default_design, electrolyte="Li3OCl", grain_size=16e-9, grain_boundary_model="segregation")
    sigma = inputs_at(CellMaterials.load(d), 373.15).electrolyte_conductivity_S_m
    assert sigma == pytest.approx(cellsim.conductivity("Li3OCl", 373.15, 16e-9, gb_model="segregation"), rel=1e-12)
    assert sigma < 0.2 * cellsim.conductivity("Li3OCl", 373.15)


def test_cell_refuses_segregation_for_a_material_without_its_data(default_design):
    from cellsim.cell.model import CellMaterials

    d = dataclasses.replace(default_design, electrolyte="Li3OBr", grain_size=1e-6, grain_boundary_model="segregation")
    with pytest.raises(ParameterError, match=r"parameter 'grain_boundary_model' = 'segregation'.*'brick-layer' for "
                                             r"Li3OBr.*'Li3OBr' has no segregation data.*\['Li3OCl'\]"):
        CellMaterials.load(d)
