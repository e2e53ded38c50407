"""Which sections a material has (cellsim.parameters.sections), and refusals for missing ones."""
import pytest

from cellsim.errors import ParameterError
from cellsim.mechanics.cycling_strain import material_properties
from cellsim.analysis.tables import dendrite_table
from cellsim.parameters import SECTIONS, materials_with, require, sections


@pytest.mark.parametrize("material, expected", [
    # Li3OCl: electrolyte file with [grain_boundary], parameter_sets/segregation/li3ocl.toml, window, mechanics
    ("Li3OCl", ("conductivity", "grain_boundary", "segregation", "window", "elastic", "thermal")),
    ("li3 ocl", ("conductivity", "grain_boundary", "segregation", "window", "elastic", "thermal")),
    # file stem of Li1.9(OH)Cl0.9; elastic/thermal through its data_from entries (Li2(OH)Cl)
    ("Li1.9OHCl0.9", ("conductivity", "grain_boundary", "window", "elastic", "thermal")),
    ("NCM111", ("elastic", "thermal", "cycling_strain")),
    ("Na3OBr", ("conductivity", "elastic")),  # no window (vs Na/Na+), no segregation data
    ("LLZO", ("window",)),                    # window alias of Li7La3Zr2O12
    ("unobtainium", ()),
])
def test_sections(material, expected):
    assert sections(material) == expected
    assert set(expected) <= set(SECTIONS)


def test_materials_with_lists_names_not_stems():
    assert materials_with("segregation") == ["Li3OCl"]
    assert "Li1.9(OH)Cl0.9" in materials_with("conductivity") and "Li1.9OHCl0.9" not in materials_with("conductivity")
    with pytest.raises(ParameterError, match="section.*one of"):
        materials_with("colour")


def test_require_refuses_with_the_materials_that_have_it():
    assert require("Li2OHCl", "window") == "Li2(OH)Cl"
    with pytest.raises(ParameterError, match=r"'Na3OBr' has none\. Materials with segregation data: \['Li3OCl'\]"):
        require("Na3OBr", "segregation", what="gb_model='segregation'")


def test_mechanics_refuse_rather_than_borrow():
    with pytest.raises(ParameterError, match=r"Na3OBr.*thermal data.*Materials with thermal data: \[.*'NCM111'"):
        material_properties("Na3OBr")  # has elastic data, no thermal expansion
    with pytest.raises(ParameterError, match=r"Li3OBr.*elastic data"):
        material_properties("Li3OBr")
    with pytest.raises(ParameterError, match=r"Li2\(OH\)Br.*elastic data.*Li3OCl"):
        dendrite_table(materials=["Li2(OH)Br"])


_USER_WINDOW = '''
kind = "electrolyte"
[materials."Li3OI"]
aliases = ["lithium oxyiodide"]
[[materials."Li3OI".windows]]
id = "mine"
source = "assumed: a test entry"
lower = {value = 0.0, unit = "V", source = "assumed: test entry"}
upper = {value = 2.1, unit = "V", source = "assumed: test entry"}
'''

_USER_ELASTIC = '''
["Li3OI"]
youngs_modulus = {value = 40.0, unit = "GPa", source = "assumed: test entry"}
poisson_ratio = {value = 0.25, unit = "1", source = "assumed: test entry"}
["Li3OCl"]
youngs_modulus = {value = 50.0, unit = "GPa", source = "assumed: a user's own value"}
poisson_ratio = {value = 0.3, unit = "1", source = "assumed: a user's own value"}
'''


def test_user_folders_add_windows_and_mechanics_entries(tmp_path, monkeypatch):
    from cellsim.parameters.mechanics import load_elastic
    from cellsim.parameters.windows import window

    (tmp_path / "windows").mkdir()
    (tmp_path / "windows" / "mine.toml").write_text(_USER_WINDOW)
    (tmp_path / "mechanics").mkdir()
    (tmp_path / "mechanics" / "elastic.toml").write_text(_USER_ELASTIC)
    assert sections("Li3OI") == ()
    monkeypatch.setenv("CELLSIM_PARAMETER_PATH", str(tmp_path))
    assert sections("Li3OI") == ("window", "elastic")
    assert "Li3OI" in materials_with("window") and "Li3OI" in materials_with("elastic")
    assert window("lithium oxyiodide").upper == 2.1 and window("Li3OCl").upper == 2.55  # shipped ones still there
    elastic = load_elastic()
    assert elastic["Li3OCl"]["youngs_modulus"] == 50e9  # the user's entry wins
    assert "shear_modulus" not in elastic["Li3OCl"].values and elastic["LiPON"]["youngs_modulus"] == 77e9
    monkeypatch.delenv("CELLSIM_PARAMETER_PATH")
    assert sections("Li3OI", dirs=[tmp_path]) == ("window", "elastic")  # the same through dirs
    assert load_elastic()["Li3OCl"]["youngs_modulus"] != 50e9


def test_data_from_borrows_only_where_the_file_says_so(tmp_path):
    from cellsim.errors import ParameterError as PE
    from cellsim.parameters.mechanics import load_elastic, load_table, load_thermal_expansion

    e, t = load_elastic(), load_thermal_expansion()
    borrowed = e["Li1.9(OH)Cl0.9"]
    assert borrowed.data_from == "Li2(OH)Cl" and dict(borrowed.values) == dict(e["Li2(OH)Cl"].values)
    assert all(s.startswith("assumed:") for s in borrowed.sources.values())
    assert t["Li1.9(OH)Cl0.9"]["thermal_expansion"] == t["Li2(OH)Cl"]["thermal_expansion"]
    bad = tmp_path / "elastic.toml"
    bad.write_text('["X"]\ndata_from = {material = "Y", source = "assumed: test"}\n')
    with pytest.raises(PE, match=r"X\.data_from\.material.*data of its own"):
        load_table(bad)
    bad.write_text('["X"]\ndata_from = "Li3OCl"\n')
    with pytest.raises(PE, match=r"X\.data_from"):
        load_table(bad)
