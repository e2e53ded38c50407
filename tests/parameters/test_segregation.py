"""cellsim.parameters.segregation: segregation sets, one per material, found on the parameter search path."""
import dataclasses

import pytest

import cellsim
from cellsim.errors import ParameterError, UnknownNameError
from cellsim.parameters import load_electrolyte
from cellsim.parameters.loader import builtin_dir, read_toml
from cellsim.parameters.segregation import (SegregationParameters, load_parameters, load_segregation,
                                            segregation_materials)

LI3OCL = builtin_dir() / "segregation" / "li3ocl.toml"


def test_parameter_file_errors(tmp_path):
    good = LI3OCL.read_text()
    bad_key = tmp_path / "bad_key.toml"
    bad_key.write_text(good.replace("trap_depth =", "trap_deep ="))
    with pytest.raises(ParameterError, match=r"did you mean 'trap_depth'"):
        load_parameters(bad_key)
    no_source = tmp_path / "no_source.toml"
    no_source.write_text(good.replace('gb_width = {value = 1.0, unit = "nm", source',
                                      'gb_width = {value = 1.0, unit = "nm", sauce'))
    with pytest.raises(ParameterError, match=r"parameters.gb_width.*source"):
        load_parameters(no_source)
    bad_unit = tmp_path / "bad_unit.toml"
    bad_unit.write_text(good.replace('gb_width = {value = 1.0, unit = "nm"', 'gb_width = {value = 1.0, unit = "eV"'))
    with pytest.raises(ParameterError, match=r"gb_width.unit.*a unit of m"):
        load_parameters(bad_unit)
    no_material = tmp_path / "no_material.toml"
    no_material.write_text(good.replace('material = "Li3OCl"\n', ""))
    with pytest.raises(ParameterError, match=r"parameter 'material' = None.*material = \"Li3OCl\""):
        load_parameters(no_material)


def test_out_of_range_override_rejected():
    with pytest.raises(ParameterError, match=r"bulk_diffusivity_prefactor_m2_s.*cannot be negative"):
        load_parameters(bulk_diffusivity_prefactor_m2_s=-1e-7)
    with pytest.raises(UnknownNameError, match=r"override.*did you mean 'trap_depth_eV'"):
        load_parameters(trap_depth=0.2)


def test_parameter_file_labels_sources_and_fresh_objects():
    table = read_toml(LI3OCL)["parameters"]
    assert all(set(v) == {"value", "unit", "source"} and v["source"].strip() for v in table.values())
    assert table["trap_depth"]["source"].startswith("fitted:")
    assert table["gb_activation_energy"]["source"].startswith("fitted:")
    p = load_parameters()
    assert p is not load_parameters()
    assert dict(p.sources) == {k: v["source"] for k, v in table.items()}


def test_each_set_names_an_electrolyte_of_the_library():
    materials = segregation_materials()
    assert materials == ["Li3OCl"]  # the one set shipped today (Review section 5.3.4)
    for name in materials:
        p = load_segregation(name)
        assert isinstance(p, SegregationParameters) and p.material == name
        assert load_electrolyte(name).name == name
    assert load_parameters() == load_segregation("Li3OCl")


def test_material_without_segregation_data_is_refused():
    with pytest.raises(UnknownNameError, match=r"parameter 'material \(segregation data\)' = 'Na3OBr'.*\['Li3OCl'\]"):
        load_segregation("Na3OBr")


def test_user_folder_adds_a_material(tmp_path):
    (tmp_path / "segregation").mkdir()
    text = LI3OCL.read_text().replace('material = "Li3OCl"', 'material = "Li3OBr"')
    (tmp_path / "segregation" / "li3obr.toml").write_text(text.replace("value = 0.1857", "value = 0.25"))
    assert segregation_materials([tmp_path]) == ["Li3OBr", "Li3OCl"]
    p = load_segregation("Li3OBr", [tmp_path])
    assert p.material == "Li3OBr" and p.trap_depth_eV == pytest.approx(0.25, rel=1e-12)
    assert load_segregation("Li3OCl", [tmp_path]).trap_depth_eV == pytest.approx(0.1857, rel=1e-12)
    # the conductivity uses the material's own set, found in the same folders
    sigma = cellsim.conductivity("Li3OBr", 373.15, 16e-9, gb_model="segregation", dirs=[tmp_path])
    from cellsim.electrolyte.segregation import conductivity_factor

    assert sigma / cellsim.conductivity("Li3OBr", 373.15) == pytest.approx(conductivity_factor(16e-9, 373.15, p),
                                                                             rel=1e-9)


def test_sets_are_frozen_and_copied_with_replace():
    p = load_parameters()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.trap_depth_eV = 0.0
    q = p.without_segregation()
    assert q.trap_depth_eV == 0.0 and p.trap_depth_eV > 0 and q.material == p.material
